/* Clocks and sleeping on wasi:clocks. Sleeping goes through the reactor,
 * so socket events that arrive meanwhile are taken, not lost. */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "host/host.h"
#include "reactor/reactor.h"
#include "rt/timeconv.h"

#define NS 1000000000ull

int clock_gettime(clockid_t id, struct timespec *ts) {
  if (!ts) {
    errno = EFAULT;
    return -1;
  }
  if (id == CLOCK_MONOTONIC) {
    uint64_t t = p3_now();
    ts->tv_sec = (time_t) (t / NS);
    ts->tv_nsec = (long) (t % NS);
    return 0;
  }
  if (id == CLOCK_REALTIME) {
    wasi_clocks_system_clock_instant_t now;
    HOST(wasi_clocks_system_clock_now(&now));
    ts->tv_sec = (time_t) now.seconds;
    ts->tv_nsec = (long) now.nanoseconds;
    return 0;
  }
  errno = EINVAL; /* the sysroot's CPU-time clocks have no wasip3 source */
  return -1;
}

int clock_getres(clockid_t id, struct timespec *ts) {
  uint64_t r;
  if (id == CLOCK_MONOTONIC) {
    r = HOST(wasi_clocks_monotonic_clock_get_resolution());
  } else if (id == CLOCK_REALTIME) {
    r = HOST(wasi_clocks_system_clock_get_resolution());
  } else {
    errno = EINVAL;
    return -1;
  }
  if (ts) {
    ts->tv_sec = (time_t) (r / NS);
    ts->tv_nsec = (long) (r % NS);
  }
  return 0;
}

int gettimeofday(struct timeval *__restrict tv, void *__restrict tz) {
  (void) tz;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (tv) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = (suseconds_t) (ts.tv_nsec / 1000);
  }
  return 0;
}

time_t time(time_t *out) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (out)
    *out = ts.tv_sec;
  return ts.tv_sec;
}

/* Sleeps until the monotonic deadline, taking events meanwhile. */
static void sleep_until(uint64_t deadline) {
  while (p3_reactor_wait(deadline) != P3_WAIT_TIMEOUT)
    ;
}

static int bad_timespec(const struct timespec *ts) {
  return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long) NS;
}

/* rem is written only when a signal cuts a sleep short, as on Linux, and a
 * component gets no signals: it is never written. */
int nanosleep(const struct timespec *req, struct timespec *rem) {
  (void) rem;
  if (!req) {
    errno = EFAULT;
    return -1;
  }
  if (bad_timespec(req)) {
    errno = EINVAL;
    return -1;
  }
  /* Both saturate: a huge request is a deadline never reached, not a
   * product that wrapped into a short one. */
  sleep_until(p3_deadline_in(p3_ns_from_timespec(req)));
  return 0;
}

/* Returns the error number and leaves errno alone, as POSIX says. */
int clock_nanosleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem) {
  (void) rem;
  if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME)
    return EINVAL;
  if (!req)
    return EFAULT;
  if (bad_timespec(req))
    return EINVAL;
  uint64_t want = p3_ns_from_timespec(req);
  if (!(flags & TIMER_ABSTIME)) {
    sleep_until(p3_deadline_in(want));
    return 0;
  }
  /* CLOCK_MONOTONIC is the reactor's own clock: the time is the deadline. */
  if (id == CLOCK_MONOTONIC) {
    sleep_until(want);
    return 0;
  }
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  uint64_t at = p3_ns_from_timespec(&now);
  if (want > at)
    sleep_until(p3_deadline_in(want - at));
  return 0;
}

int usleep(useconds_t us) {
  struct timespec ts = {(time_t) (us / 1000000), (long) (us % 1000000) * 1000};
  return nanosleep(&ts, NULL);
}

unsigned sleep(unsigned s) {
  struct timespec ts = {(time_t) s, 0};
  nanosleep(&ts, NULL);
  return 0;
}
