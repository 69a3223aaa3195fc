/* getentropy writes exactly the bytes asked for: for every length from 0
 * to 256, at every alignment of the first four, guard bytes on both sides
 * of the target stay as they were. The host hands back a list whose length
 * is its own; p3net must copy at most what was asked even if the host
 * returns more (a host that does so is not at hand, so this guards the
 * rule on the hosts there are). */
#include <unistd.h>

#include "check.h"

#define GUARD 64

int main(void) {
  static unsigned char area[GUARD + 4 + 256 + GUARD];
  int damaged = 0;
  for (size_t len = 0; len <= 256; len++) {
    for (size_t align = 0; align < 4; align++) {
      memset(area, 0xa5, sizeof area);
      unsigned char *p = area + GUARD + align;
      CHECK_OK(getentropy(p, len));
      for (unsigned char *q = area; q < p; q++)
        damaged += *q != 0xa5;
      for (unsigned char *q = p + len; q < area + sizeof area; q++)
        damaged += *q != 0xa5;
    }
  }
  if (damaged)
    fprintf(stderr, "%d guard bytes overwritten\n", damaged);
  CHECK(damaged == 0);
  CHECK_DONE();
}
