/* tmpfile: a new file in $TMPDIR (else /tmp), unlinked at once, so it
 * goes away with its last close, as on Linux. The directory must be
 * reachable through a preopen. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

FILE *tmpfile(void) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !dir[0])
    dir = "/tmp";
  char path[4096];
  unsigned char rnd[8];
  for (int tries = 0; tries < 16; tries++) {
    if (getentropy(rnd, sizeof rnd) < 0)
      return NULL;
    unsigned long long v = 0;
    for (int i = 0; i < 8; i++)
      v = v << 8 | rnd[i];
    snprintf(path, sizeof path, "%s/tmp.p3net.%016llx", dir, v);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST)
        continue;
      return NULL;
    }
    unlink(path);
    FILE *f = fdopen(fd, "w+");
    if (!f)
      close(fd);
    return f;
  }
  errno = EEXIST;
  return NULL;
}
