/* UDP readiness, from p3net's own state: no host call, except the receive
 * a socket starts when its last datagram was taken (udp/rx.c). */
#include <errno.h>
#include <poll.h>

#include "udp/udp.h"

unsigned p3_udp_poll(struct p3_file *f) {
  struct p3_udp *s = (struct p3_udp *) f;
  p3_udp_rx_start(s);
  unsigned ev = 0;
  /* As Linux: after SHUT_RD a read never blocks (POLLIN|POLLRDHUP), and
   * SHUT_WR leaves POLLOUT set (a send fails at once instead of waiting). */
  /* A receive that ended in an error (a refusal learnt by ICMP) is a
   * pending socket error, as on Linux: POLLERR, not data. */
  int rx_ready = s->rx->state == RX_READY;
  if (rx_ready && s->rx->result.is_err)
    ev |= POLLERR;
  else if (rx_ready || s->shut_rd)
    ev |= POLLIN | POLLRDNORM;
  if (s->shut_rd)
    ev |= POLLRDHUP;
  /* Below half of SO_SNDBUF, as Linux: the next send is then sure to be
   * accepted (udp/send.c). */
  if (s->tx_bytes < (uint32_t) s->sndbuf / 2)
    ev |= POLLOUT | POLLWRNORM;
  if (s->so_error)
    ev |= POLLERR;
  if (s->shut_rd && s->shut_wr)
    ev |= POLLHUP;
  return ev;
}

int p3_udp_nread(struct p3_file *f, int *out) {
  struct p3_udp *s = (struct p3_udp *) f;
  p3_udp_rx_start(s);
  *out = s->rx->state == RX_READY && !s->rx->result.is_err ? (int) s->rx->result.val.ok.f0.len : 0;
  return 0;
}
