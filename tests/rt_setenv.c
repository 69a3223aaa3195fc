/* setenv, unsetenv, putenv and clearenv change what getenv answers, with
 * Linux's errnos for bad names; the host's environment (P3NET_TEST_ENV,
 * set by the harness) is there until cleared. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int main(void) {
  const char *v = getenv("P3NET_TEST_ENV");
  CHECK(v && !strcmp(v, "hello"));
  CHECK_OK(setenv("P3_A", "one", 0));
  CHECK((v = getenv("P3_A")) && !strcmp(v, "one"));
  CHECK_OK(setenv("P3_A", "two", 0)); /* kept: overwrite 0 */
  CHECK((v = getenv("P3_A")) && !strcmp(v, "one"));
  CHECK_OK(setenv("P3_A", "two", 1));
  CHECK((v = getenv("P3_A")) && !strcmp(v, "two"));
  CHECK_OK(setenv("P3_EMPTY", "", 1));
  CHECK((v = getenv("P3_EMPTY")) && !strcmp(v, ""));
  CHECK_ERR(setenv("", "x", 1), EINVAL);
  CHECK_ERR(setenv("A=B", "x", 1), EINVAL);
  CHECK_ERR(setenv(NULL, "x", 1), EINVAL);
  CHECK_OK(unsetenv("P3_A"));
  CHECK(getenv("P3_A") == NULL);
  CHECK_OK(unsetenv("P3_NEVER_SET"));
  CHECK_ERR(unsetenv("A=B"), EINVAL);
  static char entry[] = "P3_PUT=value";
  CHECK_OK(putenv(entry));
  CHECK((v = getenv("P3_PUT")) && !strcmp(v, "value"));
  for (int i = 0; i < 200; i++) /* many names: the table grows */
  {
    char name[16];
    snprintf(name, sizeof name, "P3_N%d", i);
    CHECK_OK(setenv(name, name, 1));
  }
  CHECK((v = getenv("P3_N199")) && !strcmp(v, "P3_N199"));
  CHECK((v = getenv("P3NET_TEST_ENV")) && !strcmp(v, "hello"));
  CHECK_OK(clearenv());
  CHECK(getenv("P3NET_TEST_ENV") == NULL && getenv("P3_N5") == NULL);
  CHECK_OK(setenv("P3_AFTER", "x", 1));
  CHECK((v = getenv("P3_AFTER")) && !strcmp(v, "x"));
  CHECK_DONE();
}
