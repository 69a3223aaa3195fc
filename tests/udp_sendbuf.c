/* Non-blocking sends under pressure. 200 datagrams of 1000 bytes go from a
 * sender with a small SO_SNDBUF to a bound socket nobody reads during the
 * burst. UDP is all-or-nothing: each send must return exactly 1000 or fail
 * with EAGAIN, never a short count and never another error. Afterwards the
 * receiver drains what its buffer kept: at least one datagram, each one
 * intact, each one a datagram the sender reported as sent, in send order
 * and without duplicates (loopback does not reorder; a layer that retries
 * or splits sends would break this). */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock_util.h"

#define COUNT 200
#define SIZE 1000

static void fill(unsigned char *p, uint32_t seq) {
  memcpy(p, &seq, sizeof seq);
  for (size_t i = sizeof seq; i < SIZE; i++)
    p[i] = (unsigned char) (seq * 31 + i);
}

int main(void) {
  struct sockaddr_in ns, nr;
  int snd = bound4_at(SOCK_DGRAM | SOCK_NONBLOCK, 0, &ns);
  int rcv = bound4_at(SOCK_DGRAM | SOCK_NONBLOCK, 0, &nr);
  int small = 4096;
  CHECK_OK(setsockopt(snd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small));
  int rcvbuf = 65536;
  CHECK_OK(setsockopt(rcv, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf));

  static unsigned char sent[COUNT];
  static unsigned char pkt[SIZE];
  int nsent = 0, nagain = 0, bad = 0;
  for (uint32_t seq = 0; seq < COUNT; seq++) {
    fill(pkt, seq);
    errno = 0;
    ssize_t n = sendto(snd, pkt, SIZE, 0, (struct sockaddr *) &nr, sizeof nr);
    if (n == SIZE) {
      sent[seq] = 1;
      nsent++;
    } else if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      nagain++;
    } else if (bad++ < 5) {
      fprintf(stderr, "send %u: got %zd errno %d (%s)\n", (unsigned) seq, n, errno,
              strerror(errno));
    }
  }
  CHECK(bad == 0);
  CHECK(nsent >= 1);
  CHECK(nsent + nagain + bad == COUNT);

  /* Drain: wait for the first, then until 200 ms pass with nothing new. */
  struct pollfd p = {.fd = rcv, .events = POLLIN};
  CHECK(poll(&p, 1, 2000) == 1);
  static unsigned char buf[SIZE + 100];
  static unsigned char want[SIZE];
  int nrecv = 0, last = -1;
  for (;;) {
    errno = 0;
    struct sockaddr_in from;
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(rcv, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
    if (n == -1 && errno == EAGAIN) {
      if (poll(&p, 1, 200) == 1)
        continue;
      break;
    }
    CHECK(n == SIZE);
    if (n != SIZE)
      break;
    CHECK(from.sin_port == ns.sin_port);
    uint32_t seq;
    memcpy(&seq, buf, sizeof seq);
    if (seq >= COUNT || !sent[seq] || (int) seq <= last) {
      fprintf(stderr, "received seq %u after %d (sent: %d)\n", (unsigned) seq, last,
              seq < COUNT ? sent[seq] : -1);
      check_failures++;
      break;
    }
    fill(want, seq);
    CHECK(memcmp(buf, want, SIZE) == 0);
    last = (int) seq;
    nrecv++;
  }
  CHECK(nrecv >= 1);
  CHECK(nrecv <= nsent);
  if (check_failures)
    fprintf(stderr, "%d sent, %d EAGAIN, %d received\n", nsent, nagain, nrecv);

  CHECK_OK(close(rcv));
  CHECK_OK(close(snd));
  CHECK_DONE();
}
