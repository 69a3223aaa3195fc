/* The one waiting rule poll, select and epoll_wait share. */
#ifndef P3_POLL_WAIT_H
#define P3_POLL_WAIT_H

#include <stdint.h>

/* What a readiness call asks. check counts what is ready now and changes
 * nothing; take, if set, reports and consumes it (epoll's edge-triggered
 * and one-shot entries), else check's count is the answer. */
struct p3_readiness {
  int (*check)(void *ctx);
  int (*take)(void *ctx);
  void *ctx;
};

/* Answers r within timeout ns (0: never blocks, UINT64_MAX: no limit).
 * Before any answer, every completion the host already has is taken in,
 * and a call that does not block first lets the host run: readiness that
 * is already known never hides an event that has arrived meanwhile.
 * *deadline gets the deadline used (UINT64_MAX if none was needed). */
int p3_readiness_wait(const struct p3_readiness *r, uint64_t timeout, uint64_t *deadline);

#endif
