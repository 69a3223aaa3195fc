/* fstat, ftruncate, fsync, fdatasync through the file's ops. A file with
 * no stat op (a socket, a pipe, stdio) reports only its type. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd/fd.h"

int fstat(int fd, struct stat *st) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (!st) {
    errno = EFAULT;
    return -1;
  }
  if (f->ops->stat)
    return f->ops->stat(f, st);
  memset(st, 0, sizeof *st);
  st->st_mode = (f->ops->mode ? f->ops->mode : S_IFSOCK) | 0600;
  st->st_nlink = 1;
  st->st_blksize = 4096;
  return 0;
}

int ftruncate(int fd, off_t len) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (!f->ops->truncate || len < 0 || f->ops->access == P3_ACCESS_RDONLY) {
    errno = f->ops->truncate && f->ops->access == P3_ACCESS_RDONLY && len >= 0 ? EBADF : EINVAL;
    return -1;
  }
  return f->ops->truncate(f, len);
}

static int sync_fd(int fd, int data_only) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (!f->ops->sync) {
    errno = EINVAL;
    return -1;
  }
  return f->ops->sync(f, data_only);
}

int fsync(int fd) {
  return sync_fd(fd, 0);
}

int fdatasync(int fd) {
  return sync_fd(fd, 1);
}
