/* socket(): each type goes to its kind; and the calls that are the same
 * for every kind p3net has. */
#include <errno.h>

#include "sock/sock.h"

int socket(int domain, int type, int protocol) {
  if (domain != AF_INET && domain != AF_INET6) {
    errno = EAFNOSUPPORT;
    return -1;
  }
  int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (kind == SOCK_SEQPACKET) {
    errno = ESOCKTNOSUPPORT; /* as Linux for IP */
    return -1;
  }
  if (kind == SOCK_RAW) {
    errno = EPROTONOSUPPORT; /* wasi:sockets has no raw sockets */
    return -1;
  }
  if ((kind != SOCK_DGRAM && kind != SOCK_STREAM) || protocol < 0 || protocol >= 256) {
    errno = EINVAL;
    return -1;
  }
  if (protocol != 0 && protocol != (kind == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP)) {
    errno = EPROTONOSUPPORT;
    return -1;
  }
  return kind == SOCK_DGRAM ? p3_udp_open(domain, type, protocol)
                            : p3_tcp_open(domain, type, protocol);
}

/* p3net sends and receives no urgent data, so a stream socket is never
 * at the mark (Linux answers 0 too until urgent data comes); a datagram
 * socket has no mark at all. */
int sockatmark(int fd) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f)
    return -1;
  int type = 0;
  socklen_t len = sizeof type;
  if (f->ops->sock->getsockopt(f, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM)
    return 0;
  errno = ENOTTY;
  return -1;
}
