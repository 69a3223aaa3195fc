/* poll and ppoll. Readiness comes from each file's own state, after the
 * host's finished events are taken in (poll/wait.c). */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <time.h>

#include "fd/fd.h"
#include "poll/wait.h"
#include "rt/timeconv.h"

#define ALWAYS (POLLERR | POLLHUP | POLLNVAL)

static int scan(struct pollfd *fds, nfds_t n) {
  int ready = 0;
  for (nfds_t i = 0; i < n; i++) {
    fds[i].revents = 0;
    if (fds[i].fd < 0)
      continue;
    struct p3_file *f = p3_fd_get(fds[i].fd);
    unsigned ev = f ? f->ops->poll(f) : POLLNVAL;
    fds[i].revents = (short) (ev & ((unsigned short) fds[i].events | ALWAYS));
    if (fds[i].revents)
      ready++;
  }
  return ready;
}

struct query {
  struct pollfd *fds;
  nfds_t n;
};

static int check(void *ctx) {
  struct query *q = ctx;
  return scan(q->fds, q->n);
}

/* timeout in ns: 0 never blocks, UINT64_MAX waits without limit. */
static int poll_for(struct pollfd *fds, nfds_t n, uint64_t timeout) {
  if (n && !fds) {
    errno = EFAULT;
    return -1;
  }
  if (n > 65536) {
    errno = EINVAL;
    return -1;
  }
  struct query q = {fds, n};
  struct p3_readiness r = {check, NULL, &q};
  uint64_t deadline;
  return p3_readiness_wait(&r, timeout, &deadline);
}

int poll(struct pollfd *fds, nfds_t n, int timeout) {
  return poll_for(fds, n, timeout < 0 ? UINT64_MAX : (uint64_t) timeout * 1000000u);
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask) {
  (void) mask; /* a component has no signals to mask */
  if (!ts)
    return poll_for(fds, n, UINT64_MAX);
  if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) {
    errno = EINVAL;
    return -1;
  }
  return poll_for(fds, n, p3_ns_from_timespec(ts));
}
