/* epoll and the nonblocking calls on TCP: a listener is EPOLLIN while a
 * connection waits (level-triggered: until accepted); a connected socket
 * is EPOLLOUT at once and EPOLLIN once bytes come, edge-triggered once per
 * arrival; EPOLLONESHOT fires once until re-armed; EPOLLRDHUP at the
 * peer's FIN. Nonblocking recv/accept say EAGAIN after letting the host
 * run; FIONREAD counts, MSG_PEEK leaves the bytes, SO_RCVTIMEO ends a
 * blocking recv with EAGAIN, a full send buffer makes send EAGAIN and
 * clears EPOLLOUT until the peer reads. */
#include <sys/epoll.h>
#include <sys/ioctl.h>

#include "check.h"
#include "tcp_util.h"

static int wait1(int ep, int ms, struct epoll_event *ev) {
  return epoll_wait(ep, ev, 1, ms);
}

int main(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  set_nonblock(lst, 1);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, lst, &ev));
  CHECK(wait1(ep, 0, &ev) == 0);
  CHECK_ERR(accept(lst, NULL, NULL), EAGAIN);

  int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int r = connect(c, (struct sockaddr *) &la, sockaddr_len(&la));
  CHECK(r == 0 || errno == EINPROGRESS);
  CHECK(wait1(ep, 5000, &ev) == 1 && ev.data.u32 == 1 && ev.events == EPOLLIN);
  CHECK(wait1(ep, 0, &ev) == 1); /* level-triggered: still there */
  int s = accept(lst, NULL, NULL);
  CHECK(s >= 0);
  CHECK(wait1(ep, 0, &ev) == 0);
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, lst, NULL));

  /* s: edge-triggered for input and the peer's FIN. */
  ev = (struct epoll_event) {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.u32 = 2};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
  CHECK(wait1(ep, 0, &ev) == 0);
  set_nonblock(s, 1);
  char buf[256];
  CHECK_ERR(recv(s, buf, sizeof buf, 0), EAGAIN);
  int n = -1;
  CHECK_OK(ioctl(s, FIONREAD, &n));
  CHECK(n == 0);

  struct pollfd cp = {.fd = c, .events = POLLOUT};
  CHECK(poll(&cp, 1, 5000) == 1);
  CHECK(send(c, "abcdef", 6, 0) == 6);
  CHECK(wait1(ep, 5000, &ev) == 1 && ev.data.u32 == 2 && ev.events == EPOLLIN);
  CHECK(wait1(ep, 0, &ev) == 0); /* the edge was reported */
  CHECK_OK(ioctl(s, FIONREAD, &n));
  CHECK(n == 6);
  CHECK(recv(s, buf, 3, MSG_PEEK) == 3 && !memcmp(buf, "abc", 3));
  CHECK(recv(s, buf, sizeof buf, 0) == 6 && !memcmp(buf, "abcdef", 6));
  CHECK_ERR(recv(s, buf, sizeof buf, 0), EAGAIN);
  CHECK(send(c, "gh", 2, 0) == 2);
  CHECK(wait1(ep, 5000, &ev) == 1 && ev.events == EPOLLIN); /* a new arrival: a new edge */
  CHECK(recv(s, buf, sizeof buf, 0) == 2);

  /* SO_RCVTIMEO ends a blocking recv with EAGAIN. */
  set_nonblock(s, 0);
  struct timeval tv = {0, 50000};
  CHECK_OK(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  double t0 = check_now_ms();
  CHECK_ERR(recv(s, buf, sizeof buf, 0), EAGAIN);
  CHECK(check_now_ms() - t0 >= 40);
  set_nonblock(s, 1);

  /* c: one-shot output readiness. */
  ev = (struct epoll_event) {.events = EPOLLOUT | EPOLLONESHOT, .data.u32 = 3};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev));
  CHECK(wait1(ep, 5000, &ev) == 1 && ev.data.u32 == 3 && ev.events == EPOLLOUT);
  CHECK(wait1(ep, 0, &ev) == 0);
  /* Fill everything: send says EAGAIN at last, and EPOLLOUT stays away
   * until the peer reads. */
  static char chunk[65536];
  long total = tcp_fill(c, 32l << 20);
  CHECK(total > 0);
  ev = (struct epoll_event) {.events = EPOLLOUT, .data.u32 = 3};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, c, &ev));
  struct epoll_event evs[4];
  int k = epoll_wait(ep, evs, 4, 0);
  for (int i = 0; i < k; i++)
    CHECK(evs[i].data.u32 != 3); /* c is not writable while full */
  /* Drain at the peer: c becomes writable again. */
  long drained = 0;
  int writable = 0;
  double t1 = check_now_ms();
  while (!writable && check_now_ms() - t1 < 10000) {
    ssize_t g = recv(s, chunk, sizeof chunk, 0);
    if (g > 0)
      drained += g;
    k = epoll_wait(ep, evs, 4, g > 0 ? 0 : 100);
    for (int i = 0; i < k; i++)
      writable |= evs[i].data.u32 == 3 && (evs[i].events & EPOLLOUT);
  }
  CHECK(writable);
  CHECK(drained > 0);
  /* The peer's FIN: EPOLLIN|EPOLLRDHUP on s, after the rest of the data. */
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, c, NULL));
  CHECK_OK(shutdown(c, SHUT_WR));
  int rdhup = 0;
  double t2 = check_now_ms();
  while (!rdhup && check_now_ms() - t2 < 10000) {
    ssize_t g = recv(s, chunk, sizeof chunk, 0);
    if (g > 0) {
      drained += g;
      continue;
    }
    if (g == 0) {
      rdhup = 1;
      break;
    }
    k = epoll_wait(ep, evs, 4, 100);
    for (int i = 0; i < k; i++)
      if (evs[i].data.u32 == 2 && (evs[i].events & EPOLLRDHUP))
        CHECK(evs[i].events & EPOLLIN);
  }
  CHECK(rdhup);
  CHECK(drained == total);
  close(c);
  close(s);
  close(ep);
  close(lst);
  CHECK_DONE();
}
