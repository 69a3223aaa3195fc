/* Readiness scaling: the cost of one poll or epoll_wait call when N idle
 * UDP sockets are registered besides one active socket that has a datagram
 * waiting (never read, so every call returns at once with it).
 *
 *   readiness N [budget-ms]
 *
 * All N+1 sockets are bound to 127.0.0.1, so on p3net each keeps a receive
 * in flight, as a real server's sockets do, and connected to their own
 * address, so that stray loopback traffic from other processes (a test
 * sending to a port it just closed, which we may now hold) cannot make an
 * idle socket ready. For poll, the active socket is
 * last in the array. Four measurements, one result line each: poll and
 * epoll_wait, with timeout 0 and with timeout 100 ms. Each runs for about
 * budget-ms (default 250) and reports the average time per call; p3net
 * builds add host calls and allocations per call. */
#include <poll.h>

#include "bench_util.h"
#if BENCH_HAVE_EPOLL
#include <sys/epoll.h>
#endif

static int n_idle, epfd;
static struct pollfd *pfds;

static int call(int use_epoll, int timeout) {
  (void) use_epoll;
#if BENCH_HAVE_EPOLL
  if (use_epoll) {
    struct epoll_event ev[8];
    return epoll_wait(epfd, ev, 8, timeout);
  }
#endif
  return poll(pfds, (nfds_t) n_idle + 1, timeout);
}

static void measure(int use_epoll, int timeout, int budget_ms) {
  /* One unmeasured call, then batches that grow until each takes >= 2 ms
   * (the clock is read once per batch: on p3net it is a host call). */
  if (call(use_epoll, timeout) != 1 || (!use_epoll && !(pfds[n_idle].revents & POLLIN))) {
    fprintf(stderr, "readiness: the active socket is not reported ready\n");
    exit(1);
  }
  uint64_t calls = 0, wrong = 0, elapsed = 0, batch = 8;
  uint64_t budget = (uint64_t) budget_ms * 1000000u;
  struct p3net_stats s0, s1, c0, c1;
  uint64_t own = 0;
  p3net_stats_get(&s0);
  while (elapsed < budget) {
    p3net_stats_get(&c0);
    uint64_t t0 = now_ns();
    p3net_stats_get(&c1);
    own += c1.host_calls - c0.host_calls;
    for (uint64_t i = 0; i < batch; i++)
      wrong += call(use_epoll, timeout) != 1;
    p3net_stats_get(&c0);
    uint64_t dt = now_ns() - t0;
    p3net_stats_get(&c1);
    own += c1.host_calls - c0.host_calls;
    elapsed += dt;
    calls += batch;
    if (dt < 2000000 && batch < (1u << 20))
      batch *= 2;
  }
  p3net_stats_get(&s1);
  s1.host_calls -= own;
  res("result bench=readiness api=%s idle=%d timeout_ms=%d calls=%llu ns_per_call=%.1f "
      "wrong=%llu",
      use_epoll ? "epoll" : "poll", n_idle, timeout, (unsigned long long) calls,
      (double) elapsed / (double) calls, (unsigned long long) wrong);
  print_stats("", &s0, &s1, (double) calls);
  res_end();
}

int main(int argc, char **argv) {
  if (argc < 2 || atoi(argv[1]) < 0) {
    fprintf(stderr, "usage: readiness N [budget-ms]\n");
    return 2;
  }
  n_idle = atoi(argv[1]);
  int budget_ms = argc > 2 ? atoi(argv[2]) : 250;

  pfds = calloc((size_t) n_idle + 1, sizeof *pfds);
  if (!pfds)
    die("calloc");
#if BENCH_HAVE_EPOLL
  epfd = epoll_create1(0);
  if (epfd < 0)
    die("epoll_create1");
#endif
  for (int i = 0; i <= n_idle; i++) {
    struct sockaddr_in me;
    int fd = udp_bound(SOCK_NONBLOCK, &me);
    if (connect(fd, (struct sockaddr *) &me, sizeof me) < 0)
      die("connect");
    pfds[i] = (struct pollfd) {fd, POLLIN, 0};
#if BENCH_HAVE_EPOLL
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
      die("epoll_ctl");
#endif
  }
  /* The active socket sends itself one datagram; wait until it is there. */
  int active = pfds[n_idle].fd;
  if (send(active, "ready", 5, 0) != 5)
    die("send");
  struct pollfd one = {active, POLLIN, 0};
  if (poll(&one, 1, 5000) != 1) {
    fprintf(stderr, "readiness: the datagram to self did not arrive\n");
    return 1;
  }
  measure(0, 0, budget_ms);
  measure(0, 100, budget_ms);
  if (BENCH_HAVE_EPOLL) { /* wasi-libc has none: its epoll figures are n/a */
    measure(1, 0, budget_ms);
    measure(1, 100, budget_ms);
  }
  for (int i = 0; i <= n_idle; i++)
    close(pfds[i].fd);
  if (BENCH_HAVE_EPOLL)
    close(epfd);
  free(pfds);
  return 0;
}
