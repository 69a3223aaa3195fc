/* getsockname, getpeername and shutdown on TCP sockets. */
#include <errno.h>

#include "tcp/tcp.h"

int p3_tcp_getsockname(struct p3_file *f, struct sockaddr *addr, socklen_t *len) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  p3_ipaddr local;
  wasi_sockets_types_error_code_t err;
  if (!s->bound) {
    p3_addr_any(s->family, &local); /* Linux's answer until bound */
  } else if (!HOST(wasi_sockets_types_method_tcp_socket_get_local_address(p3_tcp_borrow(s), &local,
                                                                          &err))) {
    p3_errno_from_wasi(&err);
    p3_addr_any(s->family, &local); /* a closed socket: Linux shows the wildcard too */
  }
  p3_addr_from_wasi(&local, addr, len);
  return 0;
}

int p3_tcp_getpeername(struct p3_file *f, struct sockaddr *addr, socklen_t *len) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  p3_ipaddr peer;
  wasi_sockets_types_error_code_t err;
  if (s->state != TCP_CONNECTED) {
    errno = ENOTCONN;
    return -1;
  }
  if (!HOST(
          wasi_sockets_types_method_tcp_socket_get_remote_address(p3_tcp_borrow(s), &peer, &err))) {
    p3_errno_from_wasi(&err);
    errno = ENOTCONN;
    return -1;
  }
  p3_addr_from_wasi(&peer, addr, len);
  return 0;
}

int p3_tcp_shutdown(struct p3_file *f, int how) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  if (s->state != TCP_CONNECTED) {
    errno = ENOTCONN;
    return -1;
  }
  if (how != SHUT_WR)
    s->shut_rd = 1; /* later bytes are still taken in, and never shown */
  if (how != SHUT_RD) {
    s->shut_wr = 1;
    p3_tcp_tx_flush(s); /* the FIN follows the queued bytes */
  }
  p3_file_changed(&s->file);
  return 0;
}
