/* What each descriptor kind costs in host calls, counted by
 * p3net_stats_get() on wasip3 (natively only the behaviour is checked).
 * Pipes, eventfds and socketpairs live in the component: creating,
 * reading, writing, dup and close cost no host call at all, and a
 * readiness answer over them costs the two every answer pays (the host's
 * turn and the check for its events). A timerfd reads the clock once per
 * settime, gettime and read, and once more per readiness answer while it
 * is set; however many timers are set, a wait arms one host timer, so the
 * cost of waiting does not grow with their number. A steady flow through
 * a pipe or a socketpair allocates nothing. The counts are printed for the
 * record. */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "check.h"

#ifdef __wasi__
#include <p3net.h>
static uint64_t calls_now(void) {
  struct p3net_stats s;
  p3net_stats_get(&s);
  return s.host_calls;
}
static uint64_t allocs_now(void) {
  struct p3net_stats s;
  p3net_stats_get(&s);
  return s.allocs;
}
#else
static uint64_t calls_now(void) {
  return 0;
}
static uint64_t allocs_now(void) {
  return 0;
}
#endif

/* The lines printed at the end: printing while measuring would put
 * stdout's own host calls into the counts. */
static char report[4096];
static size_t report_len;

/* Runs expr n times; records and returns the host calls per run. */
#define PER_OP(name, n, expr)                                                                      \
  ({                                                                                               \
    uint64_t c0_ = calls_now();                                                                    \
    for (int i_ = 0; i_ < (n); i_++) {                                                             \
      expr;                                                                                        \
    }                                                                                              \
    double per_ = (double) (calls_now() - c0_) / (n);                                              \
    report_len += (size_t) snprintf(report + report_len, sizeof report - report_len,               \
                                    "%-44s %6.2f host calls\n", name, per_);                       \
    per_;                                                                                          \
  })

#ifdef __wasi__
#define COSTS(x, want) CHECK((x) == (want))
#else
#define COSTS(x, want) (void) (x)
#endif

int main(void) {
  CHECK(poll(NULL, 0, 0) == 0); /* the reactor's set is made once, first */
  int p[2], sv[2];
  char c = 0;
  double x;
  x = PER_OP("pipe2 + close both", 50, {
    CHECK_OK(pipe2(p, O_NONBLOCK));
    close(p[0]);
    close(p[1]);
  });
  COSTS(x, 0);
  CHECK_OK(pipe2(p, O_NONBLOCK));
  /* A steady flow allocates nothing: emptied pages are kept. */
  static char chunk[10000];
  CHECK(write(p[1], chunk, sizeof chunk) == sizeof chunk);
  CHECK(read(p[0], chunk, sizeof chunk) == sizeof chunk);
  uint64_t a0 = allocs_now();
  for (int i = 0; i < 200; i++) {
    CHECK(write(p[1], chunk, sizeof chunk) == sizeof chunk);
    CHECK(read(p[0], chunk, sizeof chunk) == sizeof chunk);
  }
  uint64_t pipe_allocs = allocs_now() - a0;
  x = PER_OP("pipe write 1 byte + read it", 1000, {
    CHECK(write(p[1], "x", 1) == 1);
    CHECK(read(p[0], &c, 1) == 1);
  });
  COSTS(x, 0);
  x = PER_OP("pipe read that says EAGAIN", 100, CHECK_ERR(read(p[0], &c, 1), EAGAIN));
  COSTS(x, 0);
  x = PER_OP("dup + close", 100, close(dup(p[0])));
  COSTS(x, 0);

  int e = eventfd(0, EFD_NONBLOCK);
  CHECK(e >= 0);
  eventfd_t v;
  x = PER_OP("eventfd_write + eventfd_read", 1000, {
    CHECK_OK(eventfd_write(e, 1));
    CHECK_OK(eventfd_read(e, &v));
  });
  COSTS(x, 0);

  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
  CHECK(send(sv[0], chunk, sizeof chunk, 0) == sizeof chunk);
  CHECK(recv(sv[1], chunk, sizeof chunk, 0) == sizeof chunk);
  a0 = allocs_now();
  for (int i = 0; i < 200; i++) {
    CHECK(send(sv[0], chunk, sizeof chunk, 0) == sizeof chunk);
    CHECK(recv(sv[1], chunk, sizeof chunk, 0) == sizeof chunk);
  }
  uint64_t pair_allocs = allocs_now() - a0;
  x = PER_OP("socketpair send 1 byte + recv it", 1000, {
    CHECK(send(sv[0], "y", 1, 0) == 1);
    CHECK(recv(sv[1], &c, 1, 0) == 1);
  });
  COSTS(x, 0);

  /* Readiness over in-component descriptors: the cost of any answer. */
  CHECK(write(p[1], "r", 1) == 1);
  CHECK_OK(eventfd_write(e, 1));
  struct pollfd fds[3] = {{p[0], POLLIN, 0}, {e, POLLIN, 0}, {sv[0], POLLOUT, 0}};
  x = PER_OP("poll over pipe+eventfd+socketpair, ready", 200, CHECK(poll(fds, 3, 0) == 3));
  COSTS(x, 2);
  x = PER_OP("poll over the same with a timeout, ready", 200, CHECK(poll(fds, 3, 1000) == 3));
  COSTS(x, 2);
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev));
  struct epoll_event out[4];
  x = PER_OP("epoll_wait over pipe+eventfd, ready", 200, CHECK(epoll_wait(ep, out, 4, 0) == 2));
  COSTS(x, 2);

  /* timerfd: one clock read per call that needs the time. */
  int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  CHECK(t >= 0);
  struct itimerspec far = {{0, 0}, {100, 0}}, off = {{0, 0}, {0, 0}};
  x = PER_OP("timerfd_settime (relative)", 100, CHECK_OK(timerfd_settime(t, 0, &far, NULL)));
  COSTS(x, 1);
  struct itimerspec cur;
  x = PER_OP("timerfd_gettime", 100, CHECK_OK(timerfd_gettime(t, &cur)));
  COSTS(x, 1);
  uint64_t ticks;
  x = PER_OP("timerfd read before expiry (EAGAIN)", 100,
             CHECK_ERR(read(t, &ticks, sizeof ticks), EAGAIN));
  COSTS(x, 1);
  x = PER_OP("poll over pipe, ready, a timer set", 200, CHECK(poll(fds, 1, 0) == 1));
  COSTS(x, 3);
  CHECK_OK(timerfd_settime(t, 0, &off, NULL));
  x = PER_OP("poll over pipe, ready, no timer set", 200, CHECK(poll(fds, 1, 0) == 1));
  COSTS(x, 2);
  CHECK(read(p[0], &c, 1) == 1);
  CHECK_OK(eventfd_read(e, &v));

  /* A wait for the first of 1 or of 8 timers costs the same: one host
   * timer serves them all. */
  int many[8];
  double wait_cost[2];
  for (int round = 0; round < 2; round++) {
    int count = round ? 8 : 1;
    int tep = epoll_create1(0);
    for (int i = 0; i < count; i++) {
      many[i] = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
      struct itimerspec its = {{0, 0}, {0, (20 + 10 * i) * 1000000L}};
      CHECK_OK(timerfd_settime(many[i], 0, &its, NULL));
      struct epoll_event te = {.events = EPOLLIN, .data.u32 = (uint32_t) i};
      CHECK_OK(epoll_ctl(tep, EPOLL_CTL_ADD, many[i], &te));
    }
    wait_cost[round] = PER_OP(
        round ? "epoll_wait until the first of 8 timers" : "epoll_wait until the first of 1 timer",
        1, { CHECK(epoll_wait(tep, out, 4, 3000) == 1 && out[0].data.u32 == 0); });
    for (int i = 0; i < count; i++)
      close(many[i]);
    close(tep);
  }
#ifdef __wasi__
  CHECK(wait_cost[0] == wait_cost[1]);
  CHECK(wait_cost[0] <= 10);
#else
  (void) wait_cost;
#endif
  close(t);
  close(ep);
  close(e);
  close(p[0]);
  close(p[1]);
  close(sv[0]);
  close(sv[1]);
  printf("allocations in 200 x 10,000 bytes through a pipe: %llu, a socketpair: %llu\n",
         (unsigned long long) pipe_allocs, (unsigned long long) pair_allocs);
#ifdef __wasi__
  CHECK(pipe_allocs == 0 && pair_allocs == 0);
#endif
  fputs(report, stdout);
  CHECK_DONE();
}
