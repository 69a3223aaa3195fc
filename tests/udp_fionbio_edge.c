/* ioctl(FIONBIO) changes the blocking mode and nothing else: F_GETFL shows
 * it, a receive on an empty socket then fails with EAGAIN, and clearing it
 * restores blocking (bounded by SO_RCVTIMEO). Readiness does not depend on
 * the mode, so on Linux the switch is no readiness event: an EPOLLET
 * watch whose edge was already reported reports nothing new after FIONBIO
 * either way, while a datagram that arrives after the socket was drained
 * is a new edge. */
#include "check.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>

#include "sock_util.h"

static int edges(int ep) {
  struct epoll_event ev[4];
  return epoll_wait(ep, ev, 4, 0);
}

int main(void) {
  struct sockaddr_in me;
  int fd = bound4(&me);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(tx >= 0);

  int on = 1, off = 0;
  CHECK_OK(ioctl(fd, FIONBIO, &on));
  CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
  CHECK(nothing_queued(fd));
  char b[8];
  CHECK_ERR(recv(fd, b, sizeof b, 0), EAGAIN);
  CHECK_OK(ioctl(fd, FIONBIO, &off));
  CHECK(!(fcntl(fd, F_GETFL) & O_NONBLOCK));
  struct timeval tv = {0, 100 * 1000};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  double t0 = check_now_ms();
  CHECK_ERR(recv(fd, b, sizeof b, 0), EAGAIN);
  CHECK(check_now_ms() - t0 >= 80); /* it waited: blocking again */
  limit_wait(fd);

  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.fd = fd};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
  CHECK(send_to(tx, &me, "one") == 0);
  CHECK(readable(fd));
  CHECK(edges(ep) == 1);
  CHECK(edges(ep) == 0);

  CHECK_OK(ioctl(fd, FIONBIO, &on));
  CHECK(edges(ep) == 0);
  CHECK_OK(ioctl(fd, FIONBIO, &off));
  CHECK(edges(ep) == 0);

  /* Once drained, a new datagram is a new edge: the watch still works. */
  recv_expect(fd, "one");
  CHECK(nothing_queued(fd));
  CHECK(send_to(tx, &me, "two") == 0);
  struct epoll_event got;
  CHECK(epoll_wait(ep, &got, 1, 2000) == 1 && got.data.fd == fd);
  recv_expect(fd, "two");

  CHECK_ERR(ioctl(fd, FIONBIO, NULL), EFAULT);
  close(ep);
  close(tx);
  close(fd);
  CHECK_DONE();
}
