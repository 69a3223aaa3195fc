/* exit(0) from a nested call ends the program with status 0 (main would
 * have returned 3) after running the atexit handlers: the handler's line
 * makes stdout reach its 58 bytes. */
// P3NET-STDOUT-MIN: 58
#include "check.h"

static void handler(void) {
  printf("atexit handler ran\n");
}

/* Called through a pointer so that the nesting is real. */
static void (*volatile next)(int);

static void nested(int depth) {
  if (depth == 0)
    exit(0);
  next(depth - 1);
}

int main(void) {
  CHECK(atexit(handler) == 0);
  CHECK(printf("calling exit(0) from a nested function\n") == 39);
  if (check_failures)
    return 1;
  next = nested;
  next(3);
  return 3;
}
