/* open, openat, creat, and the entry points the sysroot's stdio uses:
 * fopen calls __wasilibc_open_nomode with flags from __fmodeflags, which
 * p3net defines too so that those flags have Linux's values. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "fs/fs.h"

int openat(int dirfd, const char *path, int flags, ...) {
  char buf[PATH_MAX];
  uint32_t dir;
  const char *rel;
  int fd;
  if (path && path[0] == '/') {
    if (p3_fs_normalize(path, buf, sizeof buf) < 0)
      return -1;
    int r = p3_dev_open(buf, flags, &fd);
    if (r)
      return r < 0 ? -1 : fd;
  }
  if (p3_fs_at(dirfd, path, &dir, &rel, buf, sizeof buf) < 0)
    return -1;
  return p3_fs_open(dir, rel, flags);
}

int open(const char *path, int flags, ...) {
  /* The mode of O_CREAT is not used: wasi:filesystem has no permissions. */
  return openat(AT_FDCWD, path, flags);
}

int creat(const char *path, mode_t mode) {
  (void) mode;
  return openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC);
}

int __wasilibc_open_nomode(const char *path, int flags) {
  return openat(AT_FDCWD, path, flags);
}

/* fopen's mode string as open flags: r, w, a, an optional + (and b), x
 * for O_EXCL, e for O_CLOEXEC, as glibc and musl read it. */
int __fmodeflags(const char *mode) {
  int flags = strchr(mode, '+') ? O_RDWR : mode[0] == 'r' ? O_RDONLY : O_WRONLY;
  if (strchr(mode, 'x'))
    flags |= O_EXCL;
  if (strchr(mode, 'e'))
    flags |= O_CLOEXEC;
  if (mode[0] != 'r')
    flags |= O_CREAT;
  if (mode[0] == 'w')
    flags |= O_TRUNC;
  if (mode[0] == 'a')
    flags |= O_APPEND;
  return flags;
}
