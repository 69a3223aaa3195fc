/* shutdown() on a connected UDP socket, as Linux does it. SHUT_RD does not
 * discard anything: queued datagrams, and ones arriving later, are still
 * delivered; only a blocking receive on an empty socket stops waiting and
 * returns 0 (end of file), while a non-blocking one still says EAGAIN. poll
 * reports POLLIN|POLLRDHUP from then on. SHUT_WR makes every send fail with
 * EPIPE (and, for a datagram socket, raises no SIGPIPE); receiving is
 * unaffected and POLLOUT stays set. With both shut, poll adds POLLHUP. The
 * state outlives connect(AF_UNSPEC) and a reconnect. Programs use
 * shutdown(SHUT_RD) to wake a thread blocked in recv, so the "returns 0 at
 * once" part is the important one. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sock_util.h"

static short revents(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP};
  CHECK(poll(&p, 1, 0) >= 0);
  return p.revents;
}

/* After SHUT_RD poll no longer tells whether a datagram is queued, so this
 * polls the queue itself with non-blocking receives (at most 2 s). */
static ssize_t recv_soon(int fd, char *buf, size_t len) {
  double t0 = check_now_ms();
  for (;;) {
    errno = 0;
    ssize_t n = recv(fd, buf, len, MSG_DONTWAIT);
    if (n >= 0 || errno != EAGAIN || check_now_ms() - t0 > 2000)
      return n;
    poll(NULL, 0, 10);
  }
}

/* A blocking receive on an empty, read-shut socket: 0 at once. */
static void eof_now(int fd) {
  char buf[16];
  double t0 = check_now_ms();
  CHECK(recv(fd, buf, sizeof buf, 0) == 0);
  CHECK(recvfrom(fd, buf, sizeof buf, 0, NULL, NULL) == 0);
  CHECK(read(fd, buf, sizeof buf) == 0);
  struct iovec iov = {buf, sizeof buf};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  CHECK(recvmsg(fd, &mh, 0) == 0);
  CHECK(check_now_ms() - t0 < 1000);
}

int main(void) {
  struct sockaddr_in na, nb;
  int a = bound4(&na);
  int b = bound4(&nb);
  CHECK_OK(connect(a, (struct sockaddr *) &nb, sizeof nb));
  CHECK_OK(connect(b, (struct sockaddr *) &na, sizeof na));
  CHECK(revents(a) == POLLOUT);

  /* SHUT_RD with a datagram queued. */
  CHECK(send(b, "before", 6, 0) == 6);
  CHECK(readable(a));
  CHECK_OK(shutdown(a, SHUT_RD));
  short ev = revents(a);
  CHECK(ev == (POLLIN | POLLOUT | POLLRDHUP));

  /* The queued datagram is still delivered; then end of file. */
  char buf[16];
  CHECK(recv(a, buf, sizeof buf, 0) == 6 && memcmp(buf, "before", 6) == 0);
  eof_now(a);
  /* Non-blocking: EAGAIN, not 0. */
  CHECK_ERR(recv(a, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);

  /* A datagram arriving after SHUT_RD is still queued and delivered. */
  CHECK(send(b, "after", 5, 0) == 5);
  CHECK(recv_soon(a, buf, sizeof buf) == 5 && memcmp(buf, "after", 5) == 0);
  eof_now(a);

  /* Sending still works after SHUT_RD. */
  CHECK(send(a, "still", 5, 0) == 5);
  CHECK(readable(b));
  CHECK(recv(b, buf, sizeof buf, 0) == 5 && memcmp(buf, "still", 5) == 0);

  /* SHUT_WR as well: every send is EPIPE, with no SIGPIPE (natively the
   * process would die here if there were one). SO_ERROR stays 0. */
  CHECK_OK(shutdown(a, SHUT_WR));
  CHECK(revents(a) == (POLLIN | POLLOUT | POLLRDHUP | POLLHUP));
  CHECK_ERR(send(a, "x", 1, 0), EPIPE);
  CHECK_ERR(write(a, "x", 1), EPIPE);
  CHECK_ERR(sendto(a, "x", 1, 0, (struct sockaddr *) &nb, sizeof nb), EPIPE);
  struct iovec iov = {"x", 1};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  CHECK_ERR(sendmsg(a, &mh, 0), EPIPE);
  int err = -1;
  socklen_t len = sizeof err;
  CHECK_OK(getsockopt(a, SOL_SOCKET, SO_ERROR, &err, &len));
  CHECK(err == 0);
  /* Nothing reached the peer. */
  struct pollfd pb = {.fd = b, .events = POLLIN};
  CHECK(poll(&pb, 1, 100) == 0);
  /* Shutting down again, either way, is fine while connected. */
  CHECK_OK(shutdown(a, SHUT_RD));
  CHECK_OK(shutdown(a, SHUT_RDWR));
  /* The peer name is unchanged. */
  struct sockaddr_in pn;
  len = sizeof pn;
  CHECK_OK(getpeername(a, (struct sockaddr *) &pn, &len));
  CHECK(pn.sin_port == nb.sin_port);

  /* Disconnecting does not undo shutdown; it makes shutdown ENOTCONN. */
  struct sockaddr_in unspec;
  memset(&unspec, 0, sizeof unspec);
  unspec.sin_family = AF_UNSPEC;
  CHECK_OK(connect(a, (struct sockaddr *) &unspec, sizeof unspec));
  CHECK_ERR(sendto(a, "x", 1, 0, (struct sockaddr *) &nb, sizeof nb), EPIPE);
  CHECK_ERR(shutdown(a, SHUT_RD), ENOTCONN);
  CHECK_OK(connect(a, (struct sockaddr *) &nb, sizeof nb));
  CHECK_ERR(send(a, "x", 1, 0), EPIPE);
  CHECK(revents(a) & POLLHUP);

  /* The remaining sockets are connected to src, which sends to them
   * unconnected. */
  struct sockaddr_in nsrc;
  int src = bound4(&nsrc);

  /* SHUT_WR alone: sends fail, receiving and poll are untouched (POLLOUT
   * is still reported). */
  struct sockaddr_in nc;
  int c = bound4(&nc);
  CHECK_OK(connect(c, (struct sockaddr *) &nsrc, sizeof nsrc));
  CHECK_OK(shutdown(c, SHUT_WR));
  CHECK(revents(c) == POLLOUT);
  CHECK_ERR(send(c, "x", 1, 0), EPIPE);
  CHECK(sendto(src, "to c", 4, 0, (struct sockaddr *) &nc, sizeof nc) == 4);
  CHECK(readable(c));
  CHECK(revents(c) == (POLLIN | POLLOUT));
  CHECK(recv(c, buf, sizeof buf, 0) == 4 && memcmp(buf, "to c", 4) == 0);
  /* And an empty blocking receive still waits: SO_RCVTIMEO (set to 200 ms
   * here) expires with EAGAIN. */
  struct timeval tv = {.tv_sec = 0, .tv_usec = 200 * 1000};
  CHECK_OK(setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  double t0 = check_now_ms();
  CHECK_ERR(recv(c, buf, sizeof buf, 0), EAGAIN);
  CHECK(check_now_ms() - t0 >= 150);

  /* SHUT_RDWR at once on a fresh connected socket with a datagram queued:
   * the datagram is still there, then end of file; sends are EPIPE. */
  struct sockaddr_in nd;
  int d = bound4(&nd);
  CHECK_OK(connect(d, (struct sockaddr *) &nsrc, sizeof nsrc));
  CHECK(sendto(src, "queued", 6, 0, (struct sockaddr *) &nd, sizeof nd) == 6);
  CHECK(readable(d));
  CHECK_OK(shutdown(d, SHUT_RDWR));
  CHECK(revents(d) == (POLLIN | POLLOUT | POLLRDHUP | POLLHUP));
  CHECK(recv(d, buf, sizeof buf, 0) == 6 && memcmp(buf, "queued", 6) == 0);
  eof_now(d);
  CHECK_ERR(send(d, "x", 1, 0), EPIPE);

  CHECK_OK(close(d));
  CHECK_OK(close(c));
  CHECK_OK(close(src));
  CHECK_OK(close(b));
  CHECK_OK(close(a));
  CHECK_DONE();
}
