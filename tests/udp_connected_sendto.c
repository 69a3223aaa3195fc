/* sendto with an explicit address on a connected UDP socket. Linux sends
 * the datagram to that address, from the socket's own address, and leaves
 * the connection alone: the peer is unchanged, send() still goes to it, and
 * the receive filter still admits only the peer. An explicit address equal
 * to the peer's is of course fine too. Kept apart from udp_connected.c
 * because WASI hosts refuse a destination other than the connected one, and
 * that difference should not hide the rest of the connected-socket checks. */
// P3NET-EXPECT-FAIL(wasmtime): hosts refuse a non-peer destination while connected (EISCONN)
// P3NET-EXPECT-FAIL(jco): hosts refuse a non-peer destination while connected (EISCONN)
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sock_util.h"

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

  /* To another address: it goes there, and not to the peer. */
  CHECK(sendto(a, "to third", 8, 0, (struct sockaddr *) &nt, sizeof nt) == 8);
  expect(third, "to third", na.sin_port);
  CHECK(!readable_within(peer, 100));

  /* sendmsg with a name does the same. */
  struct iovec iov = {"by sendmsg", 10};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_name = &nt;
  mh.msg_namelen = sizeof nt;
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  CHECK(sendmsg(a, &mh, 0) == 10);
  expect(third, "by sendmsg", na.sin_port);

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
