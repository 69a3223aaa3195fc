#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>

#include "fd/fd.h"

static const int access_modes[] = {
    [P3_ACCESS_RDWR] = O_RDWR,
    [P3_ACCESS_RDONLY] = O_RDONLY,
    [P3_ACCESS_WRONLY] = O_WRONLY,
};

int fcntl(int fd, int cmd, ...) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  va_list ap;
  va_start(ap, cmd);
  /* Every command p3net knows takes an int or nothing. */
  if (cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW) {
    struct flock *lk = va_arg(ap, struct flock *);
    va_end(ap);
    return p3_fd_lock(f, cmd, lk);
  }
  int arg = cmd == F_SETFL || cmd == F_SETFD || cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC ||
                    cmd == F_SETPIPE_SZ
                ? va_arg(ap, int)
                : 0;
  va_end(ap);
  switch (cmd) {
  case F_DUPFD:
  case F_DUPFD_CLOEXEC:
    return p3_fd_install_from(f, arg, cmd == F_DUPFD_CLOEXEC);
  case F_GETFL:
    return f->status_flags | access_modes[f->ops->access];
  case F_SETFL:
    /* Like Linux, only the flags that can change do; the rest are ignored. */
    f->status_flags =
        (f->status_flags & ~(O_NONBLOCK | O_APPEND)) | (arg & (O_NONBLOCK | O_APPEND));
    p3_file_changed(f);
    return 0;
  case F_GETFD:
    return p3_fd_get_cloexec(fd) ? FD_CLOEXEC : 0;
  case F_SETFD:
    p3_fd_set_cloexec(fd, arg & FD_CLOEXEC);
    return 0;
  case F_GETPIPE_SZ:
  case F_SETPIPE_SZ:
    if (!f->ops->pipe_size) {
      errno = EBADF; /* as Linux: the file is not a pipe */
      return -1;
    }
    return f->ops->pipe_size(f, cmd == F_SETPIPE_SZ, arg);
  default:
    errno = EINVAL;
    return -1;
  }
}
