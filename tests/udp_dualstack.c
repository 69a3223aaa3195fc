/* Dual-stack IPv6 sockets (IPV6_V6ONLY = 0), as Linux does them. An
 * AF_INET6 socket bound to [::] also receives IPv4 datagrams; their source
 * appears as the IPv4-mapped address ::ffff:127.0.0.1 in a sockaddr_in6, and
 * a reply sent to that address goes out over IPv4. It holds the IPv4 port
 * too (an AF_INET bind to it is EADDRINUSE), and Linux even accepts a plain
 * sockaddr_in as a sendto or connect destination. With IPV6_V6ONLY = 1 none
 * of this applies: mapped destinations are ENETUNREACH and the IPv4 port
 * stays free. Servers that listen on [::] for both families depend on it.
 *
 * A declared difference: wasi:sockets 0.3 has no dual-stack sockets, so on
 * p3net every IPv6 socket is IPv6-only. IPV6_V6ONLY reads 1, clearing it is
 * EOPNOTSUPP (EINVAL once bound, as on Linux), and an IPv4-mapped address
 * is refused by the host: EINVAL (README, "Known host differences"). Where
 * p3net runs -- wasip3 (__wasi__) and the simulated host, which builds the
 * tests with -DP3SIM -- the test checks those answers; natively it checks
 * Linux's dual stack. The IPV6_V6ONLY socket is checked on both. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_util.h"

#if defined(__wasi__) || defined(P3SIM)
#define P3NET_RULES 1 /* p3net's own answer is checked, not Linux's */
#endif

static const unsigned char mapped_lo[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1};
static const unsigned char lo6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

static int socket6(int v6only) {
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  limit_wait(fd);
  CHECK_OK(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only));
  return fd;
}

/* [ip]:port: loopback6 with another address. */
static struct sockaddr_in6 addr6(const unsigned char *ip, in_port_t port) {
  struct sockaddr_in6 a = loopback6(port);
  memcpy(&a.sin6_addr, ip, 16);
  return a;
}

/* An IPv4 socket on 127.0.0.1 at a port the system picks. */
static int socket4(struct sockaddr_in *name) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  limit_wait(fd);
  *name = bind_loopback4(fd, 0);
  return fd;
}

static int v6only_of(int fd) {
  int v = -1;
  socklen_t len = sizeof v;
  CHECK_OK(getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
  CHECK(len == sizeof v);
  return v;
}

#ifdef P3NET_RULES
/* p3net: an IPv6 socket is IPv6-only from the start and cannot be made
 * dual-stack; IPv4-mapped destinations are refused. */
static void no_dual_stack(void) {
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  CHECK(v6only_of(fd) == 1);
  int zero = 0, one = 1;
  CHECK_ERR(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero), EOPNOTSUPP);
  CHECK_OK(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
  CHECK(v6only_of(fd) == 1);
  /* From an unbound socket: sendto waits for a first send's outcome there,
   * so the host's refusal is sendto's own answer whenever the host gives
   * it (from a bound socket it may come later, as SO_ERROR). */
  struct sockaddr_in6 mapped = addr6(mapped_lo, htons(9));
  CHECK_ERR(sendto(fd, "x", 1, 0, (struct sockaddr *) &mapped, sizeof mapped), EINVAL);
  CHECK_ERR(connect(fd, (struct sockaddr *) &mapped, sizeof mapped), EINVAL);
  CHECK_ERR(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero), EOPNOTSUPP);
  CHECK_OK(close(fd));
}
#else
/* Linux: the dual-stack socket, on [::]:0. */
static void dual_stack(void) {
  int d = socket6(0);
  CHECK(v6only_of(d) == 0);
  socklen_t len;
  struct sockaddr_in6 any = addr6(in6addr_any.s6_addr, 0);
  CHECK_OK(bind(d, (struct sockaddr *) &any, sizeof any));
  struct sockaddr_in6 dn;
  len = sizeof dn;
  CHECK_OK(getsockname(d, (struct sockaddr *) &dn, &len));
  CHECK(len == sizeof dn);
  CHECK(dn.sin6_family == AF_INET6);
  CHECK(dn.sin6_port != 0);
  CHECK(memcmp(&dn.sin6_addr, &in6addr_any, 16) == 0);

  /* An IPv4 socket sends to 127.0.0.1:<d's port>. */
  struct sockaddr_in n4;
  int v4 = socket4(&n4);
  struct sockaddr_in to_d = loopback4(dn.sin6_port);
  CHECK(sendto(v4, "over v4", 7, 0, (struct sockaddr *) &to_d, sizeof to_d) == 7);
  CHECK(readable(d));
  char buf[32];
  struct sockaddr_in6 from;
  memset(&from, 0, sizeof from);
  len = sizeof from;
  CHECK(recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *) &from, &len) == 7);
  CHECK(memcmp(buf, "over v4", 7) == 0);
  CHECK(len == sizeof from);
  CHECK(from.sin6_family == AF_INET6);
  CHECK(from.sin6_port == n4.sin_port);
  CHECK(memcmp(&from.sin6_addr, mapped_lo, 16) == 0);

  /* The reply, to the mapped address, arrives over IPv4 from d's port. */
  CHECK(sendto(d, "reply", 5, 0, (struct sockaddr *) &from, len) == 5);
  CHECK(readable(v4));
  struct sockaddr_in from4;
  memset(&from4, 0, sizeof from4);
  len = sizeof from4;
  CHECK(recvfrom(v4, buf, sizeof buf, 0, (struct sockaddr *) &from4, &len) == 5);
  CHECK(memcmp(buf, "reply", 5) == 0);
  CHECK(from4.sin_family == AF_INET);
  CHECK(from4.sin_port == dn.sin6_port);
  CHECK(from4.sin_addr.s_addr == htonl(INADDR_LOOPBACK));

  /* The same socket still takes IPv6 from ::1. */
  int v6 = socket6(1);
  struct sockaddr_in6 n6 = addr6(lo6, 0);
  CHECK_OK(bind(v6, (struct sockaddr *) &n6, sizeof n6));
  len = sizeof n6;
  CHECK_OK(getsockname(v6, (struct sockaddr *) &n6, &len));
  struct sockaddr_in6 to_d6 = addr6(lo6, dn.sin6_port);
  CHECK(sendto(v6, "over v6", 7, 0, (struct sockaddr *) &to_d6, sizeof to_d6) == 7);
  CHECK(readable(d));
  len = sizeof from;
  CHECK(recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *) &from, &len) == 7);
  CHECK(memcmp(buf, "over v6", 7) == 0);
  CHECK(from.sin6_port == n6.sin6_port);
  CHECK(memcmp(&from.sin6_addr, lo6, 16) == 0);

  /* Linux takes a plain sockaddr_in as the destination too. */
  struct sockaddr_in to_v4 = loopback4(n4.sin_port);
  CHECK(sendto(d, "plain", 5, 0, (struct sockaddr *) &to_v4, sizeof to_v4) == 5);
  CHECK(readable(v4));
  len = sizeof from4;
  CHECK(recvfrom(v4, buf, sizeof buf, 0, (struct sockaddr *) &from4, &len) == 5);
  CHECK(from4.sin_port == dn.sin6_port);

  /* The dual-stack socket holds the IPv4 port as well. */
  int clash = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(clash >= 0);
  CHECK_ERR(bind(clash, (struct sockaddr *) &to_d, sizeof to_d), EADDRINUSE);
  CHECK_OK(close(clash));

  /* Connected to an IPv4 peer, the peer name is the mapped address. */
  struct sockaddr_in6 mapped_v4 = addr6(mapped_lo, n4.sin_port);
  CHECK_OK(connect(d, (struct sockaddr *) &mapped_v4, sizeof mapped_v4));
  struct sockaddr_in6 pn;
  len = sizeof pn;
  CHECK_OK(getpeername(d, (struct sockaddr *) &pn, &len));
  CHECK(len == sizeof pn);
  CHECK(pn.sin6_family == AF_INET6);
  CHECK(pn.sin6_port == n4.sin_port);
  CHECK(memcmp(&pn.sin6_addr, mapped_lo, 16) == 0);
  CHECK(send(d, "conn", 4, 0) == 4);
  CHECK(readable(v4));
  CHECK(recv(v4, buf, sizeof buf, 0) == 4 && memcmp(buf, "conn", 4) == 0);

  /* A dual-stack socket bound to ::ffff:127.0.0.1 is an IPv4 socket in
   * disguise: it talks to 127.0.0.1 but not to ::1. */
  int m = socket6(0);
  struct sockaddr_in6 mapped_any = addr6(mapped_lo, 0);
  CHECK_OK(bind(m, (struct sockaddr *) &mapped_any, sizeof mapped_any));
  struct sockaddr_in6 mn;
  len = sizeof mn;
  CHECK_OK(getsockname(m, (struct sockaddr *) &mn, &len));
  CHECK(mn.sin6_family == AF_INET6);
  CHECK(memcmp(&mn.sin6_addr, mapped_lo, 16) == 0);
  CHECK(sendto(m, "mapped", 6, 0, (struct sockaddr *) &mapped_v4, sizeof mapped_v4) == 6);
  CHECK(readable(v4));
  len = sizeof from4;
  CHECK(recvfrom(v4, buf, sizeof buf, 0, (struct sockaddr *) &from4, &len) == 6);
  CHECK(from4.sin_port == mn.sin6_port);
  CHECK_ERR(sendto(m, "x", 1, 0, (struct sockaddr *) &n6, sizeof n6), EAFNOSUPPORT);

  CHECK_OK(close(m));
  CHECK_OK(close(v6));
  CHECK_OK(close(v4));
  CHECK_OK(close(d));
}
#endif

/* An IPV6_V6ONLY socket on [::], on Linux and p3net alike: it can reach no
 * IPv4 destination, cannot bind a mapped address, keeps the option once
 * bound, leaves the IPv4 port free, and takes IPv6 as usual. */
static void v6only_socket(void) {
  struct sockaddr_in n4;
  int v4 = socket4(&n4);
  int o = socket6(1);
  CHECK(v6only_of(o) == 1);
  struct sockaddr_in6 mapped_any = addr6(mapped_lo, 0);
  CHECK_ERR(bind(o, (struct sockaddr *) &mapped_any, sizeof mapped_any), EINVAL);
  struct sockaddr_in6 any = addr6(in6addr_any.s6_addr, 0);
  CHECK_OK(bind(o, (struct sockaddr *) &any, sizeof any));
  struct sockaddr_in6 on;
  socklen_t len = sizeof on;
  CHECK_OK(getsockname(o, (struct sockaddr *) &on, &len));
  int zero = 0;
  CHECK_ERR(setsockopt(o, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero), EINVAL);
  CHECK(v6only_of(o) == 1);
  struct sockaddr_in to_v4 = loopback4(n4.sin_port);
#ifdef P3NET_RULES
  /* Not a mapped destination from a bound socket: the host's refusal may
   * come after sendto has returned (no_dual_stack checks it where it
   * cannot). A sockaddr_in is shorter than an IPv6 address: EINVAL. */
  CHECK_ERR(sendto(o, "x", 1, 0, (struct sockaddr *) &to_v4, sizeof to_v4), EINVAL);
#else
  struct sockaddr_in6 mapped_v4 = addr6(mapped_lo, n4.sin_port);
  CHECK_ERR(sendto(o, "x", 1, 0, (struct sockaddr *) &mapped_v4, sizeof mapped_v4), ENETUNREACH);
  CHECK_ERR(sendto(o, "x", 1, 0, (struct sockaddr *) &to_v4, sizeof to_v4), ENETUNREACH);
#endif
  int free4 = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(free4 >= 0);
  limit_wait(free4);
  struct sockaddr_in same_port = loopback4(on.sin6_port);
  CHECK_OK(bind(free4, (struct sockaddr *) &same_port, sizeof same_port));
  /* IPv4 to that port reaches the IPv4 socket, not the V6ONLY one. */
  char buf[32];
  CHECK(sendto(v4, "which", 5, 0, (struct sockaddr *) &same_port, sizeof same_port) == 5);
  CHECK(readable(free4));
  CHECK(recv(free4, buf, sizeof buf, 0) == 5);
  struct pollfd po = {.fd = o, .events = POLLIN};
  CHECK(poll(&po, 1, 0) == 0);
  /* IPv6 from ::1 reaches it. */
  int v6 = socket6(1);
  struct sockaddr_in6 n6 = addr6(lo6, 0);
  CHECK_OK(bind(v6, (struct sockaddr *) &n6, sizeof n6));
  len = sizeof n6;
  CHECK_OK(getsockname(v6, (struct sockaddr *) &n6, &len));
  struct sockaddr_in6 to_o = addr6(lo6, on.sin6_port);
  CHECK(sendto(v6, "over v6", 7, 0, (struct sockaddr *) &to_o, sizeof to_o) == 7);
  CHECK(readable(o));
  struct sockaddr_in6 from;
  memset(&from, 0, sizeof from);
  len = sizeof from;
  CHECK(recvfrom(o, buf, sizeof buf, 0, (struct sockaddr *) &from, &len) == 7);
  CHECK(memcmp(buf, "over v6", 7) == 0);
  CHECK(from.sin6_port == n6.sin6_port);
  CHECK(memcmp(&from.sin6_addr, lo6, 16) == 0);

  CHECK_OK(close(v6));
  CHECK_OK(close(free4));
  CHECK_OK(close(o));
  CHECK_OK(close(v4));
}

int main(void) {
#ifdef P3NET_RULES
  no_dual_stack();
#else
  dual_stack();
#endif
  v6only_socket();
  CHECK_DONE();
}
