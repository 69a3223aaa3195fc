#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>

#include "fd/fd.h"

int fcntl(int fd, int cmd, ...) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  va_list ap;
  va_start(ap, cmd);
  int arg = cmd == F_SETFL || cmd == F_SETFD ? va_arg(ap, int) : 0;
  va_end(ap);
  switch (cmd) {
  case F_GETFL:
    return f->status_flags | O_RDWR;
  case F_SETFL:
    /* Like Linux, only the flags that can change do; the rest are ignored. */
    f->status_flags = (f->status_flags & ~O_NONBLOCK) | (arg & O_NONBLOCK);
    p3_file_changed(f);
    return 0;
  case F_GETFD:
    return p3_fd_get_cloexec(fd) ? FD_CLOEXEC : 0;
  case F_SETFD:
    p3_fd_set_cloexec(fd, arg & FD_CLOEXEC);
    return 0;
  default:
    errno = EINVAL;
    return -1;
  }
}
