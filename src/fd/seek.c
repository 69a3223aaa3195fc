/* lseek, pread, pwrite, preadv, pwritev: files with a position (regular files) have seek
 * ops; streams, pipes and sockets do not, and Linux says ESPIPE. */
#include <errno.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fd/fd.h"

off_t(lseek)(int fd, off_t off, int whence) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (!f->ops->seek) {
    errno = ESPIPE;
    return -1;
  }
  return f->ops->seek(f, off, whence);
}

/* The name the sysroot's stdio calls (fseek, ftell). */
off_t __lseek(int fd, off_t off, int whence) {
  return (lseek) (fd, off, whence);
}

/* 0 if a positioned read or write of len bytes at off may go to a file
 * (has_op: it has the pread or pwrite op); -1 with errno otherwise. */
static int positioned(int has_op, const void *buf, size_t len, off_t off) {
  errno = !has_op ? ESPIPE : off < 0 ? EINVAL : len && !buf ? EFAULT : errno;
  return !has_op || off < 0 || (len && !buf) ? -1 : 0;
}

ssize_t pread(int fd, void *buf, size_t len, off_t off) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f || positioned(f->ops->pread != NULL, buf, len, off) < 0)
    return -1;
  return f->ops->pread(f, buf, len, off);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f || positioned(f->ops->pwrite != NULL, buf, len, off) < 0)
    return -1;
  return f->ops->pwrite(f, buf, len, off);
}

/* The sysroot's <unistd.h> turns lseek(fd, 0, SEEK_CUR) into this. */
off_t __wasilibc_tell(int fd) {
  return (lseek) (fd, 0, SEEK_CUR);
}

/* preadv, pwritev: one positioned call per buffer, each at the offset the
 * ones before it reached; a short one ends the call, as a short read or
 * write of that size would. */
static ssize_t positioned_v(int fd, const struct iovec *iov, int iovcnt, off_t off, int writing) {
  if (iovcnt < 0 || iovcnt > IOV_MAX || (iovcnt && !iov)) {
    errno = iovcnt && !iov ? EFAULT : EINVAL;
    return -1;
  }
  ssize_t total = 0;
  for (int i = 0; i < iovcnt; i++) {
    if (!iov[i].iov_len)
      continue;
    ssize_t n = writing ? pwrite(fd, iov[i].iov_base, iov[i].iov_len, off + total)
                        : pread(fd, iov[i].iov_base, iov[i].iov_len, off + total);
    if (n < 0)
      return total ? total : -1;
    total += n;
    if ((size_t) n < iov[i].iov_len)
      break;
  }
  return total;
}

ssize_t preadv(int fd, const struct iovec *iov, int iovcnt, off_t off) {
  return positioned_v(fd, iov, iovcnt, off, 0);
}

ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t off) {
  return positioned_v(fd, iov, iovcnt, off, 1);
}
