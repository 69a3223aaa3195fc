/* p3net <sys/timerfd.h>: Linux names and values. Timers run on the
 * component's monotonic clock; see the README for CLOCK_REALTIME. */
#ifndef _SYS_TIMERFD_H
#define _SYS_TIMERFD_H

#include <fcntl.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TFD_NONBLOCK O_NONBLOCK
#define TFD_CLOEXEC O_CLOEXEC
#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2

int timerfd_create(clockid_t clock, int flags);
int timerfd_settime(int fd, int flags, const struct itimerspec *value, struct itimerspec *old);
int timerfd_gettime(int fd, struct itimerspec *value);

#ifdef __cplusplus
}
#endif
#endif
