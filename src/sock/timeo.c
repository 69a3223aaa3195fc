/* SO_RCVTIMEO / SO_SNDTIMEO as deadlines for blocking socket calls. */
#include "reactor/reactor.h"
#include "rt/timeconv.h"
#include "sock/sock.h"

uint64_t p3_deadline_from_timeval(const struct timeval *tv) {
  if (!tv->tv_sec && !tv->tv_usec)
    return UINT64_MAX;
  /* Saturating: a huge timeout is a deadline never reached, and a negative
   * one (setsockopt keeps it as {-1, 0}) is now. */
  return p3_deadline_in(p3_ns_from_timeval(tv));
}
