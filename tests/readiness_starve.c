/* A datagram that arrives while another descriptor in the same readiness
 * call is already ready must still be seen: an event loop always has
 * something writable, so a call that answered from what it already knew
 * would never read again. Each case keeps asking, for at most 2 s, while
 * the already-ready descriptor makes every call return at once, and
 * checks that the arrival shows up. poll, select and epoll (level- and
 * edge-triggered), with the ready descriptor before and after the other. */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>

#include "check.h"
#include "sock_util.h"

#define BOUND_MS 2000.0

/* poll on {a POLLIN}, {a POLLIN|POLLOUT}, {a POLLOUT}: a is writable at
 * once; after a datagram is sent to a, POLLIN must appear. */
static int poll_same_fd(int a, const struct sockaddr_in *to, int tx) {
  struct pollfd p[3] = {{a, POLLIN, 0}, {a, POLLIN | POLLOUT, 0}, {a, POLLOUT, 0}};
  CHECK(poll(p, 3, 0) >= 1 && (p[2].revents & POLLOUT) && !(p[0].revents & POLLIN));
  CHECK_OK(send_to(tx, to, "same"));
  double t0 = check_now_ms();
  while (check_now_ms() - t0 < BOUND_MS) {
    int n = poll(p, 3, 1000);
    if (n > 0 && (p[0].revents & POLLIN) && (p[1].revents & POLLIN))
      return 1;
  }
  return 0;
}

/* poll with a (writable) and b (waiting for a datagram), in either order. */
static int poll_two_fds(int a, int b, const struct sockaddr_in *to_b, int tx, int b_first) {
  struct pollfd p[2];
  int ia = b_first ? 1 : 0, ib = 1 - ia;
  p[ia] = (struct pollfd) {a, POLLOUT, 0};
  p[ib] = (struct pollfd) {b, POLLIN, 0};
  CHECK(poll(p, 2, 0) == 1 && p[ia].revents == POLLOUT && !p[ib].revents);
  CHECK_OK(send_to(tx, to_b, "two"));
  double t0 = check_now_ms();
  while (check_now_ms() - t0 < BOUND_MS)
    if (poll(p, 2, 1000) > 0 && (p[ib].revents & POLLIN))
      return poll(p, 2, 0) == 2; /* and both stay reported */
  return 0;
}

/* select with a in the write set and b in the read set. */
static int select_two_fds(int a, int b, const struct sockaddr_in *to_b, int tx) {
  CHECK_OK(send_to(tx, to_b, "sel"));
  double t0 = check_now_ms();
  while (check_now_ms() - t0 < BOUND_MS) {
    fd_set r, w;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(b, &r);
    FD_SET(a, &w);
    struct timeval tv = {1, 0};
    int n = select((a > b ? a : b) + 1, &r, &w, NULL, &tv);
    CHECK(n >= 1 && FD_ISSET(a, &w));
    if (n == 2 && FD_ISSET(b, &r))
      return 1;
  }
  return 0;
}

/* epoll: a level-triggered and already readable (a datagram waits on it),
 * b edge-triggered; a datagram sent to b must be reported for b. first
 * says which is registered first. */
static int epoll_lt_et(int a, const struct sockaddr_in *to_a, int b, const struct sockaddr_in *to_b,
                       int tx, int b_first) {
  int ep = epoll_create1(0);
  struct epoll_event ea = {.events = EPOLLIN, .data.fd = a};
  struct epoll_event eb = {.events = EPOLLIN | EPOLLET, .data.fd = b};
  if (b_first)
    CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, b, &eb));
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, a, &ea));
  if (!b_first)
    CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, b, &eb));
  CHECK_OK(send_to(tx, to_a, "lt"));
  CHECK(readable(a));
  struct epoll_event out[4];
  CHECK(epoll_wait(ep, out, 4, 1000) == 1 && out[0].data.fd == a);
  CHECK_OK(send_to(tx, to_b, "et"));
  int seen = 0;
  double t0 = check_now_ms();
  while (!seen && check_now_ms() - t0 < BOUND_MS) {
    int n = epoll_wait(ep, out, 4, 1000);
    CHECK(n >= 1);
    for (int i = 0; i < n; i++)
      seen |= out[i].data.fd == b && (out[i].events & EPOLLIN);
  }
  /* Edge-triggered: b is not reported again until something new comes. */
  if (seen) {
    int again = 0, n = epoll_wait(ep, out, 4, 0);
    for (int i = 0; i < n; i++)
      again |= out[i].data.fd == b;
    CHECK(!again);
  }
  char buf[8];
  CHECK(recv(a, buf, sizeof buf, 0) == 2);
  CHECK(recv(b, buf, sizeof buf, MSG_DONTWAIT) == 2);
  close(ep);
  return seen;
}

/* epoll with a registered for EPOLLOUT (always ready) and b for EPOLLIN. */
static int epoll_out_in(int a, int b, const struct sockaddr_in *to_b, int tx, int et) {
  int ep = epoll_create1(0);
  struct epoll_event ea = {.events = EPOLLOUT, .data.fd = a};
  struct epoll_event eb = {.events = EPOLLIN | (et ? EPOLLET : 0), .data.fd = b};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, a, &ea));
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, b, &eb));
  struct epoll_event out[4];
  CHECK(epoll_wait(ep, out, 4, 1000) == 1 && out[0].data.fd == a);
  CHECK_OK(send_to(tx, to_b, "oi"));
  int seen = 0;
  double t0 = check_now_ms();
  while (!seen && check_now_ms() - t0 < BOUND_MS) {
    int n = epoll_wait(ep, out, 4, 1000);
    for (int i = 0; i < n; i++)
      seen |= out[i].data.fd == b && (out[i].events & EPOLLIN);
  }
  char buf[8];
  CHECK(recv(b, buf, sizeof buf, MSG_DONTWAIT) == 2);
  close(ep);
  return seen;
}

int main(void) {
  struct sockaddr_in na, nb;
  int a = udp_bound(0, &na), b = udp_bound(0, &nb), tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(a >= 0 && b >= 0 && tx >= 0);
  limit_wait(a);
  limit_wait(b);
  char buf[16];

  CHECK(poll_same_fd(a, &na, tx));
  CHECK(recv(a, buf, sizeof buf, 0) == 4);
  CHECK(poll_two_fds(a, b, &nb, tx, 0));
  CHECK(recv(b, buf, sizeof buf, 0) == 3);
  CHECK(poll_two_fds(a, b, &nb, tx, 1));
  CHECK(recv(b, buf, sizeof buf, 0) == 3);
  CHECK(select_two_fds(a, b, &nb, tx));
  CHECK(recv(b, buf, sizeof buf, 0) == 3);
  CHECK(select_two_fds(b, a, &na, tx));
  CHECK(recv(a, buf, sizeof buf, 0) == 3);
  CHECK(epoll_lt_et(a, &na, b, &nb, tx, 0));
  CHECK(epoll_lt_et(a, &na, b, &nb, tx, 1));
  CHECK(epoll_lt_et(b, &nb, a, &na, tx, 0));
  CHECK(epoll_out_in(a, b, &nb, tx, 0));
  CHECK(epoll_out_in(a, b, &nb, tx, 1));
  CHECK(nothing_queued(a) && nothing_queued(b));
  CHECK_DONE();
}
