/* bind and connect (connect with AF_UNSPEC disconnects). */
#include <errno.h>
#include <string.h>

#include "udp/udp.h"

int p3_udp_bind(struct p3_file *f, const struct sockaddr *addr, socklen_t len) {
  struct p3_udp *s = (struct p3_udp *) f;
  p3_ipaddr local;
  if (p3_sockaddr_in(s->family, addr, len, P3_ADDR_BIND, &local) < 0)
    return -1;
  if (s->bound) {
    errno = EINVAL;
    return -1;
  }
  wasi_sockets_types_error_code_t err;
  if (!HOST(wasi_sockets_types_method_udp_socket_bind(p3_udp_borrow(s), &local, &err))) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  p3_udp_mark_bound(s);
  return 0;
}

int p3_udp_disconnect(struct p3_udp *s) {
  if (!s->connected)
    return 0; /* Linux: disconnecting an unconnected socket succeeds */
  wasi_sockets_types_error_code_t err;
  if (!HOST(wasi_sockets_types_method_udp_socket_disconnect(p3_udp_borrow(s), &err))) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  s->connected = 0; /* shutdown state stays, as on Linux */
  return 0;
}

int p3_udp_connect(struct p3_file *f, const struct sockaddr *addr, socklen_t len) {
  struct p3_udp *s = (struct p3_udp *) f;
  if (addr && len >= sizeof(sa_family_t) && len <= sizeof(struct sockaddr_storage) &&
      addr->sa_family == AF_UNSPEC)
    return p3_udp_disconnect(s);
  p3_ipaddr remote;
  if (p3_sockaddr_in(s->family, addr, len, P3_ADDR_CONNECT, &remote) < 0)
    return -1;
  wasi_sockets_types_error_code_t err;
  if (!HOST(wasi_sockets_types_method_udp_socket_connect(p3_udp_borrow(s), &remote, &err))) {
    int e = p3_errno_from_wasi(&err);
    /* Connecting again re-targets the socket, as on Linux. A host that
     * refuses it while connected gets a disconnect first (which keeps the
     * port only if it was bound explicitly, as a Linux disconnect does). */
    if (!s->connected || p3_udp_disconnect(s) < 0 ||
        !HOST(wasi_sockets_types_method_udp_socket_connect(p3_udp_borrow(s), &remote, &err))) {
      errno = s->connected ? e : p3_errno_from_wasi(&err);
      return -1;
    }
  }
  int retarget = s->connected;
  s->connected = 1;
  if (retarget)
    p3_udp_rx_restart(s);
  socklen_t plen = sizeof s->peer;
  p3_addr_from_wasi(&remote, (struct sockaddr *) &s->peer, &plen);
  p3_udp_mark_bound(s); /* connect binds an unbound socket */
  p3_file_changed(&s->file);
  return 0;
}
