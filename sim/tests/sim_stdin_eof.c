/* stdin read to its end, and past it. A host may hand over the last bytes
 * of a stream together with DROPPED (the writer is gone): the Component
 * Model allows a nonzero count with it, and after it the only thing the
 * reader may do is drop its end -- another stream.read traps. read(0) must
 * then return those bytes, and 0 for every read after, without asking the
 * host again. Small reads make several host reads; the host here always
 * gives the last bytes with DROPPED (P3SIM_STDIN_DROP_WITH_DATA=1). */
// P3SIM-STDIN: text the quick brown fox jumps over the lazy dog
// P3SIM-ENV: P3SIM_STDIN_DROP_WITH_DATA=1
#include <string.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  static const char want[] = "the quick brown fox jumps over the lazy dog\n";
  char got[128];
  size_t have = 0;
  int reads = 0;
  for (;;) {
    ssize_t n = read(0, got + have, 7 < sizeof got - have ? 7 : sizeof got - have);
    CHECK(n >= 0);
    if (n <= 0)
      break;
    have += (size_t) n;
    CHECK(++reads < 64);
    if (reads >= 64)
      break;
  }
  CHECK(have == sizeof want - 1);
  CHECK(memcmp(got, want, have < sizeof want - 1 ? have : sizeof want - 1) == 0);
  /* The end stays the end. */
  for (int i = 0; i < 5; i++) {
    char c;
    CHECK(read(0, &c, 1) == 0);
  }
  char big[64];
  CHECK(read(0, big, sizeof big) == 0);
  CHECK_DONE();
}
