/* What stdio asks of a descriptor besides reading and writing. */
#include <errno.h>
#include <unistd.h>

#include "fd/fd.h"

/* musl's stdout asks __isatty(1) to choose line buffering. Answering yes
 * for fd 1 makes printf output appear line by line, as a server's log
 * should, at one stream write per line. */
int __isatty(int fd) {
  return fd == 1;
}

int isatty(int fd) {
  if (p3_fd_get(fd))
    errno = ENOTTY; /* wasi:cli terminal queries are not in p3net's world */
  return 0;
}
