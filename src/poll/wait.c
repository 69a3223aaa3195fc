/* Why every answer costs the host a turn: a component learns of a finished
 * receive only by taking the host's events, and Wasmtime moves its I/O
 * only while the guest waits or yields. An event loop always has some fd
 * writable; if an answer that is already known skipped the host, the loop
 * would never hear of a datagram again. So an answer that does not block
 * yields once and drains the events (two host calls when nothing new is
 * there), and an answer after a wait drains what else came with it (one
 * call). A call that must wait anyway goes straight to the wait, which
 * takes any pending event first. */
#include "poll/wait.h"

#include "reactor/reactor.h"

/* The answer after events may have been dispatched (changed > 0). */
static int answer(const struct p3_readiness *r, int n, int changed) {
  if (r->take)
    return r->take(r->ctx);
  return changed ? r->check(r->ctx) : n;
}

int p3_readiness_wait(const struct p3_readiness *r, uint64_t timeout, uint64_t *deadline) {
  *deadline = UINT64_MAX;
  int n = r->check(r->ctx);
  if (n || !timeout) {
    n = answer(r, n, p3_reactor_poll());
    if (n || !timeout)
      return n;
  }
  *deadline = p3_deadline_in(timeout);
  for (;;) {
    int w = p3_reactor_wait(*deadline);
    n = r->check(r->ctx);
    if (n) {
      n = answer(r, n, p3_reactor_drain());
      if (n)
        return n;
    }
    if (w == P3_WAIT_TIMEOUT)
      return 0;
  }
}
