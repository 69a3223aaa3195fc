/* getentropy: up to 256 bytes per call (EIO beyond, as on Linux), bytes
 * that are not all zero, and two draws that differ. */
#include <unistd.h>

#include "check.h"

static int all_zero(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i])
      return 0;
  return 1;
}

int main(void) {
  unsigned char a[257], b[32];

  CHECK_OK(getentropy(a, 0));
  CHECK_OK(getentropy(a, 1));
  memset(a, 0, sizeof a);
  CHECK_OK(getentropy(a, 32));
  CHECK(!all_zero(a, 32));
  CHECK_OK(getentropy(b, 32));
  CHECK(memcmp(a, b, 32) != 0);

  memset(a, 0, sizeof a);
  CHECK_OK(getentropy(a, 256));
  CHECK(!all_zero(a, 256));
  CHECK(a[256] == 0); /* nothing written past the length */
  /* A short fill would leave zeros at the end: every quarter has data. */
  for (int q = 0; q < 4; q++)
    CHECK(!all_zero(a + 64 * q, 64));

  CHECK_ERR(getentropy(a, 257), EIO);
  CHECK_DONE();
}
