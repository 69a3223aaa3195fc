/* /dev/null, /dev/zero, /dev/urandom and /dev/random need no mapped
 * directory: programs open them by name. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  char buf[4096];
  int fd = open("/dev/null", O_RDWR);
  CHECK(fd >= 0);
  CHECK(write(fd, "gone", 4) == 4);
  CHECK(read(fd, buf, sizeof buf) == 0);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK(S_ISCHR(st.st_mode));
  CHECK_OK(close(fd));
  CHECK_OK(stat("/dev/null", &st));
  CHECK(S_ISCHR(st.st_mode));

  fd = open("/dev/zero", O_RDONLY);
  CHECK(fd >= 0);
  memset(buf, 1, sizeof buf);
  CHECK(read(fd, buf, sizeof buf) == sizeof buf);
  int nonzero = 0;
  for (size_t i = 0; i < sizeof buf; i++)
    nonzero += buf[i] != 0;
  CHECK(nonzero == 0);
  CHECK_OK(close(fd));

  /* 4 KiB of entropy: two reads are not equal, and not all zero */
  static unsigned char a[4096], b[4096];
  fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  CHECK(fd >= 0);
  CHECK(read(fd, a, sizeof a) == sizeof a);
  CHECK(read(fd, b, sizeof b) == sizeof b);
  CHECK(memcmp(a, b, sizeof a) != 0);
  int zeros = 0;
  for (size_t i = 0; i < sizeof a; i++)
    zeros += a[i] == 0;
  CHECK(zeros < 100); /* about 16 expected */
  struct pollfd p = {fd, POLLIN, 0};
  CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLIN));
  CHECK_OK(close(fd));
  fd = open("/dev/random", O_RDONLY);
  CHECK(fd >= 0 && read(fd, a, 16) == 16);
  CHECK_OK(close(fd));

  FILE *f = fopen("/dev/urandom", "rb");
  CHECK(f != NULL);
  CHECK(f && fread(b, 1, 32, f) == 32);
  CHECK(f && fclose(f) == 0);
  f = fopen("/dev/null", "w");
  CHECK(f && fprintf(f, "nothing %d\n", 1) > 0 && fclose(f) == 0);
  CHECK_ERR(open("/dev/null/x", O_RDONLY), ENOTDIR);
  CHECK_DONE();
}
