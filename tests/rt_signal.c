/* Network servers start with signal(SIGPIPE, SIG_IGN): that must compile
 * and succeed. A component gets no signals from outside, but raise() runs
 * the handler a program installed. */
#include <signal.h>

#include "check.h"

static volatile int hits;

static void on_usr1(int sig) {
  if (sig == SIGUSR1)
    hits++;
}

int main(void) {
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
  CHECK(signal(SIGUSR1, on_usr1) != SIG_ERR);
  CHECK(raise(SIGUSR1) == 0);
  CHECK(hits == 1);
  CHECK_DONE();
}
