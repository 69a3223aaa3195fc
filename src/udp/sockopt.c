/* getsockopt and setsockopt for UDP sockets. Options that the host holds
 * (hop limit, receive buffer) are asked of it; the rest live in p3net. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "udp/udp.h"

static int known_level(const struct p3_udp *s, int level) {
  return level == SOL_SOCKET || level == IPPROTO_UDP || level == IPPROTO_IP ||
         (level == IPPROTO_IPV6 && s->family == AF_INET6);
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
  if ((v = p3_opt_hops(v)) < 0)
    return -1;
  wasi_sockets_types_error_code_t err;
  if (!HOST(wasi_sockets_types_method_udp_socket_set_unicast_hop_limit(p3_udp_borrow(s),
                                                                       (uint8_t) v, &err))) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  return 0;
}

int p3_udp_getsockopt(struct p3_file *f, int level, int name, void *val, socklen_t *len) {
  struct p3_udp *s = (struct p3_udp *) f;
  if (level == SOL_SOCKET) {
    switch (name) {
    case SO_TYPE:
      return p3_opt_put_int(val, len, SOCK_DGRAM);
    case SO_DOMAIN:
      return p3_opt_put_int(val, len, s->family);
    case SO_PROTOCOL:
      return p3_opt_put_int(val, len, IPPROTO_UDP);
    case SO_ERROR: {
      int e = s->so_error;
      s->so_error = 0;
      if (!e)
        e = p3_udp_rx_take_error(s);
      p3_file_changed(&s->file);
      return p3_opt_put_int(val, len, e);
    }
    case SO_SNDBUF:
      return p3_opt_put_int(val, len, s->sndbuf);
    case SO_RCVBUF:
      return p3_opt_put_int(val, len, s->rcvbuf);
    case SO_REUSEADDR:
      return p3_opt_put_int(val, len, s->reuseaddr);
    case SO_BROADCAST:
      return p3_opt_put_int(val, len, s->broadcast);
    case SO_REUSEPORT:
      return p3_opt_put_int(val, len, s->reuseport);
    case SO_ACCEPTCONN:
      return p3_opt_put_int(val, len, 0);
    case SO_RCVTIMEO:
      return p3_opt_put_timeval(val, len, &s->rcvtimeo);
    case SO_SNDTIMEO:
      return p3_opt_put_timeval(val, len, &s->sndtimeo);
    }
  } else if (level == IPPROTO_IP && s->family == AF_INET) {
    if (name == IP_TTL) {
      int v = host_hops(s);
      return v < 0 ? -1 : p3_opt_put_int(val, len, v);
    }
  } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
    if (name == IPV6_UNICAST_HOPS) {
      int v = host_hops(s);
      return v < 0 ? -1 : p3_opt_put_int(val, len, v);
    }
    if (name == IPV6_V6ONLY)
      return p3_opt_put_int(val, len, 1); /* wasi:sockets IPv6 sockets are IPv6-only */
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

int p3_udp_setsockopt(struct p3_file *f, int level, int name, const void *val, socklen_t len) {
  struct p3_udp *s = (struct p3_udp *) f;
  int v;
  if (level == SOL_SOCKET) {
    switch (name) {
    case SO_RCVTIMEO:
      return p3_opt_get_timeval(val, len, &s->rcvtimeo);
    case SO_SNDTIMEO:
      return p3_opt_get_timeval(val, len, &s->sndtimeo);
    case SO_SNDBUF:
    case SO_RCVBUF:
      if (p3_opt_get_int(val, len, &v) < 0)
        return -1;
      v = p3_opt_bufsize(v, 4608);
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
      if (p3_opt_get_int(val, len, &v) < 0)
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
      if (p3_opt_get_int(val, len, &v) < 0)
        return -1;
      *(name == SO_BROADCAST ? &s->broadcast : &s->reuseport) = !!v;
      return 0;
    }
  } else if (level == IPPROTO_IP && s->family == AF_INET) {
    if (name == IP_TTL)
      return p3_opt_get_ip_int(val, len, &v) < 0 ? -1 : set_host_hops(s, v);
  } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
    if (name == IPV6_UNICAST_HOPS)
      return p3_opt_get_int(val, len, &v) < 0 ? -1 : set_host_hops(s, v);
    if (name == IPV6_V6ONLY) {
      if (p3_opt_get_int(val, len, &v) < 0)
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
