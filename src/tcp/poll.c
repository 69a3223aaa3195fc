/* TCP readiness, from p3net's own state, by Linux's rules (tcp_poll): a
 * socket with no connection is POLLOUT|POLLHUP, a connecting one nothing,
 * a receive side that is shut or at its end POLLIN|POLLRDHUP, both sides
 * shut POLLHUP, a pending error POLLERR. */
#include <poll.h>

#include "tcp/tcp.h"

unsigned p3_tcp_poll(struct p3_file *f) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  unsigned ev = 0;
  if (s->state == TCP_LISTENING)
    return s->accept->ready ? POLLIN | POLLRDNORM : 0;
  int closed = s->state == TCP_CLOSED;
  int rd_shut = closed || s->shut_rd || s->rx.eof;
  int wr_shut = closed || s->shut_wr;
  if ((rd_shut && wr_shut) || s->state == TCP_FRESH)
    ev |= POLLHUP;
  if (rd_shut)
    ev |= POLLIN | POLLRDNORM | POLLRDHUP;
  if (s->state != TCP_CONNECTING) {
    if (s->rx.len)
      ev |= POLLIN | POLLRDNORM;
    /* Linux's rule for room: free space at least half of what is queued,
     * so POLLOUT promises that a send takes a fair share at once. */
    if (wr_shut || s->state == TCP_FRESH || 2 * p3_tcp_tx_room(s) >= s->tx.len)
      ev |= POLLOUT | POLLWRNORM;
  }
  if (s->so_error)
    ev |= POLLERR;
  return ev;
}
