/* Saturating duration conversions (see timeconv.h). */
#include "rt/timeconv.h"

#define NS_PER_S 1000000000ull

/* sec seconds plus sub nanoseconds. sub is what the caller was given, so it
 * may be negative or more than a second: it is added as is, clamped. */
static uint64_t ns_from(long long sec, long long sub) {
  if (sec < 0)
    return 0;
  if ((unsigned long long) sec > P3_NS_MAX / NS_PER_S)
    return P3_NS_MAX;
  uint64_t t = (uint64_t) sec * NS_PER_S;
  if (sub < 0) {
    uint64_t down = (uint64_t) -(sub + 1) + 1; /* |sub|, even for LLONG_MIN */
    return down >= t ? 0 : t - down;
  }
  return (uint64_t) sub >= P3_NS_MAX - t ? P3_NS_MAX : t + (uint64_t) sub;
}

uint64_t p3_ns_from_timespec(const struct timespec *ts) {
  return ns_from((long long) ts->tv_sec, (long long) ts->tv_nsec);
}

uint64_t p3_ns_from_timeval(const struct timeval *tv) {
  /* Microseconds beyond ±9e15 (no caller accepts them) are clamped before
   * scaling, so the product cannot overflow. */
  const long long lim = 9000000000000000ll;
  long long us = (long long) tv->tv_usec;
  us = us > lim ? lim : us < -lim ? -lim : us;
  return ns_from((long long) tv->tv_sec, us * 1000);
}
