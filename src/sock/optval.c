/* Option values in and out of getsockopt/setsockopt, as Linux copies and
 * checks them, for every socket kind. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "sock/sock.h"

int p3_opt_put_int(void *val, socklen_t *len, int v) {
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

int p3_opt_put_timeval(void *val, socklen_t *len, const struct timeval *tv) {
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

int p3_opt_get_int(const void *val, socklen_t len, int *out) {
  return copy_in(val, len, out, sizeof *out);
}

int p3_opt_get_ip_int(const void *val, socklen_t len, int *out) {
  if (len >= 1 && len < sizeof(int) && val) {
    *out = *(const unsigned char *) val;
    return 0;
  }
  return p3_opt_get_int(val, len, out);
}

int p3_opt_get_timeval(const void *val, socklen_t len, struct timeval *out) {
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

int p3_opt_bufsize(int v, int min) {
  if (v < 0 || v > 0x3fffffff)
    v = v < 0 ? 0 : 0x3fffffff;
  return v * 2 < min ? min : v * 2;
}

int p3_opt_hops(int v) {
  if (v == -1)
    return 64; /* Linux: -1 restores the default */
  if (v < 1 || v > 255) {
    errno = EINVAL;
    return -1;
  }
  return v;
}
