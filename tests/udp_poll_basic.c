/* poll() on UDP sockets: a fresh bound socket is writable at once and not
 * readable; poll with timeout 0 returns immediately; a datagram sent to self
 * makes poll(POLLIN, 1000) return at once with POLLIN; reading it clears
 * POLLIN; a 100 ms timeout on an empty socket really waits; unrequested
 * events are not reported (except the always-on ones); several descriptors
 * in one call are reported independently; a closed descriptor reports
 * POLLNVAL. Every event loop is built on these answers. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_util.h"

int main(void) {
  struct sockaddr_in na, nb;
  int a = bound4(&na);
  int b = bound4(&nb);

  /* Fresh: POLLOUT, no POLLIN, timeout 0 returns at once. */
  struct pollfd p = {.fd = a, .events = POLLIN | POLLOUT};
  double t0 = check_now_ms();
  CHECK(poll(&p, 1, 0) == 1);
  CHECK(p.revents == POLLOUT);
  p.events = POLLIN;
  p.revents = -1;
  CHECK(poll(&p, 1, 0) == 0);
  CHECK(p.revents == 0);
  CHECK(check_now_ms() - t0 < 100);
  /* POLLOUT alone, with a long timeout: at once. */
  p.events = POLLOUT;
  t0 = check_now_ms();
  CHECK(poll(&p, 1, 1000) == 1);
  CHECK(p.revents == POLLOUT);
  CHECK(check_now_ms() - t0 < 500);
  /* No events requested: nothing reported, timeout 0. */
  p.events = 0;
  CHECK(poll(&p, 1, 0) == 0);
  CHECK(p.revents == 0);

  /* An unbound socket is writable too. */
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(u >= 0);
  struct pollfd pu = {.fd = u, .events = POLLIN | POLLOUT};
  CHECK(poll(&pu, 1, 0) == 1);
  CHECK(pu.revents == POLLOUT);

  /* A datagram to self: POLLIN (with POLLRDNORM when asked), quickly. */
  CHECK(sendto(a, "ping", 4, 0, (struct sockaddr *) &na, sizeof na) == 4);
  p.events = POLLIN;
  t0 = check_now_ms();
  CHECK(poll(&p, 1, 1000) == 1);
  CHECK(p.revents == POLLIN);
  CHECK(check_now_ms() - t0 < 500);
  p.events = POLLIN | POLLRDNORM | POLLOUT;
  CHECK(poll(&p, 1, 0) == 1);
  CHECK(p.revents == (POLLIN | POLLRDNORM | POLLOUT));
  /* Still readable until read; then not. */
  p.events = POLLIN;
  CHECK(poll(&p, 1, 0) == 1);
  char buf[8];
  CHECK(recv(a, buf, sizeof buf, 0) == 4);
  CHECK(poll(&p, 1, 0) == 0);
  CHECK(p.revents == 0);

  /* A zero-length datagram makes the socket readable as well. */
  CHECK(sendto(a, "", 0, 0, (struct sockaddr *) &na, sizeof na) == 0);
  CHECK(poll(&p, 1, 1000) == 1 && p.revents == POLLIN);
  CHECK(recv(a, buf, sizeof buf, 0) == 0);
  CHECK(poll(&p, 1, 0) == 0);

  /* Timeout on empty: waits about 100 ms. */
  t0 = check_now_ms();
  CHECK(poll(&p, 1, 100) == 0);
  double dt = check_now_ms() - t0;
  CHECK(dt >= 80);
  CHECK(dt < 3000);

  /* Several sockets: only the one with data is readable; the count is the
   * number of entries with events. */
  CHECK(sendto(a, "to b", 4, 0, (struct sockaddr *) &nb, sizeof nb) == 4);
  struct pollfd ps[3] = {
      {.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}, {.fd = u, .events = POLLIN}};
  CHECK(poll(ps, 3, 1000) == 1);
  CHECK(ps[0].revents == 0);
  CHECK(ps[1].revents == POLLIN);
  CHECK(ps[2].revents == 0);
  ps[0].events = POLLOUT;
  ps[2].events = POLLOUT;
  CHECK(poll(ps, 3, 0) == 3);
  CHECK(ps[0].revents == POLLOUT && ps[1].revents == POLLIN && ps[2].revents == POLLOUT);
  CHECK(recv(b, buf, sizeof buf, 0) == 4);

  /* A negative fd is ignored (revents 0); a closed one is POLLNVAL. */
  CHECK_OK(close(u));
  struct pollfd pn[2] = {{.fd = -1, .events = POLLIN}, {.fd = u, .events = POLLIN}};
  pn[0].revents = -1;
  CHECK(poll(pn, 2, 0) == 1);
  CHECK(pn[0].revents == 0);
  CHECK(pn[1].revents == POLLNVAL);

  CHECK_OK(close(b));
  CHECK_OK(close(a));
  CHECK_DONE();
}
