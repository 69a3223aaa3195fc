/* The cost of file I/O in host calls: a file read or written front to
 * back keeps one stream open, so each read or write is one stream
 * operation (plus a wait only when the host is not done at once); stat is
 * two calls (stat and metadata-hash) when the host answers at once; a path that was resolved costs
 * no host call for the resolving. Natively only the behaviour is checked. */
// P3NET-DIR: tmp
// P3NET-ARGS: @DIR@
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#ifdef __wasi__
#include <p3net.h>
static unsigned long long calls(void) {
  struct p3net_stats s;
  p3net_stats_get(&s);
  return s.host_calls;
}
static unsigned long long waits(void) {
  struct p3net_stats s;
  p3net_stats_get(&s);
  return s.waits;
}
#else
static unsigned long long calls(void) {
  return 0;
}
static unsigned long long waits(void) {
  return 0;
}
#endif

int main(int argc, char **argv) {
  CHECK(argc == 2);
  if (argc != 2)
    return 1;
  char p[2048];
  static char buf[4096];
  snprintf(p, sizeof p, "%s/f", argv[1]);
  int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  memset(buf, 'x', sizeof buf);
  unsigned long long c0 = calls(), w0 = waits();
  for (int i = 0; i < 200; i++)
    CHECK(write(fd, buf, sizeof buf) == sizeof buf);
  unsigned long long wc = calls() - c0, ww = waits() - w0;
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  c0 = calls(), w0 = waits();
  for (int i = 0; i < 200; i++)
    CHECK(read(fd, buf, sizeof buf) == sizeof buf);
  unsigned long long rc = calls() - c0, rw = waits() - w0;
  struct stat st;
  c0 = calls(), w0 = waits();
  CHECK_OK(fstat(fd, &st));
  unsigned long long sc = calls() - c0, sw = waits() - w0;
  CHECK(st.st_size == 200 * 4096);
  CHECK_OK(close(fd));
  printf("200 writes: %llu host calls, %llu waits; 200 reads: %llu, %llu; fstat: %llu, %llu\n", wc,
         ww, rc, rw, sc, sw);
#ifdef __wasi__
  /* one stream operation each, and the few that had to wait for the
   * host: a wait costs the join's and wait's calls too */
  CHECK(wc <= 200 + 4 * ww + 8);
  CHECK(rc <= 200 + 4 * rw + 8);
  CHECK(sc <= 2 + 3 * sw); /* a call the host finished later: join, wait, drop */
#endif
  CHECK_DONE();
}
