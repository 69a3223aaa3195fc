/* getsockname, getpeername and shutdown. */
#include <errno.h>
#include <string.h>

#include "fd/sock.h"
#include "udp/udp.h"

static int check_len(struct sockaddr *addr, socklen_t *len) {
  if (!len || (!addr && *len)) {
    errno = EFAULT;
    return -1;
  }
  if ((int) *len < 0) {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

int getsockname(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->getsockname(o, addr, len);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s || check_len(addr, len) < 0)
    return -1;
  p3_ipaddr local;
  if (!s->bound) {
    /* Linux reports the wildcard address and port 0 until bound. */
    memset(&local, 0, sizeof local);
    local.tag = s->family == AF_INET ? WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4
                                     : WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV6;
  } else {
    wasi_sockets_types_error_code_t err;
    if (!HOST(wasi_sockets_types_method_udp_socket_get_local_address(p3_udp_borrow(s), &local,
                                                                     &err))) {
      errno = p3_errno_from_wasi(&err);
      return -1;
    }
  }
  p3_addr_from_wasi(&local, addr, len);
  return 0;
}

int getpeername(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->getpeername(o, addr, len);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s || check_len(addr, len) < 0)
    return -1;
  if (!s->connected) {
    errno = ENOTCONN;
    return -1;
  }
  socklen_t full = s->family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
  memcpy(addr, &s->peer, *len < full ? *len : full);
  *len = full;
  return 0;
}

int shutdown(int fd, int how) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->shutdown(o, how);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s)
    return -1;
  if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR) {
    errno = EINVAL;
    return -1;
  }
  if (!s->connected) {
    errno = ENOTCONN;
    return -1;
  }
  if (how != SHUT_WR)
    s->shut_rd = 1;
  if (how != SHUT_RD)
    s->shut_wr = 1;
  p3_file_changed(&s->file);
  return 0;
}
