/* getsockname, getpeername, shutdown: the checks every kind shares, then
 * the kind. */
#include <errno.h>

#include "sock/sock.h"

int getsockname(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f || p3_addrlen_check(addr, len) < 0)
    return -1;
  return f->ops->sock->getsockname(f, addr, len);
}

int getpeername(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f || p3_addrlen_check(addr, len) < 0)
    return -1;
  return f->ops->sock->getpeername(f, addr, len);
}

int shutdown(int fd, int how) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f)
    return -1;
  if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR) {
    errno = EINVAL;
    return -1;
  }
  return f->ops->sock->shutdown(f, how);
}
