/* getenv reads the environment the host gives the program. The harness
 * runs every target with P3NET_TEST_ENV=hello in the environment. */
#include <stdlib.h>

#include "check.h"

int main(void) {
  const char *v = getenv("P3NET_TEST_ENV");
  CHECK(v && !strcmp(v, "hello"));
  CHECK(getenv("P3NET_TEST_ENV_UNSET_XYZ") == NULL);
  CHECK(getenv("") == NULL);
  CHECK(getenv("P3NET_TEST_ENV=hello") == NULL);
  CHECK_DONE();
}
