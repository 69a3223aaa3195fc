/* 120,000 bytes of stdout, through printf, fwrite and write(1) in turn,
 * with stderr in between: every byte must reach the host even though the
 * program returns right after the last write. The program checks that each
 * write took everything; the harness counts what arrived (STDOUT-MIN). */
// P3NET-STDOUT-MIN: 120000
#include <unistd.h>

#include "check.h"

#define TOTAL 100000

int main(void) {
  char line[100];
  size_t done = 0;
  int i = 0;
  while (done < TOTAL) {
    /* 100 bytes per line: 99 visible characters and a newline. */
    int n = snprintf(line, sizeof line, "%06d ", i);
    memset(line + n, 'a' + i % 26, sizeof line - n - 1);
    line[sizeof line - 1] = '\n';
    switch (i % 3) {
    case 0:
      CHECK(printf("%.*s", (int) sizeof line, line) == (int) sizeof line);
      break;
    case 1:
      CHECK(fwrite(line, 1, sizeof line, stdout) == sizeof line);
      break;
    case 2:
      /* Raw writes bypass stdout's buffer: flush it first to keep order. */
      CHECK(fflush(stdout) == 0);
      CHECK(write(1, line, sizeof line) == (ssize_t) sizeof line);
      break;
    }
    if (i % 250 == 0)
      fprintf(stderr, "progress: %zu bytes\n", done);
    done += sizeof line;
    i++;
  }
  /* One more large write in a single call. */
  static char big[20000];
  memset(big, 'z', sizeof big - 1);
  big[sizeof big - 1] = '\n';
  CHECK(fflush(stdout) == 0);
  CHECK(write(1, big, sizeof big) == (ssize_t) sizeof big);
  fprintf(stderr, "done: %zu bytes\n", done + sizeof big);
  CHECK_DONE();
}
