// P3NET-EXIT: 143
// P3NET-STDOUT-MIN: 15
/* A signal whose default action ends a process ends the program: raise
 * (SIGTERM) with no handler does not return, and the status is 128 + 15,
 * what a shell reports for a death by SIGTERM (on p3net, the component's
 * exit status: README, "Known host differences"). A signal whose default
 * is to be ignored (SIGCHLD, SIGWINCH) changes nothing, and output written
 * before the end is not lost. */
#include <signal.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  CHECK(raise(SIGCHLD) == 0);
  CHECK(raise(SIGWINCH) == 0);
  CHECK(write(1, "before SIGTERM\n", 15) == 15);
  if (check_failures)
    CHECK_DONE();
  raise(SIGTERM);
  fprintf(stderr, "raise(SIGTERM) returned\n");
  return 1;
}
