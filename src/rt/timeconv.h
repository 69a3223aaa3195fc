/* timespec and timeval durations as nanoseconds, for every call that takes
 * a timeout (sleeps, SO_RCVTIMEO/SO_SNDTIMEO, poll and select). A product
 * like tv_sec * 1e9 overflows for the large values programs pass to mean
 * "practically forever"; these saturate instead. */
#ifndef P3_RT_TIMECONV_H
#define P3_RT_TIMECONV_H

#include <stdint.h>
#include <sys/time.h>
#include <time.h>

/* The largest duration returned: about 584 years. It stays below
 * UINT64_MAX, which the reactor reads as "no deadline", so a huge timeout
 * is a finite (never reached) one and p3_deadline_in keeps it so. */
#define P3_NS_MAX (UINT64_MAX - 1)

/* The duration in nanoseconds, saturated at P3_NS_MAX. Callers check the
 * fields for their own errno first; a negative total reads as 0, and no
 * input overflows. */
uint64_t p3_ns_from_timespec(const struct timespec *ts);
uint64_t p3_ns_from_timeval(const struct timeval *tv);

#endif
