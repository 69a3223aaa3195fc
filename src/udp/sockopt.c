/* getsockopt and setsockopt for UDP sockets. Options that the host holds
 * (hop limit, receive buffer) are asked of it; the rest live in p3net. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fd/optval.h"
#include "fd/sock.h"
#include "udp/udp.h"

static int known_level(const struct p3_udp *s, int level) {
  return level == SOL_SOCKET || level == IPPROTO_UDP || level == IPPROTO_IP ||
         (level == IPPROTO_IPV6 && s->family == AF_INET6);
}

/* Linux reads IPPROTO_IP integer options from a single byte when optlen is
 * 1 to 3. */
static int get_ip_int(const void *val, socklen_t len, int *out) {
  if (len >= 1 && len < sizeof(int) && val) {
    *out = *(const unsigned char *) val;
    return 0;
  }
  return p3_optval_get_int(val, len, out);
}

static int host_hops(struct p3_udp *s) {
  uint8_t v;
  wasi_sockets_types_error_code_t err;
  if (!HOST(
          wasi_sockets_types_method_udp_socket_get_unicast_hop_limit(p3_udp_borrow(s), &v, &err))) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  return v;
}

static int set_host_hops(struct p3_udp *s, int v) {
  if (v == -1)
    v = 64; /* Linux: -1 restores the default */
  if (v < 1 || v > 255) {
    errno = EINVAL;
    return -1;
  }
  wasi_sockets_types_error_code_t err;
  if (!HOST(wasi_sockets_types_method_udp_socket_set_unicast_hop_limit(p3_udp_borrow(s),
                                                                       (uint8_t) v, &err))) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  return 0;
}

int getsockopt(int fd, int level, int name, void *__restrict val, socklen_t *__restrict len) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->getsockopt(o, level, name, val, len);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s)
    return -1;
  if (level == SOL_SOCKET) {
    switch (name) {
    case SO_TYPE:
      return p3_optval_put_int(val, len, SOCK_DGRAM);
    case SO_DOMAIN:
      return p3_optval_put_int(val, len, s->family);
    case SO_PROTOCOL:
      return p3_optval_put_int(val, len, IPPROTO_UDP);
    case SO_ERROR: {
      int e = s->so_error;
      s->so_error = 0;
      if (!e)
        e = p3_udp_rx_take_error(s);
      p3_file_changed(&s->file);
      return p3_optval_put_int(val, len, e);
    }
    case SO_SNDBUF:
      return p3_optval_put_int(val, len, s->sndbuf);
    case SO_RCVBUF:
      return p3_optval_put_int(val, len, s->rcvbuf);
    case SO_REUSEADDR:
      return p3_optval_put_int(val, len, s->reuseaddr);
    case SO_BROADCAST:
      return p3_optval_put_int(val, len, s->broadcast);
    case SO_REUSEPORT:
      return p3_optval_put_int(val, len, s->reuseport);
    case SO_ACCEPTCONN:
      return p3_optval_put_int(val, len, 0);
    case SO_RCVTIMEO:
      return p3_optval_put_timeval(val, len, &s->rcvtimeo);
    case SO_SNDTIMEO:
      return p3_optval_put_timeval(val, len, &s->sndtimeo);
    }
  } else if (level == IPPROTO_IP && s->family == AF_INET) {
    if (name == IP_TTL) {
      int v = host_hops(s);
      return v < 0 ? -1 : p3_optval_put_int(val, len, v);
    }
  } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
    if (name == IPV6_UNICAST_HOPS) {
      int v = host_hops(s);
      return v < 0 ? -1 : p3_optval_put_int(val, len, v);
    }
    if (name == IPV6_V6ONLY)
      return p3_optval_put_int(val, len, 1); /* wasi:sockets IPv6 sockets are IPv6-only */
  }
  if ((level == IPPROTO_IP && s->family == AF_INET) ||
      (level == IPPROTO_IPV6 && s->family == AF_INET6)) {
    int r = p3_udp_ipopt_get(s, level, name, val, len);
    if (r != -2)
      return r;
  }
  /* Linux: an unknown option of a known level is ENOPROTOOPT, but a level
   * the socket does not have is EOPNOTSUPP, for getsockopt only. */
  errno = known_level(s, level) ? ENOPROTOOPT : EOPNOTSUPP;
  return -1;
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->setsockopt(o, level, name, val, len);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s)
    return -1;
  int v;
  if (level == SOL_SOCKET) {
    switch (name) {
    case SO_RCVTIMEO:
      return p3_optval_get_timeval(val, len, &s->rcvtimeo);
    case SO_SNDTIMEO:
      return p3_optval_get_timeval(val, len, &s->sndtimeo);
    case SO_SNDBUF:
    case SO_RCVBUF:
      if (p3_optval_get_int(val, len, &v) < 0)
        return -1;
      /* Linux doubles the value for bookkeeping and enforces a minimum. */
      if (v < 0 || v > 0x3fffffff)
        v = v < 0 ? 0 : 0x3fffffff;
      v = v * 2 < 4608 ? 4608 : v * 2;
      if (name == SO_SNDBUF) {
        s->sndbuf = v;
        p3_file_changed(&s->file);
      } else {
        wasi_sockets_types_error_code_t err;
        if (!HOST(wasi_sockets_types_method_udp_socket_set_receive_buffer_size(
                p3_udp_borrow(s), (uint64_t) v / 2, &err)))
          p3_errno_from_wasi(&err); /* a hint only: the host may refuse */
        s->rcvbuf = v;
      }
      return 0;
    case SO_REUSEADDR:
      if (p3_optval_get_int(val, len, &v) < 0)
        return -1;
      s->reuseaddr = !!v; /* accepted; wasi:sockets hosts choose reuse themselves */
      return 0;
    case SO_BROADCAST:
    case SO_REUSEPORT:
      /* Accepted and read back as Linux does, but only kept: wasi:sockets
       * has no broadcast or port-sharing control. A send to a broadcast
       * address fails with the host's error (Wasmtime: EACCES, as Linux
       * without SO_BROADCAST), and a second bind to a port succeeds only
       * if the host shares ports itself. */
      if (p3_optval_get_int(val, len, &v) < 0)
        return -1;
      *(name == SO_BROADCAST ? &s->broadcast : &s->reuseport) = !!v;
      return 0;
    }
  } else if (level == IPPROTO_IP && s->family == AF_INET) {
    if (name == IP_TTL)
      return get_ip_int(val, len, &v) < 0 ? -1 : set_host_hops(s, v);
  } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
    if (name == IPV6_UNICAST_HOPS)
      return p3_optval_get_int(val, len, &v) < 0 ? -1 : set_host_hops(s, v);
    if (name == IPV6_V6ONLY) {
      if (p3_optval_get_int(val, len, &v) < 0)
        return -1;
      if (v)
        return 0;
      /* Linux refuses any change once bound; before that, clearing it would
       * ask for a dual-stack socket, which wasi:sockets 0.3 does not have. */
      errno = s->bound ? EINVAL : EOPNOTSUPP;
      return -1;
    }
  }
  if ((level == IPPROTO_IP && s->family == AF_INET) ||
      (level == IPPROTO_IPV6 && s->family == AF_INET6)) {
    int r = p3_udp_ipopt_set(s, level, name, val, len);
    if (r != -2)
      return r;
  }
  errno = ENOPROTOOPT;
  return -1;
}
