/* bind, connect, listen, accept, accept4: handed to the socket's kind. */
#include <errno.h>

#include "sock/sock.h"

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  struct p3_file *f = p3_sock_get(fd);
  return f ? f->ops->sock->bind(f, addr, len) : -1;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  struct p3_file *f = p3_sock_get(fd);
  return f ? f->ops->sock->connect(f, addr, len) : -1;
}

int listen(int fd, int backlog) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f)
    return -1;
  if (!f->ops->sock->listen) {
    errno = EOPNOTSUPP;
    return -1;
  }
  return f->ops->sock->listen(f, backlog);
}

int accept4(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len, int flags) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f)
    return -1;
  if (!f->ops->sock->accept4) {
    errno = EOPNOTSUPP;
    return -1;
  }
  return f->ops->sock->accept4(f, addr, len, flags);
}

int accept(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
  return accept4(fd, addr, len, 0);
}
