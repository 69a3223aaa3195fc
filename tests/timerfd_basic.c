/* timerfd against Linux: creation and settime errors, one-shot and
 * interval timers, TFD_TIMER_ABSTIME on both clocks (a time already past
 * expires at once and counts every interval since), the expiration count
 * in the 8-byte read, gettime's remaining time, disarming, and readiness in
 * poll and epoll. Times are checked against the clock with bounds that a
 * slow host cannot break but a wrong count does. In p3net a blocking read
 * of a timer that is not set fails with EDEADLK (Linux blocks forever). */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static struct itimerspec spec(long value_ms, long interval_ms) {
  struct itimerspec s = {{interval_ms / 1000, interval_ms % 1000 * 1000000},
                         {value_ms / 1000, value_ms % 1000 * 1000000}};
  return s;
}

static double ms_of(const struct timespec *ts) {
  return ts->tv_sec * 1e3 + ts->tv_nsec / 1e6;
}

static int readable_now(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  return poll(&p, 1, 0) == 1 && p.revents == POLLIN;
}

static uint64_t ticks_of(int fd) {
  uint64_t n = 0;
  return read(fd, &n, sizeof n) == sizeof n ? n : 0;
}

int main(void) {
  CHECK_ERR(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
  CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, 0x1), EINVAL);
  int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  CHECK(t >= 0);
  CHECK((fcntl(t, F_GETFL) & O_ACCMODE) == O_RDWR);
  CHECK(fcntl(t, F_GETFL) & O_NONBLOCK);
  CHECK(fcntl(t, F_GETFD) == FD_CLOEXEC);
  struct itimerspec cur;
  memset(&cur, 0xff, sizeof cur);
  CHECK_OK(timerfd_gettime(t, &cur));
  CHECK(!cur.it_value.tv_sec && !cur.it_value.tv_nsec && !cur.it_interval.tv_sec &&
        !cur.it_interval.tv_nsec);

  /* What settime, gettime, read and write refuse. */
  struct itimerspec s = spec(1000, 0);
  CHECK_ERR(timerfd_settime(t, 0, NULL, NULL), EFAULT);
  CHECK_ERR(timerfd_settime(t, 0x4, &s, NULL), EINVAL);
  s.it_value.tv_nsec = 1000000000;
  CHECK_ERR(timerfd_settime(t, 0, &s, NULL), EINVAL);
  s = spec(1000, 0);
  s.it_interval.tv_sec = -1;
  CHECK_ERR(timerfd_settime(t, 0, &s, NULL), EINVAL);
  s = spec(1000, 0);
  CHECK_ERR(timerfd_settime(99, 0, &s, NULL), EBADF);
  int p[2];
  CHECK_OK(pipe(p));
  CHECK_ERR(timerfd_settime(p[0], 0, &s, NULL), EINVAL);
  CHECK_ERR(timerfd_gettime(p[0], &cur), EINVAL);
  CHECK_ERR(timerfd_gettime(99, &cur), EBADF);
  close(p[0]);
  close(p[1]);
  uint64_t n = 0;
  uint32_t small;
  CHECK_ERR(read(t, &n, sizeof n), EAGAIN); /* not set */
  CHECK_ERR(read(t, &small, sizeof small), EINVAL);
  CHECK_ERR(write(t, &n, sizeof n), EINVAL);

  /* A one-shot timer: not ready before its time, one expiration after. */
  double t0 = check_now_ms();
  s = spec(60, 0);
  CHECK_OK(timerfd_settime(t, 0, &s, NULL));
  CHECK_OK(timerfd_gettime(t, &cur));
  CHECK(ms_of(&cur.it_value) > 0 && ms_of(&cur.it_value) <= 60);
  CHECK(!readable_now(t));
  struct pollfd pf = {.fd = t, .events = POLLIN};
  CHECK(poll(&pf, 1, 3000) == 1 && pf.revents == POLLIN);
  double waited = check_now_ms() - t0;
  CHECK(waited >= 59 && waited < 2500);
  CHECK(ticks_of(t) == 1);
  CHECK_ERR(read(t, &n, sizeof n), EAGAIN); /* read resets the count */
  CHECK_OK(timerfd_gettime(t, &cur));
  CHECK(!cur.it_value.tv_sec && !cur.it_value.tv_nsec); /* spent */

  /* settime's old value: what was left. */
  s = spec(5000, 250);
  CHECK_OK(timerfd_settime(t, 0, &s, NULL));
  struct itimerspec old;
  s = spec(0, 700); /* disarms, keeps the interval */
  CHECK_OK(timerfd_settime(t, 0, &s, &old));
  CHECK(ms_of(&old.it_value) > 4000 && ms_of(&old.it_value) <= 5000);
  CHECK(ms_of(&old.it_interval) == 250);
  CHECK_OK(timerfd_gettime(t, &cur));
  CHECK(ms_of(&cur.it_value) == 0 && ms_of(&cur.it_interval) == 700);

  /* An interval timer counts every expiration until the read. */
  t0 = check_now_ms();
  s = spec(20, 20);
  CHECK_OK(timerfd_settime(t, 0, &s, NULL));
  struct timespec nap = {0, 130 * 1000000};
  CHECK_OK(nanosleep(&nap, NULL));
  n = ticks_of(t);
  double span = check_now_ms() - t0;
  CHECK(n >= 6);                          /* 130 ms: at least 20, 40, ... 120 */
  CHECK(n <= (uint64_t) (span / 20) + 1); /* never more than the time allows */
  CHECK_OK(timerfd_gettime(t, &cur));
  CHECK(ms_of(&cur.it_value) > 0 && ms_of(&cur.it_value) <= 20);
  CHECK(ms_of(&cur.it_interval) == 20);
  s = spec(0, 0);
  CHECK_OK(timerfd_settime(t, 0, &s, NULL));
  CHECK(!readable_now(t));

  /* A new setting clears the count. */
  s = spec(1, 0);
  CHECK_OK(timerfd_settime(t, 0, &s, NULL));
  CHECK_OK(nanosleep(&nap, NULL));
  CHECK(readable_now(t));
  s = spec(10000, 0);
  CHECK_OK(timerfd_settime(t, 0, &s, NULL));
  CHECK(!readable_now(t));
  CHECK_ERR(read(t, &n, sizeof n), EAGAIN);
  CHECK_OK(close(t));

  /* Absolute monotonic time, read blocking: it waits for the timer. */
  t = timerfd_create(CLOCK_MONOTONIC, 0);
  CHECK(t >= 0);
  struct timespec now;
  CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &now));
  s = spec(0, 0);
  s.it_value = now;
  s.it_value.tv_nsec += 50 * 1000000;
  if (s.it_value.tv_nsec >= 1000000000) {
    s.it_value.tv_sec++;
    s.it_value.tv_nsec -= 1000000000;
  }
  t0 = check_now_ms();
  CHECK_OK(timerfd_settime(t, TFD_TIMER_ABSTIME, &s, NULL));
  CHECK(ticks_of(t) == 1);
  waited = check_now_ms() - t0;
  CHECK(waited >= 45 && waited < 2500);
  /* An absolute time already past expires at once. */
  s = spec(0, 0);
  s.it_value.tv_nsec = 1;
  CHECK_OK(timerfd_settime(t, TFD_TIMER_ABSTIME, &s, NULL));
  CHECK(readable_now(t));
  CHECK(ticks_of(t) == 1);
#if defined(__wasi__) || defined(P3SIM)
  CHECK_ERR(read(t, &n, sizeof n), EDEADLK); /* spent: nothing could set it again */
#endif
  CHECK_OK(close(t));

  /* CLOCK_REALTIME, absolute, 3.5 s in the past with a 1 s interval:
   * expirations at -3.5, -2.5, -1.5 and -0.5 s, so 4 at once. */
  t = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
  CHECK(t >= 0);
  CHECK_OK(clock_gettime(CLOCK_REALTIME, &now));
  s = spec(0, 1000);
  s.it_value = now;
  s.it_value.tv_sec -= 4;
  s.it_value.tv_nsec += 500000000;
  if (s.it_value.tv_nsec >= 1000000000) {
    s.it_value.tv_sec++;
    s.it_value.tv_nsec -= 1000000000;
  }
  CHECK_OK(timerfd_settime(t, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &s, NULL));
  CHECK(ticks_of(t) == 4);
  CHECK_OK(timerfd_gettime(t, &cur));
  CHECK(ms_of(&cur.it_value) > 300 && ms_of(&cur.it_value) <= 500);
  /* Relative on CLOCK_REALTIME. */
  s = spec(40, 0);
  t0 = check_now_ms();
  CHECK_OK(timerfd_settime(t, 0, &s, NULL));
  pf.fd = t;
  CHECK(poll(&pf, 1, 3000) == 1 && pf.revents == POLLIN);
  CHECK(check_now_ms() - t0 >= 39);
  CHECK(ticks_of(t) == 1);

  /* Two timers and epoll: the earlier one is ready first, then the other. */
  int u = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  CHECK(u >= 0);
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 1};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, t, &ev));
  ev.data.u32 = 2;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, u, &ev));
  s = spec(200, 0);
  CHECK_OK(timerfd_settime(t, 0, &s, NULL));
  s = spec(30, 0);
  CHECK_OK(timerfd_settime(u, 0, &s, NULL));
  struct epoll_event out[2];
  CHECK(epoll_wait(ep, out, 2, 3000) == 1 && out[0].data.u32 == 2 && out[0].events == EPOLLIN);
  CHECK(ticks_of(u) == 1);
  CHECK(epoll_wait(ep, out, 2, 3000) == 1 && out[0].data.u32 == 1);
  CHECK(ticks_of(t) == 1);
  CHECK(epoll_wait(ep, out, 2, 0) == 0);

  /* A closed timer leaves nothing behind: a later timed wait runs its time. */
  s = spec(10, 10);
  CHECK_OK(timerfd_settime(u, 0, &s, NULL));
  CHECK_OK(close(u));
  t0 = check_now_ms();
  CHECK(epoll_wait(ep, out, 2, 60) == 0);
  CHECK(check_now_ms() - t0 >= 55);
  CHECK_OK(close(ep));
  CHECK_OK(close(t));
  CHECK_DONE();
}
