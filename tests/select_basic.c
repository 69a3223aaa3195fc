/* select and pselect: mixed read/write/except sets, the timeout written
 * back with the time left (Linux), an fd in two sets, bad fds and nfds. */
#include <sys/select.h>
#include <sys/time.h>

#include "check.h"
#include "sock_util.h"

int main(void) {
  struct sockaddr_in a1;
  int s1 = udp_bound(0, &a1), s2 = udp_bound(0, NULL), tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s1 >= 0 && s2 >= 0 && tx >= 0);
  int maxfd = (s1 > s2 ? s1 : s2) + 1;

  /* Nothing readable: times out, and tv is written back as (about) zero. */
  fd_set r;
  FD_ZERO(&r);
  FD_SET(s1, &r);
  FD_SET(s2, &r);
  struct timeval tv = {0, 120000};
  double t0 = check_now_ms();
  CHECK(select(maxfd, &r, NULL, NULL, &tv) == 0);
  CHECK(check_now_ms() - t0 >= 110);
  CHECK(tv.tv_sec == 0 && tv.tv_usec < 20000);
  CHECK(!FD_ISSET(s1, &r) && !FD_ISSET(s2, &r));

  /* s1 readable; both writable; s1 asked in read and write sets at once:
   * the count is of set bits, 3; the except set stays empty. */
  /* A datagram to loopback is queued at once on Linux, but on wasip3 it
   * arrives as a later host event: wait for it before asking select. */
  CHECK_OK(send_to(tx, &a1, "x"));
  fd_set rr, ww, ee;
  FD_ZERO(&rr);
  FD_SET(s1, &rr);
  tv = (struct timeval) {2, 0};
  CHECK(select(s1 + 1, &rr, NULL, NULL, &tv) == 1 && FD_ISSET(s1, &rr));
  FD_ZERO(&rr);
  FD_ZERO(&ww);
  FD_ZERO(&ee);
  FD_SET(s1, &rr);
  FD_SET(s2, &rr);
  FD_SET(s1, &ww);
  FD_SET(s2, &ww);
  FD_SET(s1, &ee);
  tv = (struct timeval) {2, 0};
  int n = select(maxfd, &rr, &ww, &ee, &tv);
  CHECK(n == 3);
  CHECK(FD_ISSET(s1, &rr) && !FD_ISSET(s2, &rr));
  CHECK(FD_ISSET(s1, &ww) && FD_ISSET(s2, &ww));
  CHECK(!FD_ISSET(s1, &ee));
  CHECK(tv.tv_sec <= 2 && (tv.tv_sec > 0 || tv.tv_usec > 0));

  /* pselect with a zero timeout polls. */
  FD_ZERO(&rr);
  FD_SET(s1, &rr);
  struct timespec ts = {0, 0};
  CHECK(pselect(maxfd, &rr, NULL, NULL, &ts, NULL) == 1 && FD_ISSET(s1, &rr));

  /* A closed fd in a set: EBADF for the whole call (unlike poll). */
  int closed = socket(AF_INET, SOCK_DGRAM, 0);
  close(closed);
  FD_ZERO(&rr);
  FD_SET(closed, &rr);
  tv = (struct timeval) {0, 0};
  CHECK_ERR(select(closed + 1, &rr, NULL, NULL, &tv), EBADF);

  /* Negative nfds and timeouts fail. Linux does not fail an nfds above
   * FD_SETSIZE: it only looks at the fds that exist, and so does p3net. */
  FD_ZERO(&rr);
  CHECK_ERR(select(-1, &rr, NULL, NULL, &tv), EINVAL);
  tv = (struct timeval) {0, 0};
  CHECK(select(FD_SETSIZE + 1, &rr, NULL, NULL, &tv) == 0);
  tv = (struct timeval) {-1, 0};
  CHECK_ERR(select(maxfd, &rr, NULL, NULL, &tv), EINVAL);
  ts = (struct timespec) {0, 1000000000};
  CHECK_ERR(pselect(maxfd, &rr, NULL, NULL, &ts, NULL), EINVAL);

  close(s1);
  close(s2);
  close(tx);
  CHECK_DONE();
}
