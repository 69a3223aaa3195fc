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

int sockatmark(int fd) {
  if (!p3_sock_get(fd))
    return -1;
  errno = ENOTTY; /* SIOCATMARK means nothing without urgent data */
  return -1;
}

int socketpair(int domain, int type, int protocol, int sv[2]) {
  (void) type;
  (void) protocol;
  (void) sv;
  /* Linux has socketpair only for AF_UNIX, which wasi:sockets lacks. */
  errno = domain == AF_INET || domain == AF_INET6 ? EOPNOTSUPP : EAFNOSUPPORT;
  return -1;
}
