/* Connected UDP sockets. connect() on a datagram socket sets a default
 * destination and a receive filter: send/write need no address, only the
 * peer's datagrams are delivered (others are dropped, not queued), and
 * getpeername names the peer, connecting again re-targets, and
 * connect(AF_UNSPEC) dissolves the association: getpeername says ENOTCONN
 * and send without an address says EDESTADDRREQ. DNS clients and most
 * request/response UDP code rely on this. (sendto with another address on a
 * connected socket is udp_connected_sendto.c.) */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_util.h"

/* Receives one datagram (bounded wait) and checks payload and source port. */
static void expect(int fd, const char *msg, in_port_t from_port) {
  struct sockaddr_in from = recv_expect(fd, msg);
  CHECK(from.sin_family == AF_INET);
  CHECK(from.sin_port == from_port);
  CHECK(from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
}

int main(void) {
  /* The socket under test is bound to an explicit port (one the kernel
   * just handed out), because Linux keeps only an explicitly bound port
   * across connect(AF_UNSPEC); see udp_disconnect.c for the port-0 case. */
  struct sockaddr_in na, np, nt;
  int tmp = bound4(&na);
  CHECK_OK(close(tmp));
  int a = bound4_limited(SOCK_DGRAM, na.sin_port, &na);
  int peer = bound4(&np); /* its peer */
  int third = bound4(&nt);

  /* Unconnected: no peer name. */
  struct sockaddr_in pn;
  socklen_t len = sizeof pn;
  CHECK_ERR(getpeername(a, (struct sockaddr *) &pn, &len), ENOTCONN);

  CHECK_OK(connect(a, (struct sockaddr *) &np, sizeof np));

  /* getpeername names the peer; getsockname is unchanged. */
  memset(&pn, 0, sizeof pn);
  len = sizeof pn;
  CHECK_OK(getpeername(a, (struct sockaddr *) &pn, &len));
  CHECK(len == sizeof pn);
  CHECK(pn.sin_family == AF_INET);
  CHECK(pn.sin_port == np.sin_port);
  CHECK(pn.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  struct sockaddr_in sn;
  len = sizeof sn;
  CHECK_OK(getsockname(a, (struct sockaddr *) &sn, &len));
  CHECK(sn.sin_port == na.sin_port);
  CHECK(sn.sin_addr.s_addr == htonl(INADDR_LOOPBACK));

  /* send and write need no address. */
  CHECK(send(a, "via send", 8, 0) == 8);
  expect(peer, "via send", na.sin_port);
  CHECK(write(a, "via write", 9) == 9);
  expect(peer, "via write", na.sin_port);
  /* sendto with a NULL address on a connected socket uses the peer. */
  CHECK(sendto(a, "null addr", 9, 0, NULL, 0) == 9);
  expect(peer, "null addr", na.sin_port);

  /* Only the peer's datagrams arrive: the third socket's is dropped, so the
   * first datagram received is the peer's. */
  CHECK(sendto(third, "intruder", 8, 0, (struct sockaddr *) &na, sizeof na) == 8);
  CHECK(sendto(peer, "from peer", 9, 0, (struct sockaddr *) &na, sizeof na) == 9);
  expect(a, "from peer", np.sin_port);
  CHECK(!readable_within(a, 100));
  CHECK(nothing_queued(a));

  /* recv and read on the connected socket. */
  CHECK(sendto(peer, "to recv", 7, 0, (struct sockaddr *) &na, sizeof na) == 7);
  CHECK(readable(a));
  char buf[64];
  CHECK(recv(a, buf, sizeof buf, 0) == 7 && memcmp(buf, "to recv", 7) == 0);
  CHECK(sendto(peer, "to read", 7, 0, (struct sockaddr *) &na, sizeof na) == 7);
  CHECK(readable(a));
  CHECK(read(a, buf, sizeof buf) == 7 && memcmp(buf, "to read", 7) == 0);

  /* Connecting again re-targets: now third is the peer. */
  CHECK_OK(connect(a, (struct sockaddr *) &nt, sizeof nt));
  len = sizeof pn;
  CHECK_OK(getpeername(a, (struct sockaddr *) &pn, &len));
  CHECK(pn.sin_port == nt.sin_port);
  CHECK(send(a, "retarget", 8, 0) == 8);
  expect(third, "retarget", na.sin_port);
  CHECK(sendto(peer, "old peer", 8, 0, (struct sockaddr *) &na, sizeof na) == 8);
  CHECK(sendto(third, "new peer", 8, 0, (struct sockaddr *) &na, sizeof na) == 8);
  expect(a, "new peer", nt.sin_port);
  CHECK(nothing_queued(a));

  /* connect(AF_UNSPEC) disconnects; the local address stays bound. */
  struct sockaddr_in unspec;
  memset(&unspec, 0, sizeof unspec);
  unspec.sin_family = AF_UNSPEC;
  CHECK_OK(connect(a, (struct sockaddr *) &unspec, sizeof unspec));
  len = sizeof pn;
  CHECK_ERR(getpeername(a, (struct sockaddr *) &pn, &len), ENOTCONN);
  CHECK_ERR(send(a, "x", 1, 0), EDESTADDRREQ);
  CHECK_ERR(write(a, "x", 1), EDESTADDRREQ);
  len = sizeof sn;
  CHECK_OK(getsockname(a, (struct sockaddr *) &sn, &len));
  CHECK(sn.sin_port == na.sin_port);
  CHECK(sn.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  /* Disconnected again: datagrams from anyone arrive. */
  CHECK(sendto(peer, "anyone 1", 8, 0, (struct sockaddr *) &na, sizeof na) == 8);
  expect(a, "anyone 1", np.sin_port);
  CHECK(sendto(third, "anyone 2", 8, 0, (struct sockaddr *) &na, sizeof na) == 8);
  expect(a, "anyone 2", nt.sin_port);
  /* Disconnecting twice is fine. */
  CHECK_OK(connect(a, (struct sockaddr *) &unspec, sizeof unspec));

  /* connect() on an unbound socket binds it implicitly. */
  int c = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(c >= 0);
  CHECK_OK(connect(c, (struct sockaddr *) &np, sizeof np));
  len = sizeof sn;
  CHECK_OK(getsockname(c, (struct sockaddr *) &sn, &len));
  CHECK(sn.sin_family == AF_INET);
  CHECK(sn.sin_port != 0);
  CHECK(sn.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  CHECK(send(c, "implicit", 8, 0) == 8);
  expect(peer, "implicit", sn.sin_port);

  CHECK_OK(close(c));
  CHECK_OK(close(third));
  CHECK_OK(close(peer));
  CHECK_OK(close(a));
  CHECK_DONE();
}
