/* getsockopt and setsockopt for socketpair ends: the SOL_SOCKET options
 * an AF_UNIX socket has. Linux answers EOPNOTSUPP for any other level. */
#include <errno.h>

#include "sock/sock.h"
#include "unix/unix.h"

int p3_unix_getsockopt(struct p3_file *f, int level, int name, void *val, socklen_t *len) {
  struct p3_unix *u = (struct p3_unix *) f;
  if (level != SOL_SOCKET) {
    errno = EOPNOTSUPP;
    return -1;
  }
  switch (name) {
  case SO_TYPE:
    return p3_opt_put_int(val, len, u->type);
  case SO_DOMAIN:
    return p3_opt_put_int(val, len, AF_UNIX);
  case SO_PROTOCOL:
    return p3_opt_put_int(val, len, 0);
  case SO_ACCEPTCONN:
    return p3_opt_put_int(val, len, 0);
  case SO_ERROR: {
    int e = u->so_error;
    u->so_error = 0;
    p3_file_changed(&u->file);
    return p3_opt_put_int(val, len, e);
  }
  case SO_SNDBUF:
    return p3_opt_put_int(val, len, u->sndbuf);
  case SO_RCVBUF:
    return p3_opt_put_int(val, len, u->rcvbuf);
  case SO_RCVTIMEO:
    return p3_opt_put_timeval(val, len, &u->rcvtimeo);
  case SO_SNDTIMEO:
    return p3_opt_put_timeval(val, len, &u->sndtimeo);
  }
  errno = ENOPROTOOPT;
  return -1;
}

int p3_unix_setsockopt(struct p3_file *f, int level, int name, const void *val, socklen_t len) {
  struct p3_unix *u = (struct p3_unix *) f;
  if (level != SOL_SOCKET) {
    errno = EOPNOTSUPP;
    return -1;
  }
  int v;
  switch (name) {
  case SO_RCVTIMEO:
    return p3_opt_get_timeval(val, len, &u->rcvtimeo);
  case SO_SNDTIMEO:
    return p3_opt_get_timeval(val, len, &u->sndtimeo);
  case SO_SNDBUF:
  case SO_RCVBUF:
    if (p3_opt_get_int(val, len, &v) < 0)
      return -1;
    /* Linux doubles the value for its bookkeeping, within its limits. */
    if (v < 0 || v > 0x3fffffff)
      v = v < 0 ? 0 : 0x3fffffff;
    if (name == SO_SNDBUF) {
      u->sndbuf = v * 2 < 4608 ? 4608 : v * 2;
      p3_file_changed(&u->file);
    } else {
      u->rcvbuf = v * 2 < 2304 ? 2304 : v * 2;
    }
    return 0;
  }
  errno = ENOPROTOOPT;
  return -1;
}
