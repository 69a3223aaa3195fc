/* connect's states, as Linux reports them. A fresh socket polls
 * POLLOUT|POLLHUP; a nonblocking connect says EINPROGRESS, POLLOUT comes
 * once it is done, SO_ERROR is 0, the next connect says 0 and the one
 * after EISCONN. A refused connect: POLLERR, SO_ERROR ECONNREFUSED once
 * (then 0); blocking, it fails with ECONNREFUSED. A listener polls nothing
 * until a connection waits, then POLLIN. */
#include <sys/select.h>

#include "check.h"
#include "tcp_util.h"

static short revents(int fd, short events) {
  struct pollfd p = {.fd = fd, .events = events};
  return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static int wait_out(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLOUT};
  return poll(&p, 1, 5000) == 1 ? p.revents : 0;
}

static int so_error(int fd) {
  int e = -1;
  socklen_t len = sizeof e;
  CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len));
  return e;
}

/* A port nothing listens on: bound, then closed. */
static struct sockaddr_in closed_port(void) {
  struct sockaddr_storage a;
  int s = tcp_listener(AF_INET, &a);
  CHECK(s >= 0);
  close(s);
  struct sockaddr_in in;
  memcpy(&in, &a, sizeof in);
  return in;
}

int main(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  CHECK(revents(lst, POLLIN | POLLOUT) == 0);

  int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP);
  CHECK(c >= 0);
  CHECK(revents(c, POLLIN | POLLOUT) == (POLLOUT | POLLHUP));
  struct sockaddr_in peer;
  socklen_t plen = sizeof peer;
  CHECK_ERR(getpeername(c, (struct sockaddr *) &peer, &plen), ENOTCONN);
  char b;
  CHECK_ERR(recv(c, &b, 1, 0), ENOTCONN);
  CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), EPIPE);

  CHECK_ERR(connect(c, (struct sockaddr *) &la, sockaddr_len(&la)), EINPROGRESS);
  short ev = (short) wait_out(c);
  CHECK(ev & POLLOUT);
  CHECK(!(ev & (POLLERR | POLLHUP)));
  CHECK(so_error(c) == 0);
  /* Linux: the first connect after completion says 0, then EISCONN. */
  CHECK_OK(connect(c, (struct sockaddr *) &la, sockaddr_len(&la)));
  CHECK_ERR(connect(c, (struct sockaddr *) &la, sockaddr_len(&la)), EISCONN);
  struct pollfd lp = {.fd = lst, .events = POLLIN};
  CHECK(poll(&lp, 1, 5000) == 1 && lp.revents == POLLIN);
  struct sockaddr_in from;
  socklen_t flen = sizeof from;
  int s = accept4(lst, (struct sockaddr *) &from, &flen, SOCK_NONBLOCK | SOCK_CLOEXEC);
  CHECK(s >= 0);
  CHECK(flen == sizeof from && from.sin_family == AF_INET);
  CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
  CHECK(fcntl(s, F_GETFD) & FD_CLOEXEC);
  /* Nothing more waits: a nonblocking accept says EAGAIN. */
  set_nonblock(lst, 1);
  CHECK_ERR(accept(lst, NULL, NULL), EAGAIN);
  CHECK_ERR(accept4(lst, NULL, NULL, 0x40000000), EINVAL);
  CHECK_ERR(accept(c, NULL, NULL), EINVAL);
  CHECK_ERR(listen(c, 1), EINVAL);
  CHECK_OK(listen(lst, 4)); /* listening again changes only the backlog */
  CHECK(revents(s, POLLIN | POLLOUT) == POLLOUT);
  close(s);
  close(c);

  /* select sees a waiting connection; accept with a short address length
   * writes what fits and reports the full length. */
  c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int r = connect(c, (struct sockaddr *) &la, sockaddr_len(&la));
  CHECK(r == 0 || errno == EINPROGRESS);
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(lst, &rd);
  struct timeval tv = {5, 0};
  CHECK(select(lst + 1, &rd, NULL, NULL, &tv) == 1 && FD_ISSET(lst, &rd));
  struct sockaddr_in tiny;
  memset(&tiny, 0xee, sizeof tiny);
  socklen_t tlen = 4;
  s = accept(lst, (struct sockaddr *) &tiny, &tlen);
  CHECK(s >= 0);
  CHECK(tlen == sizeof tiny);
  CHECK(tiny.sin_family == AF_INET && ((unsigned char *) &tiny)[4] == 0xee);
  close(s);
  close(c);
  /* A bad address length is found once a connection is taken (Linux: the
   * connection is lost); with none waiting, EAGAIN comes first. */
  socklen_t bad = (socklen_t) -1;
  CHECK_ERR(accept(lst, (struct sockaddr *) &tiny, &bad), EAGAIN);
  for (int i = 0; i < 2; i++) {
    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    r = connect(c, (struct sockaddr *) &la, sockaddr_len(&la));
    CHECK(r == 0 || errno == EINPROGRESS);
    struct pollfd w = {.fd = lst, .events = POLLIN};
    CHECK(poll(&w, 1, 5000) == 1);
    if (i == 0)
      CHECK_ERR(accept(lst, (struct sockaddr *) &tiny, &bad), EINVAL);
    else
      CHECK_ERR(accept(lst, (struct sockaddr *) &tiny, NULL), EFAULT);
    close(c);
  }

  /* Refused, nonblocking: POLLERR and the error once. */
  struct sockaddr_in dead = closed_port();
  c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  r = connect(c, (struct sockaddr *) &dead, sizeof dead);
  CHECK(r == -1 && (errno == EINPROGRESS || errno == ECONNREFUSED));
  if (r == -1 && errno == EINPROGRESS) {
    ev = (short) wait_out(c);
    CHECK(ev & POLLERR);
    CHECK(ev & POLLOUT);
    CHECK(ev & POLLHUP);
    CHECK(so_error(c) == ECONNREFUSED);
    CHECK(so_error(c) == 0);
  }
  close(c);
  /* Refused, blocking. */
  c = socket(AF_INET, SOCK_STREAM, 0);
  CHECK_ERR(connect(c, (struct sockaddr *) &dead, sizeof dead), ECONNREFUSED);
  close(c);
  /* Bad addresses. */
  c = socket(AF_INET, SOCK_STREAM, 0);
  CHECK_ERR(connect(c, (struct sockaddr *) &dead, 4), EINVAL);
  CHECK_ERR(connect(c, NULL, sizeof dead), EFAULT);
  struct sockaddr_in6 six = loopback6(dead.sin_port);
  CHECK_ERR(connect(c, (struct sockaddr *) &six, sizeof six), EAFNOSUPPORT);
  close(c);
  CHECK_ERR(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT);
  close(lst);
  CHECK_DONE();
}
