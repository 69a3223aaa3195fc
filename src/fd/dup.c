/* dup, dup2, dup3: another fd for the same open file description, which
 * shares its O_NONBLOCK and its epoll registrations; FD_CLOEXEC is the
 * fd's own. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fd/fd.h"

int dup(int fd) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  return p3_fd_install(f, 0);
}

/* Linux checks in this order: the flags, the same fd twice, then both fds. */
int dup3(int fd, int newfd, int flags) {
  if (flags & ~O_CLOEXEC) {
    errno = EINVAL;
    return -1;
  }
  if (fd == newfd) {
    errno = EINVAL;
    return -1;
  }
  if (newfd < 0 || newfd >= P3_FD_MAX) {
    errno = EBADF;
    return -1;
  }
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  return p3_fd_install_at(f, newfd, !!(flags & O_CLOEXEC));
}

int dup2(int fd, int newfd) {
  if (fd == newfd) /* nothing to do, if fd is open */
    return p3_fd_get(fd) ? fd : -1;
  return dup3(fd, newfd, 0);
}
