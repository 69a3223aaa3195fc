#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include "fd/fd.h"

ssize_t write(int fd, const void *buf, size_t len) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (!f->ops->write) {
    errno = EINVAL;
    return -1;
  }
  if (len && !buf) {
    errno = EFAULT;
    return -1;
  }
  return f->ops->write(f, buf, len, f->status_flags & O_NONBLOCK);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (iovcnt < 0 || iovcnt > IOV_MAX || (iovcnt && !iov)) {
    errno = iovcnt && !iov ? EFAULT : EINVAL;
    return -1;
  }
  if (f->ops->writev)
    return f->ops->writev(f, iov, iovcnt, f->status_flags & O_NONBLOCK);
  ssize_t total = 0;
  for (int i = 0; i < iovcnt; i++) {
    if (!iov[i].iov_len)
      continue;
    ssize_t n = write(fd, iov[i].iov_base, iov[i].iov_len);
    if (n < 0)
      return total ? total : -1;
    total += n;
    if ((size_t) n < iov[i].iov_len)
      break;
  }
  return total;
}
