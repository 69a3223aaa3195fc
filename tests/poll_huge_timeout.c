/* A huge timeout means "practically forever", never a short or zero one.
 * tv_sec = 2^55 is the value whose nanoseconds wrap a 64-bit product to
 * exactly 0: a conversion that overflows would make these calls
 * nonblocking. select writes back the time left, which must still be
 * huge; ppoll and pselect must wait for a datagram that arrives after the
 * call began (one sent to the socket itself just before: its arrival is
 * taken in only once the call asks the host), and poll's INT_MAX ms
 * (about 25 days) must wait too. */
#include <limits.h>
#include <poll.h>
#include <sys/select.h>

#include "check.h"
#include "sock_util.h"

#define HUGE_SEC ((time_t) 1 << 55)

int main(void) {
  struct sockaddr_in na;
  int s = udp_bound(0, &na), tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0 && tx >= 0);
  char buf[8];

  CHECK_OK(send_to(tx, &na, "sel"));
  fd_set r;
  FD_ZERO(&r);
  FD_SET(s, &r);
  struct timeval tv = {HUGE_SEC, 0};
  CHECK(select(s + 1, &r, NULL, NULL, &tv) == 1 && FD_ISSET(s, &r));
  CHECK(tv.tv_sec > (time_t) 1 << 33); /* over 270 years left */
  CHECK(recv(s, buf, sizeof buf, 0) == 3);

  struct pollfd p = {s, POLLIN, 0};
  struct timespec ts = {HUGE_SEC, 0};
  CHECK_OK(send_to(tx, &na, "pp"));
  CHECK(ppoll(&p, 1, &ts, NULL) == 1 && p.revents == POLLIN);
  CHECK(recv(s, buf, sizeof buf, 0) == 2);

  CHECK_OK(send_to(tx, &na, "ps"));
  FD_ZERO(&r);
  FD_SET(s, &r);
  CHECK(pselect(s + 1, &r, NULL, NULL, &ts, NULL) == 1 && FD_ISSET(s, &r));
  CHECK(recv(s, buf, sizeof buf, 0) == 2);

  CHECK_OK(send_to(tx, &na, "p"));
  CHECK(poll(&p, 1, INT_MAX) == 1 && p.revents == POLLIN);
  CHECK(recv(s, buf, sizeof buf, 0) == 1);

  /* Bad values stay errors. */
  struct timespec bad = {1, 1000000000};
  CHECK_ERR(ppoll(&p, 1, &bad, NULL), EINVAL);
  struct timeval neg = {-1, 0};
  CHECK_ERR(select(s + 1, &r, NULL, NULL, &neg), EINVAL);
  close(s);
  close(tx);
  CHECK_DONE();
}
