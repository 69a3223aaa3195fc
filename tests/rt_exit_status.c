/* exit(42) after buffered output: the status reaches the host unchanged and
 * the output written before it still appears -- the last line is still in
 * stdout's buffer when exit is called. The two lines are 55 bytes. */
// P3NET-EXIT: 42
// P3NET-STDOUT-MIN: 55
#include "check.h"

int main(void) {
  CHECK(printf("about to exit with 42\n") == 22);
  CHECK(printf("no newline at the end of this one") == 33);
  fprintf(stderr, "stderr before exit\n");
  exit(check_failures ? 1 : 42);
}
