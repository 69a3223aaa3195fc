/* stdin open but empty (a pipe nobody writes to yet) beside a UDP socket:
 * stdin must not be reported readable, or a loop that polls stdin and a
 * socket blocks in read(0) and never serves the socket. Checks poll,
 * select and epoll, an O_NONBLOCK read (EAGAIN) and FIONREAD (0). */
// P3NET-STDIN: hold
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>

#include "check.h"
#include "sock_util.h"

int main(void) {
  struct pollfd in = {0, POLLIN, 0};
  CHECK(poll(&in, 1, 0) == 0 && in.revents == 0);
  CHECK(poll(&in, 1, 50) == 0 && in.revents == 0);

  struct sockaddr_in a_addr;
  int a = udp_bound(0, &a_addr);
  CHECK(a >= 0);
  CHECK_OK(send_to(a, &a_addr, "ping"));

  /* poll: the socket becomes readable, stdin stays quiet. */
  struct pollfd p[2] = {{0, POLLIN, 0}, {a, POLLIN, 0}};
  CHECK(poll(p, 2, 2000) == 1);
  CHECK(p[0].revents == 0);
  CHECK(p[1].revents == POLLIN);

  /* select: only the socket is in the answer. */
  fd_set r;
  FD_ZERO(&r);
  FD_SET(0, &r);
  FD_SET(a, &r);
  struct timeval tv = {2, 0};
  CHECK(select(a + 1, &r, NULL, NULL, &tv) == 1);
  CHECK(!FD_ISSET(0, &r));
  CHECK(FD_ISSET(a, &r));

  /* epoll: one event, the socket's. */
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = 0};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev));
  ev.data.fd = a;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev));
  struct epoll_event got[4];
  CHECK(epoll_wait(ep, got, 4, 2000) == 1);
  CHECK(got[0].data.fd == a);
  CHECK_OK(close(ep));

  /* Nothing to read: FIONREAD says 0, a nonblocking read says EAGAIN. */
  int n = -1;
  CHECK_OK(ioctl(0, FIONREAD, &n));
  CHECK(n == 0);
  int fl = fcntl(0, F_GETFL);
  CHECK(fl >= 0);
  CHECK_OK(fcntl(0, F_SETFL, fl | O_NONBLOCK));
  char c;
  CHECK_ERR(read(0, &c, 1), EAGAIN);
  CHECK_OK(fcntl(0, F_SETFL, fl));

  recv_expect(a, "ping");
  CHECK_OK(close(a));
  CHECK_DONE();
}
