/* lseek, pread, pwrite: files with a position (regular files) have seek
 * ops; streams, pipes and sockets do not, and Linux says ESPIPE. */
#include <errno.h>
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

ssize_t pread(int fd, void *buf, size_t len, off_t off) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (!f->ops->pread) {
    errno = ESPIPE;
    return -1;
  }
  if (off < 0) {
    errno = EINVAL;
    return -1;
  }
  if (len && !buf) {
    errno = EFAULT;
    return -1;
  }
  return f->ops->pread(f, buf, len, off);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (!f->ops->pwrite) {
    errno = ESPIPE;
    return -1;
  }
  if (off < 0) {
    errno = EINVAL;
    return -1;
  }
  if (len && !buf) {
    errno = EFAULT;
    return -1;
  }
  return f->ops->pwrite(f, buf, len, off);
}

/* The sysroot's <unistd.h> turns lseek(fd, 0, SEEK_CUR) into this. */
off_t __wasilibc_tell(int fd) {
  return (lseek) (fd, 0, SEEK_CUR);
}
