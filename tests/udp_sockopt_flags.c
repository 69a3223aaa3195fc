/* SO_BROADCAST and SO_REUSEPORT are int options on a UDP socket, as on
 * Linux: off by default, any non-zero value reads back as 1, zero clears
 * them, on IPv4 and IPv6 sockets, bound or not. A short optlen is EINVAL
 * and a NULL value EFAULT; getsockopt with a short buffer copies what
 * fits. Portable servers set both before bind and stop at the first
 * failing setsockopt, so ENOPROTOOPT here is a server that never starts.
 * (wasi:sockets has neither control: p3net keeps the values, and the host
 * decides what a broadcast send or a second bind does.) */
#include "check.h"

#include "sock_util.h"

static int get_int(int fd, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  CHECK_OK(getsockopt(fd, SOL_SOCKET, name, &v, &len));
  CHECK(len == sizeof v);
  return v;
}

static void flag_roundtrip(int fd, int name) {
  CHECK(get_int(fd, name) == 0);
  int v = 5;
  CHECK_OK(setsockopt(fd, SOL_SOCKET, name, &v, sizeof v));
  CHECK(get_int(fd, name) == 1);
  v = 0;
  CHECK_OK(setsockopt(fd, SOL_SOCKET, name, &v, sizeof v));
  CHECK(get_int(fd, name) == 0);
  v = -1;
  CHECK_OK(setsockopt(fd, SOL_SOCKET, name, &v, sizeof v));
  CHECK(get_int(fd, name) == 1);

  CHECK_ERR(setsockopt(fd, SOL_SOCKET, name, &v, 2), EINVAL);
  CHECK_ERR(setsockopt(fd, SOL_SOCKET, name, NULL, sizeof v), EFAULT);
  short part = 0x7777;
  socklen_t len = sizeof part;
  CHECK_OK(getsockopt(fd, SOL_SOCKET, name, &part, &len));
  CHECK(len == sizeof part);
}

int main(void) {
  int s4 = socket(AF_INET, SOCK_DGRAM, 0);
  int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
  CHECK(s4 >= 0 && s6 >= 0);
  flag_roundtrip(s4, SO_BROADCAST);
  flag_roundtrip(s4, SO_REUSEPORT);
  flag_roundtrip(s6, SO_BROADCAST);
  flag_roundtrip(s6, SO_REUSEPORT);

  /* The two are separate flags, and apart from SO_REUSEADDR. */
  int one = 1, zero = 0;
  CHECK_OK(setsockopt(s4, SOL_SOCKET, SO_REUSEADDR, &zero, sizeof zero));
  CHECK_OK(setsockopt(s4, SOL_SOCKET, SO_BROADCAST, &one, sizeof one));
  CHECK_OK(setsockopt(s4, SOL_SOCKET, SO_REUSEPORT, &zero, sizeof zero));
  CHECK(get_int(s4, SO_BROADCAST) == 1);
  CHECK(get_int(s4, SO_REUSEPORT) == 0);
  CHECK(get_int(s4, SO_REUSEADDR) == 0);

  /* Set before bind, the socket still binds and works; set after, too. */
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one));
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof one));
  struct sockaddr_in me = bind_loopback4(s, 0);
  limit_wait(s);
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &zero, sizeof zero));
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_BROADCAST, &zero, sizeof zero));
  CHECK(get_int(s, SO_REUSEPORT) == 0);
  CHECK(send_to(s, &me, "still") == 0);
  recv_expect(s, "still");

  close(s);
  close(s4);
  close(s6);
  CHECK_DONE();
}
