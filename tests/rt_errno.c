/* errno and the error strings: bad descriptors fail with EBADF, a NULL
 * buffer with EFAULT, and strerror/perror describe errors. */
#include <unistd.h>

#include "check.h"

/* Hidden from the compiler, which would reject a literal NULL buffer. */
static void *volatile null_buf;

int main(void) {
  const char *einval = strerror(EINVAL);
  CHECK(einval != NULL && einval[0] != '\0');
  char copy[256];
  snprintf(copy, sizeof copy, "%s", einval);
  const char *ebadf = strerror(EBADF);
  CHECK(ebadf != NULL && ebadf[0] != '\0');
  CHECK(strcmp(copy, ebadf) != 0);

  errno = ENOENT;
  perror("perror test (ENOENT expected)"); /* glibc may change errno here */

  CHECK_ERR(write(99, "x", 1), EBADF);
  CHECK_ERR(close(99), EBADF);
  CHECK_ERR(write(-1, "x", 1), EBADF);
  /* EBADF comes before EFAULT. */
  CHECK_ERR(write(99, null_buf, 5), EBADF);

  /* Linux answers EFAULT for a NULL buffer on a file, pipe or terminal
   * (not on /dev/null, whose driver never reads the buffer); the harness
   * sends stdout to a file. */
  CHECK_ERR(write(1, null_buf, 5), EFAULT);
  CHECK(write(1, null_buf, 0) == 0);

  /* A closed descriptor is gone for read, write and close alike. */
  CHECK_OK(close(0));
  char c;
  CHECK_ERR(read(0, &c, 1), EBADF);
  CHECK_ERR(close(0), EBADF);

  printf("errno checks done\n");
  CHECK_DONE();
}
