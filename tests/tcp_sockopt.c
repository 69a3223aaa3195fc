/* TCP socket options, read back as Linux does: the identity options, the
 * listener flag, buffer sizes doubled, keep-alive and its timings (held
 * by the host), TCP_NODELAY, hop limits, SO_LINGER, IPV6_V6ONLY; bad
 * values and unknown options get Linux's errno. */
#include "check.h"
#include "tcp_util.h"

static int get(int fd, int level, int name) {
  int v = -12345;
  socklen_t len = sizeof v;
  if (getsockopt(fd, level, name, &v, &len) < 0)
    return -1000 - errno;
  CHECK(len == sizeof v);
  return v;
}

static int set(int fd, int level, int name, int v) {
  return setsockopt(fd, level, name, &v, sizeof v);
}

static void ints(int family) {
  int s = socket(family, SOCK_STREAM, 0);
  CHECK(s >= 0);
  CHECK(get(s, SOL_SOCKET, SO_TYPE) == SOCK_STREAM);
  CHECK(get(s, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_TCP);
  CHECK(get(s, SOL_SOCKET, SO_DOMAIN) == family);
  CHECK(get(s, SOL_SOCKET, SO_ERROR) == 0);
  CHECK(get(s, SOL_SOCKET, SO_ACCEPTCONN) == 0);

  CHECK_OK(set(s, SOL_SOCKET, SO_REUSEADDR, 1));
  CHECK(get(s, SOL_SOCKET, SO_REUSEADDR) == 1);
  CHECK_OK(set(s, SOL_SOCKET, SO_REUSEADDR, 0));
  CHECK(get(s, SOL_SOCKET, SO_REUSEADDR) == 0);

  CHECK(get(s, SOL_SOCKET, SO_KEEPALIVE) == 0);
  CHECK_OK(set(s, SOL_SOCKET, SO_KEEPALIVE, 1));
  CHECK(get(s, SOL_SOCKET, SO_KEEPALIVE) == 1);
  CHECK_OK(set(s, IPPROTO_TCP, TCP_KEEPIDLE, 30));
  CHECK(get(s, IPPROTO_TCP, TCP_KEEPIDLE) == 30);
  CHECK_OK(set(s, IPPROTO_TCP, TCP_KEEPINTVL, 7));
  CHECK(get(s, IPPROTO_TCP, TCP_KEEPINTVL) == 7);
  CHECK_OK(set(s, IPPROTO_TCP, TCP_KEEPCNT, 4));
  CHECK(get(s, IPPROTO_TCP, TCP_KEEPCNT) == 4);
  CHECK_ERR(set(s, IPPROTO_TCP, TCP_KEEPIDLE, 0), EINVAL);
  CHECK_ERR(set(s, IPPROTO_TCP, TCP_KEEPINTVL, 40000), EINVAL);
  CHECK_ERR(set(s, IPPROTO_TCP, TCP_KEEPCNT, 128), EINVAL);
  CHECK(get(s, IPPROTO_TCP, TCP_KEEPIDLE) == 30);

  CHECK(get(s, IPPROTO_TCP, TCP_NODELAY) == 0);
  CHECK_OK(set(s, IPPROTO_TCP, TCP_NODELAY, 5));
  CHECK(get(s, IPPROTO_TCP, TCP_NODELAY) == 1);

  CHECK_OK(set(s, SOL_SOCKET, SO_RCVBUF, 65536));
  CHECK(get(s, SOL_SOCKET, SO_RCVBUF) == 131072);
  CHECK_OK(set(s, SOL_SOCKET, SO_SNDBUF, 65536));
  CHECK(get(s, SOL_SOCKET, SO_SNDBUF) == 131072);
  CHECK_OK(set(s, SOL_SOCKET, SO_SNDBUF, 1));
  CHECK(get(s, SOL_SOCKET, SO_SNDBUF) == 4608);

  if (family == AF_INET) {
    CHECK_OK(set(s, IPPROTO_IP, IP_TTL, 33));
    CHECK(get(s, IPPROTO_IP, IP_TTL) == 33);
    CHECK_ERR(set(s, IPPROTO_IP, IP_TTL, 256), EINVAL);
    CHECK_ERR(set(s, IPPROTO_IP, IP_TTL, 0), EINVAL);
  } else {
    CHECK_OK(set(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 44));
    CHECK(get(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS) == 44);
    CHECK_OK(set(s, IPPROTO_IPV6, IPV6_V6ONLY, 1));
    CHECK(get(s, IPPROTO_IPV6, IPV6_V6ONLY) == 1);
  }

  struct linger l = {1, 5}, back;
  socklen_t len = sizeof back;
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l));
  CHECK_OK(getsockopt(s, SOL_SOCKET, SO_LINGER, &back, &len));
  CHECK(len == sizeof back && back.l_onoff == 1 && back.l_linger == 5);
  CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l - 1), EINVAL);

  /* Short or bad values: an int option needs an int, a timeout's
   * microseconds stay below a second, a negative buffer size is the
   * minimum, hop limits are 1-255 (or -1: the default). */
  int one = 1;
  CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, 2), EINVAL);
  CHECK_ERR(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, 2), EINVAL);
  CHECK_ERR(setsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, &one, 0), EINVAL);
  struct timeval badtv = {1, 1000000};
  CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &badtv, sizeof badtv), EDOM);
  CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &badtv, sizeof badtv - 1), EINVAL);
  if (family == AF_INET6) {
    CHECK_ERR(set(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 256), EINVAL);
    CHECK_ERR(set(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, -2), EINVAL);
    CHECK(get(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS) == 44);
  }

  CHECK(get(s, IPPROTO_TCP, 9999) == -1000 - ENOPROTOOPT);
  CHECK_ERR(set(s, IPPROTO_TCP, 9999, 1), ENOPROTOOPT);
  CHECK(get(s, SOL_SOCKET, 9999) == -1000 - ENOPROTOOPT);
  CHECK_ERR(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, NULL, 4), EFAULT);
  close(s);
}

int main(void) {
  ints(AF_INET);
  ints(AF_INET6);
  /* A listener says so, and an accepted socket inherits no listen flag. */
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  CHECK(get(lst, SOL_SOCKET, SO_ACCEPTCONN) == 1);
  int c, s;
  if (tcp_pair(lst, &la, &c, &s) == 0) {
    CHECK(get(s, SOL_SOCKET, SO_ACCEPTCONN) == 0);
    CHECK(get(c, SOL_SOCKET, SO_ERROR) == 0);
    close(c);
    close(s);
  }
  close(lst);
  CHECK_DONE();
}
