/* Zero-length datagrams count against SO_SNDBUF while the host holds them.
 * A nonblocking sender with the smallest SO_SNDBUF sends 1000 empty
 * datagrams to a socket nobody reads. Linux hands each to the receiver at
 * once (loopback), so every send returns 0 there; a wasip3 host may keep
 * sends in flight, and p3net charges each one its payload plus a fixed
 * per-datagram cost, as Linux charges an skb's truesize, so in-flight sends
 * stay bounded and the sender sees EAGAIN instead of queueing without end.
 * On every target each send returns 0 or fails with EAGAIN, nothing else.
 *
 * Where p3net runs, the bound is checked through its counters: the send
 * slots it allocated (one per send in flight at once) stay few. On the
 * simulated host every send is held 1.5 s, so the buffer fills and EAGAIN
 * must come; Wasmtime and jco usually finish sends at once. */
// P3SIM-ENV: P3SIM_SEND_DELAY_MS=1500
// P3NET-TIMEOUT: 120
#include "check.h"

#include <fcntl.h>

#include "sock_util.h"

#if defined(__wasi__) || defined(P3SIM)
#include <p3net.h>
#define P3NET_RULES 1
#endif

#define COUNT 1000

int main(void) {
  struct sockaddr_in ra, ta;
  int rx = bound4_at(SOCK_DGRAM, 0, &ra);
  int tx = bound4_at(SOCK_DGRAM | SOCK_NONBLOCK, 0, &ta);
  int small = 1; /* raised to Linux's minimum, 4608 bytes */
  CHECK_OK(setsockopt(tx, SOL_SOCKET, SO_SNDBUF, &small, sizeof small));

#ifdef P3NET_RULES
  struct p3net_stats before, after;
  p3net_stats_get(&before);
#endif
  int sent = 0, again = 0, bad = 0;
  for (int i = 0; i < COUNT; i++) {
    errno = 0;
    ssize_t n = sendto(tx, "", 0, 0, (struct sockaddr *) &ra, sizeof ra);
    if (n == 0)
      sent++;
    else if (n == -1 && errno == EAGAIN)
      again++;
    else if (bad++ < 5)
      fprintf(stderr, "send %d: got %zd errno %d (%s)\n", i, n, errno, strerror(errno));
  }
  printf("%d sent, %d EAGAIN\n", sent, again);
  CHECK(bad == 0);
  CHECK(sent >= 1);
  CHECK(sent + again == COUNT);
#ifdef P3NET_RULES
  p3net_stats_get(&after);
  uint64_t slots = after.allocs - before.allocs;
  if (slots > 32)
    fprintf(stderr, "%llu allocations for %d sends in flight\n", (unsigned long long) slots, sent);
  CHECK(slots <= 32); /* 4608 bytes at >= 256 each: at most 18 in flight */
#endif
#ifdef P3SIM
  CHECK(again > 0); /* every send is held: the buffer fills */
#endif

  /* Room comes back once the host finishes what it holds. */
  struct pollfd p = {tx, POLLOUT, 0};
  CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT));
  CHECK(sendto(tx, "", 0, 0, (struct sockaddr *) &ra, sizeof ra) == 0);

  /* The receiver got empty datagrams (as many as its buffer kept). */
  CHECK(readable(rx));
  char b[1];
  CHECK(recv(rx, b, sizeof b, MSG_DONTWAIT) == 0);
  close(tx);
  close(rx);
  CHECK_DONE();
}
