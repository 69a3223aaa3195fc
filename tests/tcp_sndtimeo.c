/* SO_SNDTIMEO on a blocking TCP send, as Linux: with every buffer towards
 * a peer that does not read full, a blocking send waits the timeout out
 * and then returns what it got in (a part) or, with nothing taken, -1 and
 * EAGAIN; {0, 0} means no timeout (read back as such). Once the peer
 * reads, a blocking send goes through again. */
// P3NET-TIMEOUT: 120
#include "check.h"
#include "tcp_util.h"

int main(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  int c, s;
  if (tcp_pair(lst, &la, &c, &s) < 0)
    return 1;
  struct timeval tv = {0, 150000}, back;
  CHECK_OK(setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
  /* Blocking sends until one runs out of time (Linux takes more than
   * POLLOUT promises before it waits, so count sends, not readiness). */
  static char chunk[65536];
  long sent = 0;
  int timed_out = 0;
  double start = check_now_ms();
  for (int i = 0; i < 2000 && timed_out < 2 && check_now_ms() - start < 60000; i++) {
    double t0 = check_now_ms();
    errno = 0;
    ssize_t r = send(c, chunk, sizeof chunk, MSG_NOSIGNAL);
    double ms = check_now_ms() - t0;
    if (r > 0)
      sent += r;
    if (r == (ssize_t) sizeof chunk) /* all of it fit in time (a slow host may take a while) */
      continue;
    printf("blocking send %d: %zd (%s) after %.0f ms, %ld sent\n", i, r,
           r < 0 ? strerror(errno) : "ok", ms, sent);
    CHECK((r == -1 && errno == EAGAIN) || (r > 0 && r < (ssize_t) sizeof chunk));
    CHECK(ms >= 120 && ms < 3000);
    timed_out++;
  }
  CHECK(timed_out == 2);
  socklen_t len = sizeof back;
  CHECK_OK(getsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &back, &len));
  /* Linux keeps jiffies: it reads back rounded up to its tick. */
  CHECK(len == sizeof back && back.tv_sec == 0 && back.tv_usec >= 150000 && back.tv_usec <= 160000);
  struct timeval none = {0, 0};
  CHECK_OK(setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof none));
  len = sizeof back;
  CHECK_OK(getsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &back, &len));
  CHECK(back.tv_sec == 0 && back.tv_usec == 0);
  /* The peer reads everything: a blocking send (bounded by limit_both's
   * 5 s again) goes through in full. */
  limit_both(c);
  long got = 0;
  while (got < sent) {
    ssize_t r = recv(s, chunk, sizeof chunk, 0);
    CHECK(r > 0);
    if (r <= 0)
      break;
    got += r;
  }
  CHECK(got == sent);
  CHECK(send(c, chunk, 1000, MSG_NOSIGNAL) == 1000);
  CHECK(recv(s, chunk, 1000, MSG_WAITALL) == 1000);
  close(c);
  close(s);
  close(lst);
  CHECK_DONE();
}
