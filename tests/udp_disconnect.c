/* What connect(AF_UNSPEC) does to a UDP socket's local address on Linux.
 * Linux only keeps the parts of the local address the application chose:
 * a port the kernel picked (bind to port 0, or the implicit bind done by
 * connect) is released on disconnect, so getsockname reports port 0 again,
 * and an address the kernel picked goes back to 0.0.0.0. An explicitly
 * bound port survives. A later send binds a fresh port. This is kept apart
 * from udp_connected.c because other stacks (and WASI hosts) may keep the
 * binding; a host difference here then hides nothing else. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_util.h"

static struct sockaddr_in local(int fd) {
  struct sockaddr_in n;
  memset(&n, 0xff, sizeof n);
  socklen_t len = sizeof n;
  CHECK_OK(getsockname(fd, (struct sockaddr *) &n, &len));
  CHECK(len == sizeof n);
  CHECK(n.sin_family == AF_INET);
  return n;
}

static void disconnect(int fd) {
  struct sockaddr_in u;
  memset(&u, 0, sizeof u);
  u.sin_family = AF_UNSPEC;
  CHECK_OK(connect(fd, (struct sockaddr *) &u, sizeof u));
}

int main(void) {
  int peer = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(peer >= 0);
  limit_wait(peer);
  struct sockaddr_in a = loopback4(0);
  CHECK_OK(bind(peer, (struct sockaddr *) &a, sizeof a));
  struct sockaddr_in np = local(peer);

  /* Bound to 127.0.0.1:0: the address stays, the port is released. */
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  CHECK_OK(bind(s, (struct sockaddr *) &a, sizeof a));
  struct sockaddr_in before = local(s);
  CHECK(before.sin_port != 0);
  CHECK_OK(connect(s, (struct sockaddr *) &np, sizeof np));
  CHECK(local(s).sin_port == before.sin_port);
  disconnect(s);
  struct sockaddr_in after = local(s);
  CHECK(after.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  CHECK(after.sin_port == 0);
  /* Sending binds a port again, and the datagram comes from it. */
  CHECK(sendto(s, "again", 5, 0, (struct sockaddr *) &np, sizeof np) == 5);
  after = local(s);
  CHECK(after.sin_port != 0);
  CHECK(after.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  struct pollfd p = {.fd = peer, .events = POLLIN};
  CHECK(poll(&p, 1, 2000) == 1);
  struct sockaddr_in from;
  socklen_t len = sizeof from;
  char buf[16];
  CHECK(recvfrom(peer, buf, sizeof buf, 0, (struct sockaddr *) &from, &len) == 5);
  CHECK(from.sin_port == after.sin_port);
  CHECK_OK(close(s));

  /* Bound implicitly by connect: everything goes back to 0.0.0.0:0. */
  s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  CHECK_OK(connect(s, (struct sockaddr *) &np, sizeof np));
  before = local(s);
  CHECK(before.sin_port != 0);
  CHECK(before.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  disconnect(s);
  after = local(s);
  CHECK(after.sin_port == 0);
  CHECK(after.sin_addr.s_addr == htonl(INADDR_ANY));
  CHECK_OK(close(s));

  /* Bound to an explicit port: the port and address survive. */
  s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  CHECK_OK(bind(s, (struct sockaddr *) &a, sizeof a));
  in_port_t port = local(s).sin_port;
  CHECK_OK(close(s));
  s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  struct sockaddr_in fixed = loopback4(port);
  CHECK_OK(bind(s, (struct sockaddr *) &fixed, sizeof fixed));
  CHECK_OK(connect(s, (struct sockaddr *) &np, sizeof np));
  disconnect(s);
  after = local(s);
  CHECK(after.sin_port == port);
  CHECK(after.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  CHECK_OK(close(s));

  CHECK_OK(close(peer));
  CHECK_DONE();
}
