/* The connection-oriented calls. p3net has only datagram sockets so far,
 * so these answer as Linux does for a UDP socket. */
#include <errno.h>

#include "fd/sock.h"
#include "udp/udp.h"

int listen(int fd, int backlog) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->listen(o, backlog);
  (void) backlog;
  if (!p3_udp_get(fd))
    return -1;
  errno = EOPNOTSUPP;
  return -1;
}

int accept4(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len, int flags) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->accept4(o, addr, len, flags);
  (void) addr;
  (void) len;
  (void) flags;
  if (!p3_udp_get(fd))
    return -1;
  errno = EOPNOTSUPP;
  return -1;
}

int accept(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
  return accept4(fd, addr, len, 0);
}

int sockatmark(int fd) {
  if (p3_sock_other(fd))
    return 0; /* a socketpair end: never urgent data, as p3net sends none */
  if (!p3_udp_get(fd))
    return -1;
  errno = ENOTTY; /* SIOCATMARK means nothing without urgent data */
  return -1;
}
