/* POLLOUT is a promise: after poll reports it, the next send goes through.
 * A nonblocking sender with a small SO_SNDBUF sends datagrams of most of
 * that size as fast as poll allows, to a socket that does not read; not
 * one send after a POLLOUT may fail with EAGAIN (a poll-then-send loop
 * would spin). On Linux loopback sends leave at once; a host that takes
 * its time (the simulator's delayed policies) fills the buffer. */
#include <poll.h>

#include "check.h"
#include "sock_util.h"

#define SENDS 300
#define SIZE 3000

int main(void) {
  struct sockaddr_in nr;
  int rcv = udp_bound(0, &nr);
  int snd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  CHECK(rcv >= 0 && snd >= 0);
  int small = 2304; /* Linux doubles it: 4608 bytes */
  CHECK_OK(setsockopt(snd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small));
  static char pkt[SIZE];
  int sent = 0, again = 0, silent = 0;
  for (int i = 0; i < SENDS; i++) {
    struct pollfd p = {snd, POLLOUT, 0};
    if (poll(&p, 1, 2000) != 1 || !(p.revents & POLLOUT)) {
      silent++;
      break;
    }
    errno = 0;
    ssize_t n = sendto(snd, pkt, sizeof pkt, 0, (struct sockaddr *) &nr, sizeof nr);
    if (n == SIZE)
      sent++;
    else if (n == -1 && errno == EAGAIN)
      again++;
    else
      CHECK(!"sendto: neither sent nor EAGAIN");
  }
  printf("%d sent, %d EAGAIN after POLLOUT\n", sent, again);
  CHECK(silent == 0);
  CHECK(again == 0);
  CHECK(sent == SENDS);
  close(snd);
  close(rcv);
  CHECK_DONE();
}
