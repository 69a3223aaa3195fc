/* close on a TCP socket: what was sent is delivered first (unless SO_LINGER
 * {1, 0} asks to abort), then every host end and the socket go. */
#include <stdlib.h>

#include "tcp/tcp.h"

static void accept_close(struct p3_tcp_accept *a) {
  a->sock = NULL;
  uint32_t code = 0;
  int r = p3_pending_cancel(&a->op, &p3_tcp_conns_in, &code, a, NULL, NULL);
  p3_pending_detach(&a->op, &p3_tcp_conns_in);
  if (a->ready || COMMAND_WAITABLE_COUNT(code)) /* a connection nobody accepted */
    HOST(wasi_sockets_types_tcp_socket_drop_own(a->got));
  if (r != P3_KEPT)
    free(a);
}

int p3_tcp_close(struct p3_file *f) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  if (s->accept)
    accept_close(s->accept);
  if (s->connect)
    p3_tcp_op_abandon(s->connect, NULL);
  /* Linux resets a connection closed with bytes it never read (or with
   * SO_LINGER {1, 0}): no flush then. */
  int unread = s->rx.len > 0;
  p3_tcp_rx_close(s);
  p3_tcp_tx_close(s, unread || (s->linger.l_onoff && !s->linger.l_linger));
  HOST(wasi_sockets_types_tcp_socket_drop_own(s->handle));
  p3_tcp_mem_give(s, sizeof *s);
  return 0;
}
