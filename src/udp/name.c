/* getsockname, getpeername and shutdown. */
#include <errno.h>
#include <string.h>

#include "udp/udp.h"

int p3_udp_getsockname(struct p3_file *f, struct sockaddr *addr, socklen_t *len) {
  struct p3_udp *s = (struct p3_udp *) f;
  p3_ipaddr local;
  if (!s->bound) {
    p3_addr_any(s->family, &local); /* Linux's answer until bound */
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

int p3_udp_getpeername(struct p3_file *f, struct sockaddr *addr, socklen_t *len) {
  struct p3_udp *s = (struct p3_udp *) f;
  if (!s->connected) {
    errno = ENOTCONN;
    return -1;
  }
  socklen_t full = s->family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
  memcpy(addr, &s->peer, *len < full ? *len : full);
  *len = full;
  return 0;
}

int p3_udp_shutdown(struct p3_file *f, int how) {
  struct p3_udp *s = (struct p3_udp *) f;
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
