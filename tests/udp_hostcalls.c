/* The cost model p3net promises, counted in host calls: an answer from
 * readiness that is already known costs the host one turn and the check
 * for new events (thread.yield and one waitable-set.poll when nothing new
 * came: two calls, never a wait), so nothing that arrived meanwhile is
 * missed; and a nonblocking recv never answers EWOULDBLOCK while a
 * datagram was in fact waiting. Natively only the
 * behaviour is checked; the counts exist on wasip3 only. */
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "sock_util.h"

#ifdef __wasi__
#include <p3net.h>
static struct p3net_stats before;
static void mark(void) {
  p3net_stats_get(&before);
}
static unsigned long long calls(void) {
  struct p3net_stats s;
  p3net_stats_get(&s);
  return s.host_calls - before.host_calls;
}
static unsigned long long waits(void) {
  struct p3net_stats s;
  p3net_stats_get(&s);
  return s.waits - before.waits;
}
#define COST(expr, max_calls)                                                                      \
  do {                                                                                             \
    mark();                                                                                        \
    expr;                                                                                          \
    unsigned long long c_ = calls(), w_ = waits();                                                 \
    if (c_ > (max_calls) || w_) {                                                                  \
      fprintf(stderr, "%s:%d: %s cost %llu host calls, %llu waits (max %d)\n", __FILE__, __LINE__, \
              #expr, c_, w_, (max_calls));                                                         \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)
#else
#define COST(expr, max_calls) expr
#endif

int main(void) {
  int rx = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(rx >= 0 && tx >= 0);
  struct sockaddr_in a = bind_loopback4(rx, 0);

  /* Two datagrams; wait until the first is known to be there. */
  CHECK(sendto(tx, "one", 3, 0, (struct sockaddr *) &a, sizeof a) == 3);
  CHECK(sendto(tx, "two", 3, 0, (struct sockaddr *) &a, sizeof a) == 3);
  struct pollfd p = {rx, POLLIN, 0};
  CHECK(poll(&p, 1, 2000) == 1 && (p.revents & POLLIN));

  /* Known readiness: poll, with or without a timeout, and epoll_wait answer
   * from p3net's state after one look at the host's events, without a
   * wait. */
  int n;
  COST(n = poll(&p, 1, 0), 2);
  CHECK(n == 1 && (p.revents & POLLIN));
  COST(n = poll(&p, 1, 5000), 2);
  CHECK(n == 1 && (p.revents & POLLIN));
  int ep = epoll_create1(0);
  struct epoll_event ev = {EPOLLIN, {.fd = rx}}, out[2];
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, rx, &ev));
  COST(n = epoll_wait(ep, out, 2, 5000), 2);
  CHECK(n == 1 && out[0].data.fd == rx);
  close(ep);

  /* Taking the waiting datagram starts the next receive: one call to start
   * it, one to join it to the reactor if it did not finish at once. */
  char buf[16];
  ssize_t r;
  COST(r = recv(rx, buf, sizeof buf, 0), 2);
  CHECK(r == 3 && !memcmp(buf, "one", 3));

  /* The second datagram was sent before the first was read: a nonblocking
   * recv must find it (yielding to the host if it must), never EAGAIN. */
  double t0 = check_now_ms();
  do {
    r = recv(rx, buf, sizeof buf, 0);
  } while (r < 0 && errno == EAGAIN && check_now_ms() - t0 < 2000);
  CHECK(r == 3 && !memcmp(buf, "two", 3));

  /* Nothing left: EAGAIN, without blocking. */
  CHECK_ERR(recv(rx, buf, sizeof buf, 0), EAGAIN);

  close(rx);
  close(tx);
  CHECK_DONE();
}
