// P3NET-EXIT: 141
// P3NET-STDOUT-MIN: 15
/* A signal whose default action ends a process ends the program: raise
 * (SIGPIPE) with no handler does not return, and the status is 128 + 13,
 * what a shell reports for a death by SIGPIPE (on p3net, the component's
 * exit status: README, "Known host differences"). SIGPIPE, because it is
 * the signal whose death the shell running the harness does not announce. A signal whose default
 * is to be ignored (SIGCHLD, SIGWINCH) changes nothing, and output written
 * before the end is not lost. */
#include <signal.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  CHECK(raise(SIGCHLD) == 0);
  CHECK(raise(SIGWINCH) == 0);
  CHECK(write(1, "before SIGPIPE\n", 15) == 15);
  if (check_failures)
    CHECK_DONE();
  raise(SIGPIPE);
  fprintf(stderr, "raise(SIGPIPE) returned\n");
  return 1;
}
