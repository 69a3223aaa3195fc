/* select and pselect, as poll over the fds below nfds that the sets name.
 * Only the FD_* macros touch the sets, so this works with any fd_set
 * layout: this sysroot's (a list of fds) and glibc's (a bitmap, which lets
 * the simulated host test this file natively). */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <sys/select.h>
#include <sys/time.h>

#include "fd/fd.h"
#include "poll/wait.h"
#include "reactor/reactor.h"
#include "rt/timeconv.h"

#define READ_SET (POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define WRITE_SET (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define EXCEPT_SET POLLPRI

/* Linux looks only at the fds that exist; the sets hold FD_SETSIZE. */
static int limit(int nfds) {
  return nfds < FD_SETSIZE ? nfds : FD_SETSIZE;
}

/* Checks every fd in the sets; -1 with EBADF for a closed one (select,
 * unlike poll, fails the whole call). */
static int validate(int nfds, fd_set *sets[3]) {
  for (int fd = 0; fd < limit(nfds); fd++)
    for (int k = 0; k < 3; k++)
      if (sets[k] && FD_ISSET(fd, sets[k]) && !p3_fd_get(fd))
        return -1;
  return 0;
}

/* Rewrites the sets to hold only ready fds; returns how many bits remain.
 * An fd in several sets is asked once. */
static int scan(int nfds, fd_set *in[3], fd_set *out[3]) {
  static const unsigned masks[3] = {READ_SET, WRITE_SET, EXCEPT_SET};
  int count = 0;
  for (int k = 0; k < 3; k++)
    if (out[k])
      FD_ZERO(out[k]);
  for (int fd = 0; fd < limit(nfds); fd++) {
    unsigned ev = 0;
    int asked = 0;
    for (int k = 0; k < 3; k++) {
      if (!in[k] || !FD_ISSET(fd, in[k]))
        continue;
      if (!asked++) {
        struct p3_file *f = p3_fd_get(fd);
        ev = f ? f->ops->poll(f) : 0;
      }
      if (ev & masks[k]) {
        FD_SET(fd, out[k]);
        count++;
      }
    }
  }
  return count;
}

struct query {
  int nfds;
  fd_set **in, **out;
};

static int check(void *ctx) {
  struct query *q = ctx;
  return scan(q->nfds, q->in, q->out);
}

/* timeout in ns (0: never block, UINT64_MAX: no limit); *left gets the
 * time that was left, which select writes back as Linux does. */
static int select_for(int nfds, fd_set *sets[3], uint64_t timeout, uint64_t *left) {
  if (nfds < 0) {
    errno = EINVAL;
    return -1;
  }
  if (validate(nfds, sets) < 0)
    return -1;
  /* Ask on copies so the caller's sets stay intact until we answer. */
  fd_set copy[3], *in[3], *out[3];
  for (int k = 0; k < 3; k++) {
    in[k] = sets[k] ? &copy[k] : NULL;
    out[k] = sets[k];
    if (sets[k])
      copy[k] = *sets[k];
  }
  struct query q = {nfds, in, out};
  struct p3_readiness r = {check, NULL, &q};
  uint64_t deadline;
  int n = p3_readiness_wait(&r, timeout, &deadline);
  if (deadline == UINT64_MAX) {
    *left = timeout; /* answered without waiting: no time was used up */
  } else {
    uint64_t now = p3_now();
    *left = now < deadline ? deadline - now : 0;
  }
  return n;
}

int select(int nfds, fd_set *__restrict r, fd_set *__restrict w, fd_set *__restrict e,
           struct timeval *__restrict tv) {
  fd_set *sets[3] = {r, w, e};
  uint64_t timeout = UINT64_MAX, left;
  if (tv) {
    if (tv->tv_sec < 0 || tv->tv_usec < 0) {
      errno = EINVAL;
      return -1;
    }
    timeout = p3_ns_from_timeval(tv);
  }
  int n = select_for(nfds, sets, timeout, &left);
  if (tv && n >= 0) {
    tv->tv_sec = (time_t) (left / 1000000000u);
    tv->tv_usec = (suseconds_t) (left % 1000000000u / 1000u);
  }
  return n;
}

int pselect(int nfds, fd_set *__restrict r, fd_set *__restrict w, fd_set *__restrict e,
            const struct timespec *__restrict ts, const sigset_t *__restrict mask) {
  (void) mask; /* a component has no signals to mask */
  fd_set *sets[3] = {r, w, e};
  uint64_t timeout = UINT64_MAX, left;
  if (ts) {
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) {
      errno = EINVAL;
      return -1;
    }
    timeout = p3_ns_from_timespec(ts);
  }
  return select_for(nfds, sets, timeout, &left);
}
