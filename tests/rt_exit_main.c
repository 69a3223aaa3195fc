/* Returning 1 from main is exit status 1, and the output stays. */
// P3NET-EXIT: 1
// P3NET-STDOUT-MIN: 22
#include "check.h"

int main(void) {
  CHECK(printf("returning 1 from main\n") == 22);
  return check_failures ? 2 : 1;
}
