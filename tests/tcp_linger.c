/* SO_LINGER {1, 0}: close aborts. The client fills every buffer towards a
 * peer that does not read, sets {1, 0} and closes: close returns at once
 * (no flush: the default close would wait for the queued bytes to go),
 * the queued bytes are dropped (the peer then reads fewer than were
 * sent), and the peer's reads end within 10 s. Linux resets: the peer's
 * read fails with ECONNRESET. wasi:sockets has no abortive close, so on
 * wasip3 the peer sees the end as 0 or a reset, whichever the host sends
 * (README, "no abortive close"). SO_LINGER {1, 0} on a connection with
 * nothing queued closes at once on every target too. */
#include "check.h"
#include "tcp_util.h"

static void aborted(int lst, const struct sockaddr_storage *la) {
  int c, s;
  if (tcp_pair(lst, la, &c, &s) < 0)
    return;
  set_nonblock(c, 1);
  long sent = tcp_fill(c, 32l << 20);
  CHECK(sent > 0);
  struct linger l = {1, 0};
  CHECK_OK(setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l));
  double t0 = check_now_ms();
  CHECK_OK(close(c));
  double ms = check_now_ms() - t0;
  CHECK(ms < 500);
  static char buf[65536];
  long got = 0;
  ssize_t r = -1;
  int e = 0;
  double t1 = check_now_ms();
  while (check_now_ms() - t1 < 10000) {
    r = recv(s, buf, sizeof buf, 0);
    if (r > 0) {
      got += r;
      continue;
    }
    e = r < 0 ? errno : 0;
    if (r == 0 || e != EAGAIN)
      break;
  }
  printf("sent %ld, close took %.1f ms, the peer read %ld, then %s\n", sent, ms, got,
         e ? strerror(e) : "the end");
  CHECK(got < sent);
#if defined(__wasi__) || defined(P3SIM)
  CHECK(r == 0 || e == ECONNRESET);
#else
  CHECK(r == -1 && e == ECONNRESET);
#endif
  close(s);
}

static void idle_abort(int lst, const struct sockaddr_storage *la) {
  int c, s;
  if (tcp_pair(lst, la, &c, &s) < 0)
    return;
  struct linger l = {1, 0};
  CHECK_OK(setsockopt(c, SOL_SOCKET, SO_LINGER, &l, sizeof l));
  double t0 = check_now_ms();
  CHECK_OK(close(c));
  CHECK(check_now_ms() - t0 < 500);
  char b;
  errno = 0;
  ssize_t r = recv(s, &b, 1, 0);
#if defined(__wasi__) || defined(P3SIM)
  CHECK(r == 0 || (r == -1 && errno == ECONNRESET));
#else
  CHECK(r == -1 && errno == ECONNRESET);
#endif
  close(s);
}

int main(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  aborted(lst, &la);
  idle_abort(lst, &la);
  close(lst);
  CHECK_DONE();
}
