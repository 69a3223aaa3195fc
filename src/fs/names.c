/* Calls on names in a directory: unlink, rmdir, mkdir, rename, access,
 * remove. Each is one host call on the directory the path resolves to. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs.h"

typedef wasi_filesystem_types_result_void_error_code_t void_result;

static command_string_t str(const char *s) {
  return (command_string_t) {(uint8_t *) s, strlen(s)};
}

static wasi_filesystem_types_borrow_descriptor_t dir_of(uint32_t d) {
  return (wasi_filesystem_types_borrow_descriptor_t) {(int32_t) d};
}

static int done(void_result *r) {
  return r->is_err ? p3_fs_fail(&r->val.err) : 0;
}

int unlinkat(int dirfd, const char *path, int flags) {
  char buf[PATH_MAX];
  uint32_t dir;
  const char *rel;
  void_result r;
  if (flags & ~AT_REMOVEDIR) {
    errno = EINVAL;
    return -1;
  }
  if (p3_fs_at(dirfd, path, &dir, &rel, buf, sizeof buf) < 0)
    return -1;
  if (flags & AT_REMOVEDIR)
    p3_fs_finish(HOST(
        wasi_filesystem_types_method_descriptor_remove_directory_at(dir_of(dir), str(rel), &r)));
  else
    p3_fs_finish(
        HOST(wasi_filesystem_types_method_descriptor_unlink_file_at(dir_of(dir), str(rel), &r)));
  return done(&r);
}

int unlink(const char *path) {
  return unlinkat(AT_FDCWD, path, 0);
}

int rmdir(const char *path) {
  return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

int remove(const char *path) {
  int r = unlinkat(AT_FDCWD, path, 0);
  if (r < 0 && (errno == EISDIR || errno == EPERM))
    r = unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
  return r;
}

int mkdirat(int dirfd, const char *path, mode_t mode) {
  (void) mode; /* wasi:filesystem has no permissions */
  char buf[PATH_MAX];
  uint32_t dir;
  const char *rel;
  void_result r;
  if (p3_fs_at(dirfd, path, &dir, &rel, buf, sizeof buf) < 0)
    return -1;
  p3_fs_finish(
      HOST(wasi_filesystem_types_method_descriptor_create_directory_at(dir_of(dir), str(rel), &r)));
  return done(&r);
}

int mkdir(const char *path, mode_t mode) {
  return mkdirat(AT_FDCWD, path, mode);
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
  char obuf[PATH_MAX], nbuf[PATH_MAX];
  uint32_t odir, ndir;
  const char *orel, *nrel;
  void_result r;
  if (p3_fs_at(olddirfd, oldpath, &odir, &orel, obuf, sizeof obuf) < 0 ||
      p3_fs_at(newdirfd, newpath, &ndir, &nrel, nbuf, sizeof nbuf) < 0)
    return -1;
  wasi_filesystem_types_method_descriptor_rename_at_args_t a = {dir_of(odir), str(orel),
                                                                dir_of(ndir), str(nrel)};
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_rename_at(&a, &r)));
  return done(&r);
}

int rename(const char *oldpath, const char *newpath) {
  return renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

/* Existence is all the host can tell: a file that exists is readable,
 * writable and (a directory) searchable as far as p3net knows. The host
 * still refuses what it must when the program tries. */
int faccessat(int dirfd, const char *path, int amode, int flags) {
  struct stat st;
  if (amode & ~(R_OK | W_OK | X_OK) || flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW)) {
    errno = EINVAL;
    return -1;
  }
  if (fstatat(dirfd, path, &st, flags & AT_SYMLINK_NOFOLLOW) < 0)
    return -1;
  if ((amode & X_OK) && !S_ISDIR(st.st_mode)) {
    errno = EACCES; /* no execute permission exists in a component */
    return -1;
  }
  return 0;
}

int access(const char *path, int amode) {
  return faccessat(AT_FDCWD, path, amode, 0);
}
