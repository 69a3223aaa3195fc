/* getsockopt and setsockopt for UDP sockets. Options that the host holds
 * (hop limit, receive buffer) are asked of it; the rest live in p3net. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fd/sock.h"
#include "udp/udp.h"

/* The IP options wasi:sockets cannot carry out (sockopt_host.c): 0 or -1
 * when answered, -2 when the option is not one of them. */
int p3_udp_ipopt_get(struct p3_udp *s, int level, int name, void *val, socklen_t *len);
int p3_udp_ipopt_set(struct p3_udp *s, int level, int name, const void *val, socklen_t len);

static int put_int(void *val, socklen_t *len, int v) {
  if (!val || !len) {
    errno = EFAULT;
    return -1;
  }
  if ((int) *len < 0) {
    errno = EINVAL;
    return -1;
  }
  /* Linux copies as much of the int as fits and reports that length. */
  socklen_t n = *len < sizeof v ? *len : sizeof v;
  memcpy(val, &v, n);
  *len = n;
  return 0;
}

static int put_timeval(void *val, socklen_t *len, const struct timeval *tv) {
  if (!val || !len) {
    errno = EFAULT;
    return -1;
  }
  if (*len < sizeof *tv) {
    errno = EINVAL;
    return -1;
  }
  /* A negative timeout (expire at once) reads back as {0, 0}, as Linux's
   * 0 jiffies do. */
  struct timeval out = tv->tv_sec < 0 ? (struct timeval) {0, 0} : *tv;
  memcpy(val, &out, sizeof out);
  *len = sizeof *tv;
  return 0;
}

/* Copies a size-byte option value in: EINVAL if optlen is shorter. */
static int copy_in(const void *val, socklen_t len, void *out, size_t size) {
  if (len < size) {
    errno = EINVAL;
    return -1;
  }
  if (!val) {
    errno = EFAULT;
    return -1;
  }
  memcpy(out, val, size);
  return 0;
}

static int get_int(const void *val, socklen_t len, int *out) {
  return copy_in(val, len, out, sizeof *out);
}

static int get_timeval(const void *val, socklen_t len, struct timeval *out) {
  if (copy_in(val, len, out, sizeof *out) < 0)
    return -1;
  if (out->tv_usec < 0 || out->tv_usec >= 1000000) {
    errno = EDOM;
    return -1;
  }
  /* Linux keeps a timeout in jiffies: a negative one becomes 0 jiffies (a
   * blocking call then fails at once with EAGAIN), and one too long for
   * its timer becomes none, which reads back as {0, 0}. The limit is
   * LONG_MAX jiffies at Debian's HZ of 250; anything below it round-trips,
   * and waiting uses the saturating p3_ns_from_timeval. */
  if (out->tv_sec < 0)
    *out = (struct timeval) {-1, 0};
  else if ((int64_t) out->tv_sec >= INT64_MAX / 250 - 1)
    *out = (struct timeval) {0, 0};
  return 0;
}

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
  return get_int(val, len, out);
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
      return put_int(val, len, SOCK_DGRAM);
    case SO_DOMAIN:
      return put_int(val, len, s->family);
    case SO_PROTOCOL:
      return put_int(val, len, IPPROTO_UDP);
    case SO_ERROR: {
      int e = s->so_error;
      s->so_error = 0;
      if (!e)
        e = p3_udp_rx_take_error(s);
      p3_file_changed(&s->file);
      return put_int(val, len, e);
    }
    case SO_SNDBUF:
      return put_int(val, len, s->sndbuf);
    case SO_RCVBUF:
      return put_int(val, len, s->rcvbuf);
    case SO_REUSEADDR:
      return put_int(val, len, s->reuseaddr);
    case SO_BROADCAST:
      return put_int(val, len, s->broadcast);
    case SO_REUSEPORT:
      return put_int(val, len, s->reuseport);
    case SO_ACCEPTCONN:
      return put_int(val, len, 0);
    case SO_RCVTIMEO:
      return put_timeval(val, len, &s->rcvtimeo);
    case SO_SNDTIMEO:
      return put_timeval(val, len, &s->sndtimeo);
    }
  } else if (level == IPPROTO_IP && s->family == AF_INET) {
    if (name == IP_TTL) {
      int v = host_hops(s);
      return v < 0 ? -1 : put_int(val, len, v);
    }
  } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
    if (name == IPV6_UNICAST_HOPS) {
      int v = host_hops(s);
      return v < 0 ? -1 : put_int(val, len, v);
    }
    if (name == IPV6_V6ONLY)
      return put_int(val, len, 1); /* wasi:sockets IPv6 sockets are IPv6-only */
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
      return get_timeval(val, len, &s->rcvtimeo);
    case SO_SNDTIMEO:
      return get_timeval(val, len, &s->sndtimeo);
    case SO_SNDBUF:
    case SO_RCVBUF:
      if (get_int(val, len, &v) < 0)
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
      if (get_int(val, len, &v) < 0)
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
      if (get_int(val, len, &v) < 0)
        return -1;
      *(name == SO_BROADCAST ? &s->broadcast : &s->reuseport) = !!v;
      return 0;
    }
  } else if (level == IPPROTO_IP && s->family == AF_INET) {
    if (name == IP_TTL)
      return get_ip_int(val, len, &v) < 0 ? -1 : set_host_hops(s, v);
  } else if (level == IPPROTO_IPV6 && s->family == AF_INET6) {
    if (name == IPV6_UNICAST_HOPS)
      return get_int(val, len, &v) < 0 ? -1 : set_host_hops(s, v);
    if (name == IPV6_V6ONLY) {
      if (get_int(val, len, &v) < 0)
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
