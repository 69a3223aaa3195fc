/* Clocks and sleeping on wasi:clocks. Sleeping goes through the reactor,
 * so socket events that arrive meanwhile are taken, not lost. */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "host/host.h"
#include "reactor/reactor.h"

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

int nanosleep(const struct timespec *req, struct timespec *rem) {
  if (!req) {
    errno = EFAULT;
    return -1;
  }
  if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (long) NS) {
    errno = EINVAL;
    return -1;
  }
  uint64_t len = (uint64_t) req->tv_sec * NS + (uint64_t) req->tv_nsec;
  uint64_t deadline = p3_now() + len;
  if (deadline < len)
    deadline = UINT64_MAX - 1; /* far enough: no overflow into "no limit" */
  while (p3_reactor_wait(deadline) != P3_WAIT_TIMEOUT)
    ;
  if (rem)
    *rem = (struct timespec) {0, 0};
  return 0;
}

int clock_nanosleep(clockid_t id, int flags, const struct timespec *req, struct timespec *rem) {
  if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME)
    return EINVAL;
  if (flags & TIMER_ABSTIME) {
    struct timespec now;
    clock_gettime(id, &now);
    struct timespec d = {req->tv_sec - now.tv_sec, req->tv_nsec - now.tv_nsec};
    if (d.tv_nsec < 0) {
      d.tv_nsec += (long) NS;
      d.tv_sec--;
    }
    if (d.tv_sec < 0)
      return 0;
    return nanosleep(&d, rem) ? errno : 0;
  }
  return nanosleep(req, rem) ? errno : 0;
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
