/* UDP over IPv6 loopback (::1): bind to port 0, getsockname gives back an
 * AF_INET6 address with the chosen port, datagrams to self and between two
 * sockets carry the sender's address, and IPV6_V6ONLY can be read and set.
 * IPv6 goes through different address plumbing than IPv4 (sockaddr_in6,
 * flowinfo, scope id), so it gets its own test. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_util.h"

static const unsigned char lo6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

int main(void) {
  int a = socket(AF_INET6, SOCK_DGRAM, 0);
  int b = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
  CHECK(a >= 0);
  CHECK(b >= 0);
  limit_wait(a);
  limit_wait(b);

  /* Before bind: AF_INET6, [::]:0. */
  struct sockaddr_in6 sa;
  socklen_t len = sizeof sa;
  memset(&sa, 0xff, sizeof sa);
  CHECK_OK(getsockname(a, (struct sockaddr *) &sa, &len));
  CHECK(len == sizeof sa);
  CHECK(sa.sin6_family == AF_INET6);
  CHECK(sa.sin6_port == 0);
  CHECK(memcmp(&sa.sin6_addr, &in6addr_any, 16) == 0);

  /* IPV6_V6ONLY reads as an int; Linux's default (sysctl bindv6only) is 0.
   * It can be set and read back while the socket is unbound. */
  int v = -1;
  len = sizeof v;
  CHECK_OK(getsockopt(a, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
  CHECK(len == sizeof v);
  CHECK(v == 0 || v == 1);
  int one = 1;
  CHECK_OK(setsockopt(a, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
  v = -1;
  len = sizeof v;
  CHECK_OK(getsockopt(a, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
  CHECK(v == 1);

  struct sockaddr_in6 bind_a = loopback6(0);
  CHECK_OK(bind(a, (struct sockaddr *) &bind_a, sizeof bind_a));
  struct sockaddr_in6 bind_b = loopback6(0);
  CHECK_OK(bind(b, (struct sockaddr *) &bind_b, sizeof bind_b));

  /* Once bound, IPV6_V6ONLY can no longer change (Linux: EINVAL). */
  int zero = 0;
  CHECK_ERR(setsockopt(a, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero), EINVAL);
  v = -1;
  len = sizeof v;
  CHECK_OK(getsockopt(a, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
  CHECK(v == 1);

  struct sockaddr_in6 name_a, name_b;
  len = sizeof name_a;
  CHECK_OK(getsockname(a, (struct sockaddr *) &name_a, &len));
  CHECK(len == sizeof name_a);
  CHECK(name_a.sin6_family == AF_INET6);
  CHECK(name_a.sin6_port != 0);
  CHECK(memcmp(&name_a.sin6_addr, lo6, 16) == 0);
  CHECK(name_a.sin6_flowinfo == 0);
  CHECK(name_a.sin6_scope_id == 0);
  len = sizeof name_b;
  CHECK_OK(getsockname(b, (struct sockaddr *) &name_b, &len));
  CHECK(name_b.sin6_family == AF_INET6);
  CHECK(name_b.sin6_port != 0);
  CHECK(name_b.sin6_port != name_a.sin6_port);

  /* To self. */
  static const char msg1[] = "hello over ::1";
  CHECK(sendto(a, msg1, sizeof msg1, 0, (struct sockaddr *) &name_a, sizeof name_a) ==
        (ssize_t) sizeof msg1);
  CHECK(readable(a));
  char buf[64];
  struct sockaddr_in6 from;
  memset(&from, 0xff, sizeof from);
  len = sizeof from;
  ssize_t n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
  CHECK(n == (ssize_t) sizeof msg1 && memcmp(buf, msg1, sizeof msg1) == 0);
  CHECK(len == sizeof from);
  CHECK(from.sin6_family == AF_INET6);
  CHECK(from.sin6_port == name_a.sin6_port);
  CHECK(memcmp(&from.sin6_addr, lo6, 16) == 0);
  CHECK(from.sin6_flowinfo == 0);
  CHECK(from.sin6_scope_id == 0);

  /* b to a: the source is b's address. */
  static const char msg2[] = "from b";
  CHECK(sendto(b, msg2, sizeof msg2, 0, (struct sockaddr *) &name_a, sizeof name_a) ==
        (ssize_t) sizeof msg2);
  CHECK(readable(a));
  memset(&from, 0, sizeof from);
  len = sizeof from;
  n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
  CHECK(n == (ssize_t) sizeof msg2 && memcmp(buf, msg2, sizeof msg2) == 0);
  CHECK(len == sizeof from);
  CHECK(from.sin6_family == AF_INET6);
  CHECK(from.sin6_port == name_b.sin6_port);
  CHECK(memcmp(&from.sin6_addr, lo6, 16) == 0);

  /* Reply to the address we were given. */
  CHECK(sendto(a, msg1, sizeof msg1, 0, (struct sockaddr *) &from, len) == (ssize_t) sizeof msg1);
  CHECK(readable(b));
  n = recv(b, buf, sizeof buf, 0);
  CHECK(n == (ssize_t) sizeof msg1 && memcmp(buf, msg1, sizeof msg1) == 0);

  /* A fresh AF_INET6 socket without V6ONLY can bind [::1] too. */
  int c = socket(AF_INET6, SOCK_DGRAM, 0);
  CHECK(c >= 0);
  struct sockaddr_in6 bind_c = loopback6(0);
  CHECK_OK(bind(c, (struct sockaddr *) &bind_c, sizeof bind_c));
  CHECK(sendto(c, msg2, sizeof msg2, 0, (struct sockaddr *) &name_b, sizeof name_b) ==
        (ssize_t) sizeof msg2);
  CHECK(readable(b));
  n = recv(b, buf, sizeof buf, 0);
  CHECK(n == (ssize_t) sizeof msg2 && memcmp(buf, msg2, sizeof msg2) == 0);

  CHECK_OK(close(c));
  CHECK_OK(close(b));
  CHECK_OK(close(a));
  CHECK_DONE();
}
