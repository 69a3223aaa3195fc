/* stdin with data and then its end: poll says POLLIN while bytes wait,
 * FIONREAD counts them, reads in small pieces return them in order, and
 * at the end read returns 0 every time (never blocks, never traps) while
 * poll keeps saying POLLIN, as for a file on Linux (a read would not
 * block). A nonblocking read at the end returns 0 too, not EAGAIN. */
// P3NET-STDIN: text the quick brown fox jumps over the lazy dog
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  static const char want[] = "the quick brown fox jumps over the lazy dog\n";
  struct pollfd in = {0, POLLIN, 0};
  CHECK(poll(&in, 1, 2000) == 1 && (in.revents & POLLIN));
  int queued = -1;
  CHECK_OK(ioctl(0, FIONREAD, &queued));
  CHECK(queued > 0 && queued <= (int) sizeof want - 1);

  char got[128];
  size_t have = 0;
  int reads = 0;
  for (;;) {
    ssize_t n = read(0, got + have, 5);
    CHECK(n >= 0);
    if (n <= 0 || ++reads > 64)
      break;
    have += (size_t) n;
  }
  CHECK(have == sizeof want - 1);
  CHECK(memcmp(got, want, have < sizeof want - 1 ? have : sizeof want - 1) == 0);

  for (int i = 0; i < 5; i++) {
    char c;
    CHECK(read(0, &c, 1) == 0);
    in.revents = 0;
    CHECK(poll(&in, 1, 0) == 1 && (in.revents & POLLIN));
  }
  int fl = fcntl(0, F_GETFL);
  CHECK_OK(fcntl(0, F_SETFL, fl | O_NONBLOCK));
  char c;
  CHECK(read(0, &c, 1) == 0);
  CHECK_DONE();
}
