/* Socket options on UDP sockets, as Linux answers them: the read-only
 * identity options (SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ERROR), buffer sizes
 * (Linux doubles what is set, so only "get >= set" is asserted), booleans
 * normalised to 0/1 (SO_REUSEADDR), IP_TTL and IPV6_UNICAST_HOPS with their
 * valid ranges and the -1 "back to default" value, SO_RCVTIMEO/SO_SNDTIMEO
 * as struct timeval, and the error paths: unknown option, unknown level,
 * short optlen, read-only options, NULL pointers. Portable code probes these
 * and reacts to the exact errno. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int get_int(int fd, int level, int name) {
  int v = -12345;
  socklen_t len = sizeof v;
  errno = 0;
  int r = getsockopt(fd, level, name, &v, &len);
  if (r != 0)
    fprintf(stderr, "getsockopt(%d, %d): %s\n", level, name, strerror(errno));
  CHECK(r == 0);
  CHECK(len == sizeof v);
  return v;
}

static int set_int(int fd, int level, int name, int v) {
  return setsockopt(fd, level, name, &v, sizeof v);
}

static void timeo_roundtrip(int fd, int name, long sec, long usec) {
  struct timeval tv = {.tv_sec = sec, .tv_usec = usec};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, name, &tv, sizeof tv));
  struct timeval got = {.tv_sec = -1, .tv_usec = -1};
  socklen_t len = sizeof got;
  CHECK_OK(getsockopt(fd, SOL_SOCKET, name, &got, &len));
  CHECK(len == sizeof got);
  if (got.tv_sec != sec || got.tv_usec != usec)
    fprintf(stderr, "timeout %d: set %ld.%06ld got %ld.%06ld\n", name, sec, usec, (long) got.tv_sec,
            (long) got.tv_usec);
  CHECK(got.tv_sec == sec && got.tv_usec == usec);
}

int main(void) {
  int s4 = socket(AF_INET, SOCK_DGRAM, 0);
  int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
  CHECK(s4 >= 0);
  CHECK(s6 >= 0);

  /* Identity. */
  CHECK(get_int(s4, SOL_SOCKET, SO_TYPE) == SOCK_DGRAM);
  CHECK(get_int(s6, SOL_SOCKET, SO_TYPE) == SOCK_DGRAM);
  CHECK(get_int(s4, SOL_SOCKET, SO_DOMAIN) == AF_INET);
  CHECK(get_int(s6, SOL_SOCKET, SO_DOMAIN) == AF_INET6);
  CHECK(get_int(s4, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_UDP);
  CHECK(get_int(s6, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_UDP);
  CHECK(get_int(s4, SOL_SOCKET, SO_ERROR) == 0);
  CHECK(get_int(s6, SOL_SOCKET, SO_ERROR) == 0);
  CHECK(get_int(s4, SOL_SOCKET, SO_ACCEPTCONN) == 0);
  /* SOCK_NONBLOCK is not part of SO_TYPE. */
  int nb = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  CHECK(nb >= 0);
  CHECK(get_int(nb, SOL_SOCKET, SO_TYPE) == SOCK_DGRAM);
  CHECK_OK(close(nb));

  /* The identity options are read-only: setting them is ENOPROTOOPT. */
  CHECK_ERR(set_int(s4, SOL_SOCKET, SO_TYPE, SOCK_STREAM), ENOPROTOOPT);
  CHECK_ERR(set_int(s4, SOL_SOCKET, SO_DOMAIN, AF_INET6), ENOPROTOOPT);
  CHECK_ERR(set_int(s4, SOL_SOCKET, SO_PROTOCOL, IPPROTO_TCP), ENOPROTOOPT);
  CHECK_ERR(set_int(s4, SOL_SOCKET, SO_ERROR, 0), ENOPROTOOPT);

  /* Buffer sizes: a default exists; what is set comes back at least as
   * large (Linux doubles it for bookkeeping). */
  CHECK(get_int(s4, SOL_SOCKET, SO_RCVBUF) > 0);
  CHECK(get_int(s4, SOL_SOCKET, SO_SNDBUF) > 0);
  CHECK_OK(set_int(s4, SOL_SOCKET, SO_RCVBUF, 65536));
  CHECK(get_int(s4, SOL_SOCKET, SO_RCVBUF) >= 65536);
  CHECK_OK(set_int(s4, SOL_SOCKET, SO_SNDBUF, 32768));
  CHECK(get_int(s4, SOL_SOCKET, SO_SNDBUF) >= 32768);
  CHECK_OK(set_int(s6, SOL_SOCKET, SO_RCVBUF, 16384));
  CHECK(get_int(s6, SOL_SOCKET, SO_RCVBUF) >= 16384);
  CHECK_OK(set_int(s6, SOL_SOCKET, SO_SNDBUF, 16384));
  CHECK(get_int(s6, SOL_SOCKET, SO_SNDBUF) >= 16384);
  /* Shrinking is allowed too. */
  int big = get_int(s4, SOL_SOCKET, SO_RCVBUF);
  CHECK_OK(set_int(s4, SOL_SOCKET, SO_RCVBUF, 8192));
  int small = get_int(s4, SOL_SOCKET, SO_RCVBUF);
  CHECK(small >= 8192);
  CHECK(small < big);

  /* SO_REUSEADDR: off by default, any non-zero reads back as 1. */
  CHECK(get_int(s4, SOL_SOCKET, SO_REUSEADDR) == 0);
  CHECK_OK(set_int(s4, SOL_SOCKET, SO_REUSEADDR, 1));
  CHECK(get_int(s4, SOL_SOCKET, SO_REUSEADDR) == 1);
  CHECK_OK(set_int(s4, SOL_SOCKET, SO_REUSEADDR, 0));
  CHECK(get_int(s4, SOL_SOCKET, SO_REUSEADDR) == 0);
  CHECK_OK(set_int(s4, SOL_SOCKET, SO_REUSEADDR, 7));
  CHECK(get_int(s4, SOL_SOCKET, SO_REUSEADDR) == 1);
  CHECK_OK(set_int(s6, SOL_SOCKET, SO_REUSEADDR, 1));
  CHECK(get_int(s6, SOL_SOCKET, SO_REUSEADDR) == 1);

  /* IP_TTL: default in 1..255; 1..255 settable; 0 and 256 are EINVAL; -1
   * restores the default (the value of the default: udp_ttl_default.c). */
  int ttl0 = get_int(s4, IPPROTO_IP, IP_TTL);
  CHECK(ttl0 >= 1 && ttl0 <= 255);
  CHECK_OK(set_int(s4, IPPROTO_IP, IP_TTL, 42));
  CHECK(get_int(s4, IPPROTO_IP, IP_TTL) == 42);
  CHECK_OK(set_int(s4, IPPROTO_IP, IP_TTL, 1));
  CHECK(get_int(s4, IPPROTO_IP, IP_TTL) == 1);
  CHECK_OK(set_int(s4, IPPROTO_IP, IP_TTL, 255));
  CHECK(get_int(s4, IPPROTO_IP, IP_TTL) == 255);
  CHECK_ERR(set_int(s4, IPPROTO_IP, IP_TTL, 0), EINVAL);
  CHECK_ERR(set_int(s4, IPPROTO_IP, IP_TTL, 256), EINVAL);
  CHECK(get_int(s4, IPPROTO_IP, IP_TTL) == 255);
  CHECK_OK(set_int(s4, IPPROTO_IP, IP_TTL, -1));
  CHECK(get_int(s4, IPPROTO_IP, IP_TTL) != 255);

  /* IPV6_UNICAST_HOPS: the same shape; -1 restores the default, values
   * outside -1..255 are EINVAL. */
  int hops0 = get_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS);
  CHECK(hops0 >= 1 && hops0 <= 255);
  CHECK_OK(set_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 42));
  CHECK(get_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS) == 42);
  CHECK_OK(set_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255));
  CHECK(get_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS) == 255);
  CHECK_ERR(set_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 256), EINVAL);
  CHECK_ERR(set_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, -2), EINVAL);
  CHECK(get_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS) == 255);
  CHECK_OK(set_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, -1));
  CHECK(get_int(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS) != 255);

  /* Timeouts: zero (no timeout) by default, struct timeval round trip.
   * Linux keeps timeouts in scheduler ticks, rounding up, so the exact round
   * trips use multiples of 100 ms (whole ticks at HZ 100, 250, 300, 1000);
   * other values read back no smaller and at most a tick (< 20 ms) larger. */
  struct timeval tv = {.tv_sec = -1, .tv_usec = -1};
  socklen_t len = sizeof tv;
  CHECK_OK(getsockopt(s4, SOL_SOCKET, SO_RCVTIMEO, &tv, &len));
  CHECK(len == sizeof tv);
  CHECK(tv.tv_sec == 0 && tv.tv_usec == 0);
  len = sizeof tv;
  CHECK_OK(getsockopt(s4, SOL_SOCKET, SO_SNDTIMEO, &tv, &len));
  CHECK(tv.tv_sec == 0 && tv.tv_usec == 0);
  timeo_roundtrip(s4, SO_RCVTIMEO, 0, 200000);
  timeo_roundtrip(s4, SO_RCVTIMEO, 2, 500000);
  timeo_roundtrip(s4, SO_SNDTIMEO, 1, 0);
  timeo_roundtrip(s4, SO_SNDTIMEO, 0, 700000);
  timeo_roundtrip(s6, SO_RCVTIMEO, 3, 100000);
  timeo_roundtrip(s4, SO_RCVTIMEO, 0, 0);
  timeo_roundtrip(s4, SO_SNDTIMEO, 0, 0);
  tv.tv_sec = 0;
  tv.tv_usec = 123457;
  CHECK_OK(setsockopt(s4, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  len = sizeof tv;
  CHECK_OK(getsockopt(s4, SOL_SOCKET, SO_RCVTIMEO, &tv, &len));
  CHECK(tv.tv_sec == 0 && tv.tv_usec >= 123457 && tv.tv_usec < 143457);
  /* tv_usec outside 0..999999 is EDOM (POSIX's "too big" errno). */
  tv.tv_sec = 0;
  tv.tv_usec = 1000000;
  CHECK_ERR(setsockopt(s4, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), EDOM);
  /* A negative time means "no timeout". */
  tv.tv_sec = -1;
  tv.tv_usec = 0;
  CHECK_OK(setsockopt(s4, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
  len = sizeof tv;
  CHECK_OK(getsockopt(s4, SOL_SOCKET, SO_SNDTIMEO, &tv, &len));
  CHECK(tv.tv_sec == 0 && tv.tv_usec == 0);

  /* Unknown option names: ENOPROTOOPT at every level UDP handles. */
  int v = 0;
  len = sizeof v;
  CHECK_ERR(getsockopt(s4, SOL_SOCKET, 12345, &v, &len), ENOPROTOOPT);
  CHECK_ERR(set_int(s4, SOL_SOCKET, 12345, 1), ENOPROTOOPT);
  len = sizeof v;
  CHECK_ERR(getsockopt(s4, IPPROTO_IP, 12345, &v, &len), ENOPROTOOPT);
  CHECK_ERR(set_int(s4, IPPROTO_IP, 12345, 1), ENOPROTOOPT);
  len = sizeof v;
  CHECK_ERR(getsockopt(s4, IPPROTO_UDP, 12345, &v, &len), ENOPROTOOPT);
  CHECK_ERR(set_int(s4, IPPROTO_UDP, 12345, 1), ENOPROTOOPT);
  len = sizeof v;
  CHECK_ERR(getsockopt(s6, IPPROTO_IPV6, 12345, &v, &len), ENOPROTOOPT);
  CHECK_ERR(set_int(s6, IPPROTO_IPV6, 12345, 1), ENOPROTOOPT);

  /* Unknown level. Linux is asymmetric here: setsockopt says ENOPROTOOPT,
   * getsockopt says EOPNOTSUPP. A level of another protocol (TCP, or IPv6
   * on an IPv4 socket) is an unknown level too. */
  CHECK_ERR(set_int(s4, 12345, 1, 1), ENOPROTOOPT);
  len = sizeof v;
  CHECK_ERR(getsockopt(s4, 12345, 1, &v, &len), EOPNOTSUPP);
  CHECK_ERR(set_int(s4, IPPROTO_TCP, 1, 1), ENOPROTOOPT);
  len = sizeof v;
  CHECK_ERR(getsockopt(s4, IPPROTO_TCP, 1, &v, &len), EOPNOTSUPP);
  CHECK_ERR(set_int(s4, IPPROTO_IPV6, IPV6_V6ONLY, 1), ENOPROTOOPT);
  len = sizeof v;
  CHECK_ERR(getsockopt(s4, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len), EOPNOTSUPP);

  /* setsockopt with an optlen too small for the value: EINVAL. */
  char c = 1;
  short sh = 1;
  CHECK_ERR(setsockopt(s4, SOL_SOCKET, SO_RCVBUF, &c, 1), EINVAL);
  CHECK_ERR(setsockopt(s4, SOL_SOCKET, SO_REUSEADDR, &sh, sizeof sh), EINVAL);
  CHECK_ERR(setsockopt(s4, SOL_SOCKET, SO_REUSEADDR, &v, 0), EINVAL);
  CHECK_ERR(setsockopt(s4, IPPROTO_IP, IP_TTL, &v, 0), EINVAL);
  CHECK_ERR(setsockopt(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &c, 1), EINVAL);
  CHECK_ERR(setsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, &c, 1), EINVAL);
  tv.tv_sec = 1;
  tv.tv_usec = 0;
  CHECK_ERR(setsockopt(s4, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv - 1), EINVAL);

  /* But integer IPPROTO_IP options also take a single byte on Linux (any
   * optlen from 1 to 3 reads one unsigned char). */
  unsigned char ttl_byte = 33;
  CHECK_OK(setsockopt(s4, IPPROTO_IP, IP_TTL, &ttl_byte, 1));
  CHECK(get_int(s4, IPPROTO_IP, IP_TTL) == 33);

  /* getsockopt with a short optlen is not an error on Linux: it copies
   * that many bytes of the int and writes nothing past them. */
  unsigned char guard[8];
  memset(guard, 0xee, sizeof guard);
  len = 2;
  CHECK_OK(getsockopt(s4, SOL_SOCKET, SO_TYPE, guard, &len));
  CHECK(len == 2);
  CHECK(guard[0] == SOCK_DGRAM && guard[1] == 0); /* little-endian int */
  CHECK(guard[2] == 0xee && guard[3] == 0xee);
  len = 0;
  memset(guard, 0xee, sizeof guard);
  CHECK_OK(getsockopt(s4, SOL_SOCKET, SO_TYPE, guard, &len));
  CHECK(len == 0);
  CHECK(guard[0] == 0xee);
  /* An optlen that is negative as an int is EINVAL. */
  len = (socklen_t) -1;
  CHECK_ERR(getsockopt(s4, SOL_SOCKET, SO_TYPE, &v, &len), EINVAL);

  /* NULL pointers are EFAULT. */
  CHECK_ERR(setsockopt(s4, SOL_SOCKET, SO_RCVBUF, NULL, sizeof v), EFAULT);
  len = sizeof v;
  CHECK_ERR(getsockopt(s4, SOL_SOCKET, SO_RCVBUF, NULL, &len), EFAULT);
  CHECK_ERR(getsockopt(s4, SOL_SOCKET, SO_RCVBUF, &v, NULL), EFAULT);

  CHECK_OK(close(s6));
  CHECK_OK(close(s4));
  CHECK_DONE();
}
