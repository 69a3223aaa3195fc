/* sched_yield: a component has one thread, so yielding means letting the
 * host run (thread.yield, which Wasmtime needs to move its I/O) and taking
 * in what it finished meanwhile, as a readiness call does. */
#include <sched.h>

#include "reactor/reactor.h"

int sched_yield(void) {
  p3_reactor_poll();
  return 0;
}
