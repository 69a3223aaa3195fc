/* sendto with an explicit address on a connected UDP socket. Linux sends
 * the datagram to that address, from the socket's own address, and leaves
 * the connection alone: the peer is unchanged, send() still goes to it, and
 * the receive filter still admits only the peer. An explicit address equal
 * to the peer's is of course fine too. Kept apart from udp_connected.c
 * because p3net differs here by design, and that difference should not hide
 * the rest of the connected-socket checks.
 *
 * A declared difference: wasi:sockets 0.3 refuses a destination other than
 * the connected peer, and stepping out of the connection for one datagram
 * would give up a port bound as 0, so p3net answers -1/EISCONN and sends
 * nothing (README, "Known host differences"). Where p3net runs -- wasip3
 * (__wasi__) and the simulated host, which builds the tests with -DP3SIM --
 * the test checks that answer; natively it checks Linux's. Either way the
 * connection must come out unchanged. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sock_util.h"

#if defined(__wasi__) || defined(P3SIM)
#define P3NET_RULES 1 /* p3net's own answer is checked, not Linux's */
#endif

/* Receives one datagram (bounded wait) and checks payload and source port. */
static void expect(int fd, const char *msg, in_port_t from_port) {
  struct sockaddr_in from = recv_expect(fd, msg);
  CHECK(from.sin_port == from_port);
  CHECK(from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
}

int main(void) {
  struct sockaddr_in na, np, nt;
  int a = bound4(&na);
  int peer = bound4(&np);
  int third = bound4(&nt);
  CHECK_OK(connect(a, (struct sockaddr *) &np, sizeof np));

  /* To another address. Linux: it goes there, and not to the peer.
   * p3net: EISCONN, and it goes nowhere. */
#ifdef P3NET_RULES
  CHECK_ERR(sendto(a, "to third", 8, 0, (struct sockaddr *) &nt, sizeof nt), EISCONN);
  CHECK(!readable_within(third, 100));
#else
  CHECK(sendto(a, "to third", 8, 0, (struct sockaddr *) &nt, sizeof nt) == 8);
  expect(third, "to third", na.sin_port);
#endif
  CHECK(!readable_within(peer, 100));

  /* sendmsg with a name does the same. */
  struct iovec iov = {"by sendmsg", 10};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_name = &nt;
  mh.msg_namelen = sizeof nt;
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
#ifdef P3NET_RULES
  CHECK_ERR(sendmsg(a, &mh, 0), EISCONN);
  CHECK(!readable_within(third, 100));
#else
  CHECK(sendmsg(a, &mh, 0) == 10);
  expect(third, "by sendmsg", na.sin_port);
#endif
  CHECK(!readable_within(peer, 100));

  /* Neither leaves an error pending on the socket. */
  int soerr = -1;
  socklen_t elen = sizeof soerr;
  CHECK_OK(getsockopt(a, SOL_SOCKET, SO_ERROR, &soerr, &elen));
  CHECK(soerr == 0);

  /* The peer's own address, given explicitly. */
  CHECK(sendto(a, "to peer", 7, 0, (struct sockaddr *) &np, sizeof np) == 7);
  expect(peer, "to peer", na.sin_port);

  /* The connection is unchanged: same peer name, send() goes to the peer,
   * and the third socket's reply is still filtered out. */
  struct sockaddr_in pn;
  socklen_t len = sizeof pn;
  CHECK_OK(getpeername(a, (struct sockaddr *) &pn, &len));
  CHECK(pn.sin_port == np.sin_port);
  CHECK(send(a, "default", 7, 0) == 7);
  expect(peer, "default", na.sin_port);
  CHECK(!readable_within(third, 100));
  CHECK(sendto(third, "reply", 5, 0, (struct sockaddr *) &na, sizeof na) == 5);
  CHECK(sendto(peer, "from peer", 9, 0, (struct sockaddr *) &na, sizeof na) == 9);
  expect(a, "from peer", np.sin_port);
  char b;
  CHECK_ERR(recv(a, &b, 1, MSG_DONTWAIT), EAGAIN);

  CHECK_OK(close(third));
  CHECK_OK(close(peer));
  CHECK_OK(close(a));
  CHECK_DONE();
}
