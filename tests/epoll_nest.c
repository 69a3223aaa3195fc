/* epoll sets watching epoll sets: an inner set's readiness reaches the
 * outer one, a set may not watch itself (EINVAL), a cycle of sets is
 * refused with ELOOP, and so is a chain of more than five sets, whichever
 * end it grows from. epoll_ctl's checks come in Linux's order: the event
 * pointer (EFAULT), then each descriptor (EBADF), then what they are
 * (EINVAL). */
#include <sys/epoll.h>

#include "check.h"
#include "sock_util.h"

#define CHAIN 7

int main(void) {
  struct epoll_event ev = {.events = EPOLLIN}, out[4];

  /* Readiness through two levels. */
  struct sockaddr_in na;
  int s = udp_bound(0, &na), tx = socket(AF_INET, SOCK_DGRAM, 0);
  int inner = epoll_create1(0), outer = epoll_create1(0);
  ev.data.fd = s;
  CHECK_OK(epoll_ctl(inner, EPOLL_CTL_ADD, s, &ev));
  ev.data.fd = inner;
  CHECK_OK(epoll_ctl(outer, EPOLL_CTL_ADD, inner, &ev));
  CHECK(epoll_wait(outer, out, 4, 0) == 0);
  CHECK_OK(send_to(tx, &na, "deep"));
  CHECK(epoll_wait(outer, out, 4, 2000) == 1 && out[0].data.fd == inner &&
        out[0].events == EPOLLIN);
  CHECK(epoll_wait(inner, out, 4, 0) == 1 && out[0].data.fd == s);
  char buf[8];
  CHECK(recv(s, buf, sizeof buf, 0) == 4);
  CHECK(epoll_wait(outer, out, 4, 0) == 0);

  /* Self, cycles. */
  CHECK_ERR(epoll_ctl(inner, EPOLL_CTL_ADD, inner, &ev), EINVAL);
  CHECK_ERR(epoll_ctl(inner, EPOLL_CTL_ADD, outer, &ev), ELOOP);
  int third = epoll_create1(0);
  CHECK_OK(epoll_ctl(third, EPOLL_CTL_ADD, outer, &ev));
  CHECK_ERR(epoll_ctl(inner, EPOLL_CTL_ADD, third, &ev), ELOOP);
  CHECK_OK(epoll_ctl(third, EPOLL_CTL_DEL, outer, NULL));
  CHECK_OK(epoll_ctl(inner, EPOLL_CTL_ADD, third, &ev)); /* no cycle any more */

  /* Chains: set i+1 watches set i. Five sets in a chain are fine, a sixth
   * level is ELOOP, built bottom-up or top-down. */
  int up[CHAIN], down[CHAIN];
  for (int i = 0; i < CHAIN; i++) {
    up[i] = epoll_create1(0);
    down[i] = epoll_create1(0);
  }
  for (int i = 0; i + 1 < CHAIN; i++) {
    if (i < 4)
      CHECK_OK(epoll_ctl(up[i + 1], EPOLL_CTL_ADD, up[i], &ev));
    else if (i == 4)
      CHECK_ERR(epoll_ctl(up[i + 1], EPOLL_CTL_ADD, up[i], &ev), ELOOP);
  }
  for (int i = CHAIN - 2; i >= 0; i--) {
    int r = epoll_ctl(down[i + 1], EPOLL_CTL_ADD, down[i], &ev);
    if (i >= CHAIN - 5)
      CHECK(r == 0);
    else if (i == CHAIN - 6)
      CHECK(r == -1 && errno == ELOOP);
  }
  for (int i = 0; i < CHAIN; i++) {
    close(up[i]);
    close(down[i]);
  }

  /* The order of epoll_ctl's checks. */
  int closed = socket(AF_INET, SOCK_DGRAM, 0);
  close(closed);
  CHECK_ERR(epoll_ctl(closed, EPOLL_CTL_ADD, closed, NULL), EFAULT);
  CHECK_ERR(epoll_ctl(inner, EPOLL_CTL_MOD, s, NULL), EFAULT);
  CHECK_ERR(epoll_ctl(closed, EPOLL_CTL_ADD, s, &ev), EBADF);
  CHECK_ERR(epoll_ctl(s, EPOLL_CTL_ADD, closed, &ev), EBADF); /* not EINVAL for s */
  CHECK_ERR(epoll_ctl(inner, EPOLL_CTL_ADD, closed, &ev), EBADF);
  CHECK_ERR(epoll_ctl(s, EPOLL_CTL_ADD, tx, &ev), EINVAL); /* s is no epoll set */
  CHECK_ERR(epoll_ctl(inner, EPOLL_CTL_DEL, closed, NULL), EBADF);
  CHECK_ERR(epoll_ctl(inner, 99, tx, &ev), EINVAL);

  /* Closing an inner set takes it out of the outer one. */
  close(inner);
  CHECK(epoll_wait(outer, out, 4, 0) == 0);
  CHECK_ERR(epoll_ctl(outer, EPOLL_CTL_DEL, inner, NULL), EBADF);
  close(outer);
  close(third);
  close(s);
  close(tx);
  CHECK_DONE();
}
