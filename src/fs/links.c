/* Links: link, symlink, readlink and their *at forms, one host call each
 * on the directory the path resolves to. A link's two names must lie in
 * directories the host can see; the target text of a symlink is stored as
 * given and resolved by the host when followed. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/fs.h"

static command_string_t str(const char *s) {
  return (command_string_t) {(uint8_t *) s, strlen(s)};
}

static wasi_filesystem_types_borrow_descriptor_t dir_of(uint32_t d) {
  return (wasi_filesystem_types_borrow_descriptor_t) {(int32_t) d};
}

int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags) {
  char obuf[PATH_MAX], nbuf[PATH_MAX];
  uint32_t odir, ndir;
  const char *orel, *nrel;
  if (flags & ~AT_SYMLINK_FOLLOW) {
    errno = EINVAL;
    return -1;
  }
  if (p3_fs_at(olddirfd, oldpath, &odir, &orel, obuf, sizeof obuf) < 0 ||
      p3_fs_at(newdirfd, newpath, &ndir, &nrel, nbuf, sizeof nbuf) < 0)
    return -1;
  wasi_filesystem_types_method_descriptor_link_at_args_t a = {
      dir_of(odir), flags & AT_SYMLINK_FOLLOW ? WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW : 0,
      str(orel), dir_of(ndir), str(nrel)};
  wasi_filesystem_types_result_void_error_code_t r;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_link_at(&a, &r)));
  return r.is_err ? p3_fs_fail(&r.val.err) : 0;
}

int link(const char *oldpath, const char *newpath) {
  return linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

int symlinkat(const char *target, int dirfd, const char *path) {
  char buf[PATH_MAX];
  uint32_t dir;
  const char *rel;
  if (!target) {
    errno = EFAULT;
    return -1;
  }
  if (!target[0]) {
    errno = ENOENT;
    return -1;
  }
  if (p3_fs_at(dirfd, path, &dir, &rel, buf, sizeof buf) < 0)
    return -1;
  wasi_filesystem_types_method_descriptor_symlink_at_args_t a = {dir_of(dir), str(target),
                                                                 str(rel)};
  wasi_filesystem_types_result_void_error_code_t r;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_symlink_at(&a, &r)));
  return r.is_err ? p3_fs_fail(&r.val.err) : 0;
}

int symlink(const char *target, const char *path) {
  return symlinkat(target, AT_FDCWD, path);
}

/* Like Linux: the text is not NUL-terminated and is cut to bufsize. */
ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict out, size_t bufsize) {
  char buf[PATH_MAX];
  uint32_t dir;
  const char *rel;
  if (!bufsize) {
    errno = EINVAL;
    return -1;
  }
  if (p3_fs_at(dirfd, path, &dir, &rel, buf, sizeof buf) < 0)
    return -1;
  wasi_filesystem_types_result_string_error_code_t r;
  p3_fs_finish(
      HOST(wasi_filesystem_types_method_descriptor_readlink_at(dir_of(dir), str(rel), &r)));
  if (r.is_err)
    return p3_fs_fail(&r.val.err);
  size_t n = r.val.ok.len < bufsize ? r.val.ok.len : bufsize;
  memcpy(out, r.val.ok.ptr, n);
  if (r.val.ok.len)
    free(r.val.ok.ptr);
  return (ssize_t) n;
}

ssize_t readlink(const char *restrict path, char *restrict out, size_t bufsize) {
  return readlinkat(AT_FDCWD, path, out, bufsize);
}
