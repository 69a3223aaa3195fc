/* getsockopt and setsockopt on TCP sockets. Options the host holds
 * (keep-alive, hop limit) are asked of it; the rest live in p3net. */
#include <errno.h>
#include <netinet/tcp.h>
#include <string.h>

#include "tcp/tcp.h"

#define NS 1000000000ull

static int known_level(const struct p3_tcp *s, int level) {
  return level == SOL_SOCKET || level == IPPROTO_TCP || level == IPPROTO_IP ||
         (level == IPPROTO_IPV6 && s->family == AF_INET6);
}

/* A host option read: -1 with errno, else 0 with *out. */
static int host_get(struct p3_tcp *s, int name, int *out) {
  wasi_sockets_types_borrow_tcp_socket_t b = p3_tcp_borrow(s);
  wasi_sockets_types_error_code_t err;
  bool ok, on;
  uint64_t d;
  uint32_t n;
  uint8_t h;
  switch (name) {
  case SO_KEEPALIVE:
    ok = HOST(wasi_sockets_types_method_tcp_socket_get_keep_alive_enabled(b, &on, &err));
    *out = on;
    break;
  case TCP_KEEPIDLE:
    ok = HOST(wasi_sockets_types_method_tcp_socket_get_keep_alive_idle_time(b, &d, &err));
    *out = (int) (d / NS);
    break;
  case TCP_KEEPINTVL:
    ok = HOST(wasi_sockets_types_method_tcp_socket_get_keep_alive_interval(b, &d, &err));
    *out = (int) (d / NS);
    break;
  case TCP_KEEPCNT:
    ok = HOST(wasi_sockets_types_method_tcp_socket_get_keep_alive_count(b, &n, &err));
    *out = (int) n;
    break;
  default: /* IP_TTL, IPV6_UNICAST_HOPS */
    ok = HOST(wasi_sockets_types_method_tcp_socket_get_hop_limit(b, &h, &err));
    *out = h;
    break;
  }
  if (!ok) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  return 0;
}

static int host_set(struct p3_tcp *s, int name, int v) {
  wasi_sockets_types_borrow_tcp_socket_t b = p3_tcp_borrow(s);
  wasi_sockets_types_error_code_t err;
  bool ok;
  switch (name) {
  case SO_KEEPALIVE:
    ok = HOST(wasi_sockets_types_method_tcp_socket_set_keep_alive_enabled(b, v != 0, &err));
    break;
  case TCP_KEEPIDLE:
  case TCP_KEEPINTVL:
  case TCP_KEEPCNT:
    /* Linux's ranges: 1-32767 s, 1-32767 s, 1-127 probes. */
    if (v < 1 || v > (name == TCP_KEEPCNT ? 127 : 32767)) {
      errno = EINVAL;
      return -1;
    }
    if (name == TCP_KEEPIDLE)
      ok = HOST(wasi_sockets_types_method_tcp_socket_set_keep_alive_idle_time(b, (uint64_t) v * NS,
                                                                              &err));
    else if (name == TCP_KEEPINTVL)
      ok = HOST(
          wasi_sockets_types_method_tcp_socket_set_keep_alive_interval(b, (uint64_t) v * NS, &err));
    else
      ok = HOST(wasi_sockets_types_method_tcp_socket_set_keep_alive_count(b, (uint32_t) v, &err));
    break;
  default:
    if ((v = p3_opt_hops(v)) < 0)
      return -1;
    ok = HOST(wasi_sockets_types_method_tcp_socket_set_hop_limit(b, (uint8_t) v, &err));
    break;
  }
  if (!ok) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  return 0;
}

static int get_host_int(struct p3_tcp *s, int name, void *val, socklen_t *len) {
  int v;
  return host_get(s, name, &v) < 0 ? -1 : p3_opt_put_int(val, len, v);
}

int p3_tcp_getsockopt(struct p3_file *f, int level, int name, void *val, socklen_t *len) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  if (level == SOL_SOCKET) {
    switch (name) {
    case SO_TYPE:
      return p3_opt_put_int(val, len, SOCK_STREAM);
    case SO_DOMAIN:
      return p3_opt_put_int(val, len, s->family);
    case SO_PROTOCOL:
      return p3_opt_put_int(val, len, IPPROTO_TCP);
    case SO_ERROR: {
      int e = p3_tcp_take_error(s);
      p3_file_changed(&s->file);
      return p3_opt_put_int(val, len, e);
    }
    case SO_ACCEPTCONN:
      return p3_opt_put_int(val, len, s->state == TCP_LISTENING);
    case SO_SNDBUF:
      return p3_opt_put_int(val, len, s->sndbuf);
    case SO_RCVBUF:
      return p3_opt_put_int(val, len, s->rcvbuf);
    case SO_REUSEADDR:
      return p3_opt_put_int(val, len, s->reuseaddr);
    case SO_REUSEPORT:
      return p3_opt_put_int(val, len, s->reuseport);
    case SO_BROADCAST:
      return p3_opt_put_int(val, len, s->broadcast);
    case SO_KEEPALIVE:
      return get_host_int(s, name, val, len);
    case SO_RCVTIMEO:
      return p3_opt_put_timeval(val, len, &s->rcvtimeo);
    case SO_SNDTIMEO:
      return p3_opt_put_timeval(val, len, &s->sndtimeo);
    case SO_LINGER: {
      if (!val || !len) {
        errno = EFAULT;
        return -1;
      }
      if ((int) *len < 0) {
        errno = EINVAL;
        return -1;
      }
      socklen_t n = *len < sizeof s->linger ? *len : sizeof s->linger;
      memcpy(val, &s->linger, n);
      *len = n;
      return 0;
    }
    }
  } else if (level == IPPROTO_TCP) {
    switch (name) {
    case TCP_NODELAY:
      return p3_opt_put_int(val, len, s->nodelay);
    case TCP_KEEPIDLE:
    case TCP_KEEPINTVL:
    case TCP_KEEPCNT:
      return get_host_int(s, name, val, len);
    }
  } else if (level == IPPROTO_IP && s->family == AF_INET) {
    if (name == IP_TTL)
      return get_host_int(s, name, val, len);
  } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
    if (name == IPV6_UNICAST_HOPS)
      return get_host_int(s, name, val, len);
    if (name == IPV6_V6ONLY)
      return p3_opt_put_int(val, len, 1); /* wasi:sockets IPv6 sockets are IPv6-only */
  }
  errno = known_level(s, level) ? ENOPROTOOPT : EOPNOTSUPP;
  return -1;
}

int p3_tcp_setsockopt(struct p3_file *f, int level, int name, const void *val, socklen_t len) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  int v;
  if (level == SOL_SOCKET) {
    switch (name) {
    case SO_RCVTIMEO:
      return p3_opt_get_timeval(val, len, &s->rcvtimeo);
    case SO_SNDTIMEO:
      return p3_opt_get_timeval(val, len, &s->sndtimeo);
    case SO_SNDBUF:
    case SO_RCVBUF: {
      if (p3_opt_get_int(val, len, &v) < 0)
        return -1;
      /* Linux's minimums: 4608 to send, 2304 to receive. The buffers are
       * sized when the connection opens. */
      wasi_sockets_types_error_code_t err;
      if (name == SO_SNDBUF) {
        s->sndbuf = p3_opt_bufsize(v, 4608);
        if (!HOST(wasi_sockets_types_method_tcp_socket_set_send_buffer_size(
                p3_tcp_borrow(s), (uint64_t) s->sndbuf / 2, &err)))
          p3_errno_from_wasi(&err); /* a hint only */
      } else {
        s->rcvbuf = p3_opt_bufsize(v, 2304);
        if (!HOST(wasi_sockets_types_method_tcp_socket_set_receive_buffer_size(
                p3_tcp_borrow(s), (uint64_t) s->rcvbuf / 2, &err)))
          p3_errno_from_wasi(&err);
      }
      return 0;
    }
    case SO_REUSEADDR:
    case SO_REUSEPORT:
    case SO_BROADCAST:
      /* Kept and read back: wasi:sockets hosts reuse addresses themselves
       * (its bind ignores TIME_WAIT) and have no port sharing. */
      if (p3_opt_get_int(val, len, &v) < 0)
        return -1;
      *(name == SO_REUSEADDR   ? &s->reuseaddr
        : name == SO_REUSEPORT ? &s->reuseport
                               : &s->broadcast) = !!v;
      return 0;
    case SO_KEEPALIVE:
      if (p3_opt_get_int(val, len, &v) < 0)
        return -1;
      return host_set(s, name, v);
    case SO_LINGER: {
      struct linger l;
      if (len < sizeof l) {
        errno = EINVAL;
        return -1;
      }
      if (!val) {
        errno = EFAULT;
        return -1;
      }
      memcpy(&l, val, sizeof l);
      s->linger.l_onoff = !!l.l_onoff;
      s->linger.l_linger = l.l_linger < 0 ? 0 : l.l_linger;
      return 0;
    }
    }
  } else if (level == IPPROTO_TCP) {
    switch (name) {
    case TCP_NODELAY:
      /* Kept: wasi:sockets has no Nagle control (the hosts send at once). */
      if (p3_opt_get_int(val, len, &v) < 0)
        return -1;
      s->nodelay = !!v;
      return 0;
    case TCP_KEEPIDLE:
    case TCP_KEEPINTVL:
    case TCP_KEEPCNT:
      if (p3_opt_get_int(val, len, &v) < 0)
        return -1;
      return host_set(s, name, v);
    }
  } else if (level == IPPROTO_IP && s->family == AF_INET) {
    if (name == IP_TTL)
      return p3_opt_get_ip_int(val, len, &v) < 0 ? -1 : host_set(s, name, v);
  } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
    if (name == IPV6_UNICAST_HOPS)
      return p3_opt_get_int(val, len, &v) < 0 ? -1 : host_set(s, name, v);
    if (name == IPV6_V6ONLY) {
      if (p3_opt_get_int(val, len, &v) < 0)
        return -1;
      if (v)
        return 0;
      errno = s->bound ? EINVAL : EOPNOTSUPP;
      return -1;
    }
  }
  errno = ENOPROTOOPT;
  return -1;
}
