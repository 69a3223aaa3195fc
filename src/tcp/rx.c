/* The receive machine: one host read in flight into p3net's buffer while
 * there is room, so POLLIN means bytes (or the end) are here, and a
 * consumed buffer starts the next read at once. The receive future is read
 * only once the stream has ended: ok is the peer's FIN, err a reset. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reactor/reactor.h"
#include "tcp/tcp.h"

static void rx_wake(struct p3_waiter *w, uint32_t event, uint32_t code);

/* The receive future resolved: FIN (ok) or a broken connection (err). */
static void rx_future_done(struct p3_tcp *s) {
  struct p3_tcp_op *op = s->rx.fut;
  s->rx.eof = 1;
  if (op->result.is_err) {
    int e = p3_errno_from_wasi(&op->result.val.err);
    s->rx.reset = 1;
    /* A reset breaks the connection both ways, as on Linux. */
    s->state = TCP_CLOSED;
    p3_tcp_fail(s, e == EPIPE ? ECONNRESET : e);
  }
  op->result.is_err = 0;
  p3_pending_detach(&op->op, &p3_tcp_future_in);
  p3_tcp_mem_give(op, sizeof *op);
  s->rx.fut = NULL;
  s->rx.future = 0;
  p3_file_changed(&s->file);
}

static void rx_future_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct p3_tcp_op *op = (struct p3_tcp_op *) w;
  if (!p3_pending_event(&op->op, event, code) || !op->sock)
    return;
  rx_future_done(op->sock);
}

/* The stream has ended: its end goes, and the future says how. */
static void rx_end(struct p3_tcp *s) {
  /* The end is known (and shown) only once the future has said FIN or
   * reset: a reset must not read as a FIN. */
  s->rx.ended = 1;
  p3_pending_detach(&s->rx.op, &p3_tcp_bytes_in);
  struct p3_tcp_op *op = p3_tcp_op_new(s, P3_FUTURE_READ, rx_future_wake);
  if (!op) {
    /* No memory to learn why: a plain end. */
    HOST(wasi_sockets_types_future_result_void_error_code_drop_readable(s->rx.future));
    s->rx.future = 0;
    s->rx.eof = 1;
    return;
  }
  s->rx.fut = op;
  p3_pending_attach(&op->op, s->rx.future);
  uint32_t st =
      HOST(wasi_sockets_types_future_result_void_error_code_read(s->rx.future, &op->result));
  if (p3_pending_io(&op->op, st))
    rx_future_done(s);
}

/* A host read finished with status st (bytes landed after the buffered
 * ones). */
static void rx_took(struct p3_tcp *s, uint32_t st) {
  size_t n = COMMAND_WAITABLE_COUNT(st);
  s->rx.len += n;
  p3_stats.bytes_received += n;
  if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED)
    rx_end(s);
}

static void rx_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct p3_tcp *s = (struct p3_tcp *) ((char *) w - offsetof(struct p3_tcp, rx.op));
  if (event != COMMAND_EVENT_STREAM_READ || !p3_pending_event(&s->rx.op, event, code))
    return;
  rx_took(s, code);
  p3_tcp_rx_fill(s);
  p3_file_changed(&s->file);
}

int p3_tcp_rx_open(struct p3_tcp *s) {
  s->rx.cap = (size_t) s->rcvbuf;
  s->rx.buf = p3_tcp_mem_take(s->rx.cap, 0);
  if (!s->rx.buf)
    return -1;
  wasi_sockets_types_tuple2_stream_u8_future_result_void_error_code_t r;
  HOST(wasi_sockets_types_method_tcp_socket_receive(p3_tcp_borrow(s), &r));
  s->rx.future = r.f1;
  p3_pending_init(&s->rx.op, P3_STREAM_READ, rx_wake);
  p3_pending_attach(&s->rx.op, r.f0);
  return 0;
}

void p3_tcp_rx_fill(struct p3_tcp *s) {
  struct p3_tcp_rx *rx = &s->rx;
  for (;;) {
    if (rx->op.busy || rx->ended || !rx->op.joined)
      return;
    if (!rx->len)
      rx->head = 0;
    size_t tail = rx->head + rx->len;
    /* Move the bytes to the front once the free end gets small: a read
     * into a sliver would cost a host call for few bytes. */
    if (rx->cap - tail < rx->cap / 4 && rx->head) {
      memmove(rx->buf, rx->buf + rx->head, rx->len);
      rx->head = 0;
      tail = rx->len;
    }
    if (tail == rx->cap)
      return; /* full: the next read starts once some is consumed */
    uint32_t st =
        HOST(wasi_sockets_types_stream_u8_read(rx->op.handle, rx->buf + tail, rx->cap - tail));
    if (!p3_pending_io(&rx->op, st))
      return;
    rx_took(s, st);
    /* A read that finished at once with bytes: there may be more. Stop
     * after one with none (the host has nothing right now only if it
     * blocks, but a zero count must not spin). */
    if (!COMMAND_WAITABLE_COUNT(st))
      return;
  }
}

void p3_tcp_rx_consume(struct p3_tcp *s, size_t n) {
  s->rx.head += n;
  s->rx.len -= n;
  p3_tcp_rx_fill(s);
}

static void area_free(void *area) {
  free(area);
}

void p3_tcp_rx_close(struct p3_tcp *s) {
  struct p3_tcp_rx *rx = &s->rx;
  if (rx->fut) {
    p3_tcp_op_abandon(rx->fut, &p3_tcp_future_in);
    rx->fut = NULL;
  } else if (rx->future) {
    HOST(wasi_sockets_types_future_result_void_error_code_drop_readable(rx->future));
  }
  rx->future = 0;
  int r = p3_pending_cancel(&rx->op, &p3_tcp_bytes_in, NULL, rx->buf, NULL, area_free);
  p3_pending_detach(&rx->op, &p3_tcp_bytes_in);
  if (r != P3_KEPT)
    p3_tcp_mem_give(rx->buf, rx->cap);
  rx->buf = NULL;
}
