/* poll: timeouts, wake-up by a datagram, several sockets, duplicate and
 * invalid entries, revents masking, and timeout 0 harvesting what has
 * already arrived. */
#include <fcntl.h>
#include <poll.h>
#ifndef __wasi__
#include <signal.h>
#endif
#include <string.h>

#include "check.h"
#include "sock_util.h"

int main(void) {
  struct sockaddr_in a1, a2;
  int s1 = udp_bound(0, &a1), s2 = udp_bound(0, &a2), tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s1 >= 0 && s2 >= 0 && tx >= 0);

  /* Empty sockets: a 150 ms timeout elapses, within loose bounds. */
  struct pollfd p[2] = {{s1, POLLIN, 0}, {s2, POLLIN, 0}};
  double t0 = check_now_ms();
  CHECK(poll(p, 2, 150) == 0);
  double took = check_now_ms() - t0;
  CHECK(took >= 140 && took < 3000);
  CHECK(p[0].revents == 0 && p[1].revents == 0);

  /* POLLOUT on fresh sockets, at once. */
  struct pollfd w = {s1, POLLOUT, 0};
  CHECK(poll(&w, 1, 0) == 1 && w.revents == POLLOUT);

  /* One of two becomes ready; only it is reported. */
  CHECK_OK(send_to(tx, &a2, "hello"));
  CHECK(poll(p, 2, 2000) == 1);
  CHECK(p[0].revents == 0 && p[1].revents == POLLIN);

  /* The same fd several times, asking different things: each entry gets its
   * own answer; a negative fd is ignored; a closed fd gets POLLNVAL only on
   * its own entry. revents never holds what was not asked (but ERR/HUP/NVAL). */
  int closed = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK_OK(close(closed));
  struct pollfd d[5] = {{s2, POLLIN, 0},
                        {s2, POLLOUT, 0},
                        {-1, POLLIN, 0},
                        {closed, POLLIN, 0},
                        {s2, POLLIN | POLLOUT, 0}};
  CHECK(poll(d, 5, 1000) == 4);
  CHECK(d[0].revents == POLLIN);
  CHECK(d[1].revents == POLLOUT);
  CHECK(d[2].revents == 0);
  CHECK(d[3].revents == POLLNVAL);
  CHECK(d[4].revents == (POLLIN | POLLOUT));

  /* POLLRDNORM/POLLWRNORM are answered when asked. */
  struct pollfd n = {s2, POLLRDNORM | POLLWRNORM, 0};
  CHECK(poll(&n, 1, 0) == 1 && n.revents == (POLLRDNORM | POLLWRNORM));

  char buf[16];
  CHECK(recv(s2, buf, sizeof buf, 0) == 5);

  /* Timeout 0 never blocks, but a datagram that has already arrived is
   * found: send, give it time to land, then ask with timeout 0 only. */
  CHECK_OK(send_to(tx, &a1, "late"));
  int found = 0;
  t0 = check_now_ms();
  while (!found && check_now_ms() - t0 < 2000) {
    struct pollfd z = {s1, POLLIN, 0};
    double c0 = check_now_ms();
    int r = poll(&z, 1, 0);
    CHECK(check_now_ms() - c0 < 500);
    found = r == 1 && z.revents == POLLIN;
  }
  CHECK(found);
  CHECK(recv(s1, buf, sizeof buf, MSG_DONTWAIT) == 4);

  /* ppoll: a timespec timeout; the signal mask is accepted (and, in a
   * component, has nothing to mask); a bad timespec is EINVAL. */
  struct timespec ts = {0, 60 * 1000000};
  struct pollfd q = {s1, POLLIN, 0};
  sigset_t mask;
  memset(&mask, 0, sizeof mask); /* sigemptyset: <signal.h> is not in wasip3 */
  t0 = check_now_ms();
  CHECK(ppoll(&q, 1, &ts, &mask) == 0);
  CHECK(check_now_ms() - t0 >= 55);
  ts.tv_nsec = 1000000000;
  CHECK_ERR(ppoll(&q, 1, &ts, NULL), EINVAL);
  struct pollfd *volatile null_fds = NULL; /* glibc's headers reject a literal */
  CHECK_ERR(poll(null_fds, 1, 0), EFAULT);

  /* nfds 0 with a timeout is a sleep. */
  t0 = check_now_ms();
  CHECK(poll(NULL, 0, 50) == 0);
  CHECK(check_now_ms() - t0 >= 45);

  close(s1);
  close(s2);
  close(tx);
  CHECK_DONE();
}
