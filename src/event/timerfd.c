/* timerfd: expirations counted in the component, on the reactor's one
 * timer (an alarm each, no host subtask of its own). A read or
 * timerfd_gettime reads the monotonic clock once, since Linux counts the
 * intervals that have passed at that moment; poll, select and epoll learn
 * of an expiration when the reactor's timer fires or, when they answer
 * without waiting, from one clock read while a timer is set.
 *
 * CLOCK_REALTIME timers run on the monotonic clock from the moment they
 * are set: a component cannot learn that the system clock was set, so an
 * absolute CLOCK_REALTIME time is turned into a monotonic one once
 * (TFD_TIMER_CANCEL_ON_SET is accepted and never cancels). A blocking read
 * of a timer that is not set could only be ended by this same
 * single-threaded component: it fails at once with EDEADLK. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "fd/fd.h"
#include "host/host.h"
#include "reactor/reactor.h"
#include "rt/timeconv.h"

#define NS 1000000000ull

struct p3_timerfd {
  struct p3_file file;
  struct p3_alarm alarm;
  int realtime;
  int armed;
  uint64_t expiry;   /* monotonic ns of the next expiration, if armed */
  uint64_t interval; /* ns; 0 for a single expiration */
  uint64_t ticks;    /* expirations not yet read */
};

static struct p3_timerfd *of_alarm(struct p3_alarm *a) {
  return (struct p3_timerfd *) ((char *) a - offsetof(struct p3_timerfd, alarm));
}

/* Counts the expirations up to now and sets the alarm for the next. */
static void expire(struct p3_timerfd *t, uint64_t now) {
  if (!t->armed || now < t->expiry)
    return;
  uint64_t n = 1;
  if (t->interval) {
    n = (now - t->expiry) / t->interval + 1;
    uint64_t step = n <= UINT64_MAX / t->interval ? n * t->interval : UINT64_MAX;
    if (step > UINT64_MAX - t->expiry) {
      t->armed = 0; /* the next one lies past the clock's end: it never comes */
      p3_alarm_cancel(&t->alarm);
    } else {
      t->expiry += step;
      p3_alarm_set(&t->alarm, t->expiry);
    }
  } else {
    t->armed = 0;
    p3_alarm_cancel(&t->alarm);
  }
  t->ticks = n > UINT64_MAX - t->ticks ? UINT64_MAX : t->ticks + n;
  p3_file_changed_by(&t->file, POLLIN); /* Linux wakes readers only */
}

static void ring(struct p3_alarm *a, uint64_t now) {
  expire(of_alarm(a), now);
}

static ssize_t tfd_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  struct p3_timerfd *t = (struct p3_timerfd *) f;
  if (len < sizeof(uint64_t)) {
    errno = EINVAL;
    return -1;
  }
  if (t->armed)
    expire(t, p3_now());
  while (!t->ticks) {
    if (nonblock || !t->armed) {
      errno = nonblock ? EAGAIN : EDEADLK;
      return -1;
    }
    p3_reactor_wait(UINT64_MAX); /* the alarm arms the reactor's timer */
  }
  memcpy(buf, &t->ticks, sizeof t->ticks);
  t->ticks = 0;
  return sizeof(uint64_t);
}

static unsigned tfd_poll(struct p3_file *f) {
  return ((struct p3_timerfd *) f)->ticks ? POLLIN : 0; /* as Linux: POLLIN alone */
}

static int tfd_close(struct p3_file *f) {
  p3_alarm_cancel(&((struct p3_timerfd *) f)->alarm);
  free(f);
  return 0;
}

static const struct p3_file_ops tfd_ops = {
    .read = tfd_read,
    .close = tfd_close,
    .poll = tfd_poll,
};

int timerfd_create(clockid_t clock, int flags) {
  if ((clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME) ||
      (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC))) {
    errno = EINVAL;
    return -1;
  }
  struct p3_timerfd *t = calloc(1, sizeof *t);
  if (!t) {
    errno = ENOMEM;
    return -1;
  }
  p3_stats.allocs++;
  t->file.ops = &tfd_ops;
  t->file.status_flags = flags & TFD_NONBLOCK ? O_NONBLOCK : 0;
  t->alarm.ring = ring;
  t->realtime = clock == CLOCK_REALTIME;
  int fd = p3_fd_install(&t->file, !!(flags & TFD_CLOEXEC));
  if (fd < 0)
    free(t);
  return fd;
}

static struct p3_timerfd *get(int fd) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return NULL;
  if (f->ops != &tfd_ops) {
    errno = EINVAL; /* as Linux: not a timerfd */
    return NULL;
  }
  return (struct p3_timerfd *) f;
}

static int valid(const struct timespec *ts) {
  return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long) NS;
}

static struct timespec to_timespec(uint64_t ns) {
  return (struct timespec) {(time_t) (ns / NS), (long) (ns % NS)};
}

/* What timerfd_gettime reports at now (expirations already counted). */
static void current(const struct p3_timerfd *t, uint64_t now, struct itimerspec *out) {
  out->it_value = to_timespec(t->armed && t->expiry > now ? t->expiry - now : 0);
  out->it_interval = to_timespec(t->interval);
}

/* Linux checks the value first, then the flags and times, then the fd. */
int timerfd_settime(int fd, int flags, const struct itimerspec *value, struct itimerspec *old) {
  if (!value) {
    errno = EFAULT;
    return -1;
  }
  if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) || !valid(&value->it_value) ||
      !valid(&value->it_interval)) {
    errno = EINVAL;
    return -1;
  }
  struct p3_timerfd *t = get(fd);
  if (!t)
    return -1;
  uint64_t now = p3_now();
  expire(t, now);
  if (old)
    current(t, now, old);
  t->ticks = 0;
  t->interval = p3_ns_from_timespec(&value->it_interval);
  t->armed = 0;
  p3_alarm_cancel(&t->alarm);
  if (!value->it_value.tv_sec && !value->it_value.tv_nsec)
    return 0; /* disarmed */
  uint64_t v = p3_ns_from_timespec(&value->it_value), ahead, behind = 0;
  if (!(flags & TFD_TIMER_ABSTIME)) {
    ahead = v;
  } else {
    /* The time on its own clock, as a distance from now: an absolute
     * time may lie before the monotonic clock's start (it starts near 0
     * on Wasmtime), so no monotonic instant is formed for the past. */
    uint64_t base = now;
    if (t->realtime) {
      struct timespec rt;
      clock_gettime(CLOCK_REALTIME, &rt);
      base = p3_ns_from_timespec(&rt);
    }
    ahead = v > base ? v - base : 0;
    behind = v > base ? 0 : base - v;
  }
  t->armed = 1;
  if (ahead) {
    t->expiry = ahead > UINT64_MAX - 1 - now ? UINT64_MAX - 1 : now + ahead;
    p3_alarm_set(&t->alarm, t->expiry);
    return 0;
  }
  /* A time already past (or now) expires at once, with every interval
   * since: the next expiration is the first one still ahead. */
  uint64_t n = 1, next = 0;
  if (t->interval) {
    n = behind / t->interval + 1;
    next = n <= UINT64_MAX / t->interval ? n * t->interval - behind : UINT64_MAX;
  }
  t->expiry = next && next <= UINT64_MAX - 1 - now ? now + next : 0;
  t->armed = t->expiry != 0;
  if (t->armed)
    p3_alarm_set(&t->alarm, t->expiry);
  t->ticks = n;
  p3_file_changed_by(&t->file, POLLIN);
  return 0;
}

int timerfd_gettime(int fd, struct itimerspec *value) {
  struct p3_timerfd *t = get(fd);
  if (!t)
    return -1;
  if (!value) {
    errno = EFAULT;
    return -1;
  }
  uint64_t now = p3_now();
  expire(t, now);
  current(t, now, value);
  return 0;
}
