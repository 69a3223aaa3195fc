/* The send machine: a ring of SO_SNDBUF bytes and one host stream write in
 * flight from it. A send copies into the ring and returns (POLLOUT says
 * room is there); each finished write starts the next with whatever is
 * queued, so the host always has the bytes it can take. After SHUT_WR the
 * writable end is dropped once the ring is empty: that is the FIN. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reactor/reactor.h"
#include "tcp/tcp.h"

static void tx_future_done(struct p3_tcp *s) {
  struct p3_tcp_op *op = s->tx.fut;
  if (op->result.is_err) {
    /* A send the peer's reset broke: Linux reports ECONNRESET first, and
     * EPIPE to every send after (tx.broken). */
    int e = p3_errno_from_wasi(&op->result.val.err);
    if (e == EPIPE)
      e = ECONNRESET;
    if (e == ECONNRESET)
      s->state = TCP_CLOSED;              /* a reset ends both directions */
    if (!(s->tx.told && e == ECONNRESET)) /* told once already */
      p3_tcp_fail(s, e);
  }
  op->result.is_err = 0;
  p3_pending_detach(&op->op, &p3_tcp_future_in);
  p3_tcp_mem_give(op, sizeof *op);
  s->tx.fut = NULL;
  s->tx.future = 0;
  p3_file_changed(&s->file);
}

static void tx_future_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct p3_tcp_op *op = (struct p3_tcp_op *) w;
  if (!p3_pending_event(&op->op, event, code) || !op->sock)
    return;
  tx_future_done(op->sock);
}

/* Reads send's future: it resolves once the host has sent everything
 * (after the FIN) or failed. */
static void tx_read_future(struct p3_tcp *s) {
  if (s->tx.fut || !s->tx.future)
    return;
  struct p3_tcp_op *op = p3_tcp_op_new(s, P3_FUTURE_READ, tx_future_wake);
  if (!op)
    return;
  s->tx.fut = op;
  p3_pending_attach(&op->op, s->tx.future);
  uint32_t st =
      HOST(wasi_sockets_types_future_result_void_error_code_read(s->tx.future, &op->result));
  if (p3_pending_io(&op->op, st))
    tx_future_done(s);
}

/* The host reads no more: the send failed. Its future says why. */
static void tx_broken(struct p3_tcp *s) {
  s->tx.broken = 1;
  s->tx.len = s->tx.flight = 0;
  p3_pending_detach(&s->tx.op, &p3_tcp_bytes_out);
  tx_read_future(s);
  if (!s->tx.fut && s->tx.future)
    p3_tcp_fail(s, ECONNRESET); /* no memory to read why: the likeliest cause */
}

void p3_tcp_tx_await_reason(struct p3_tcp *s, int nonblock) {
  p3_reactor_poll();
  uint64_t deadline = p3_deadline_in(1000000000u);
  while (!nonblock && s->tx.fut && !s->so_error)
    if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT)
      break;
  if (s->tx.fut && !s->so_error) {
    s->tx.told = 1;
    p3_tcp_fail(s, ECONNRESET);
  }
}

static void tx_took(struct p3_tcp *s, uint32_t st) {
  size_t n = COMMAND_WAITABLE_COUNT(st);
  s->tx.head = (s->tx.head + n) % s->tx.cap;
  s->tx.len -= n;
  s->tx.flight = 0;
  p3_stats.bytes_sent += n;
  if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED)
    tx_broken(s);
}

static void tx_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct p3_tcp *s = (struct p3_tcp *) ((char *) w - offsetof(struct p3_tcp, tx.op));
  if (event != COMMAND_EVENT_STREAM_WRITE || !p3_pending_event(&s->tx.op, event, code))
    return;
  tx_took(s, code);
  p3_tcp_tx_flush(s);
  p3_file_changed(&s->file);
}

int p3_tcp_tx_open(struct p3_tcp *s) {
  s->tx.cap = (size_t) s->sndbuf;
  s->tx.buf = p3_tcp_mem_take(s->tx.cap, 0);
  if (!s->tx.buf)
    return -1;
  wasi_sockets_types_stream_u8_writer_t w;
  wasi_sockets_types_stream_u8_t data = HOST(wasi_sockets_types_stream_u8_new(&w));
  s->tx.future = HOST(wasi_sockets_types_method_tcp_socket_send(p3_tcp_borrow(s), data));
  p3_pending_init(&s->tx.op, P3_STREAM_WRITE, tx_wake);
  p3_pending_attach(&s->tx.op, w);
  return 0;
}

size_t p3_tcp_tx_room(const struct p3_tcp *s) {
  return s->tx.cap - s->tx.len;
}

void p3_tcp_tx_flush(struct p3_tcp *s) {
  struct p3_tcp_tx *tx = &s->tx;
  while (!tx->op.busy && !tx->broken && !tx->fin && tx->op.joined) {
    if (!tx->len) {
      if (s->shut_wr) {
        /* Everything is out: dropping the end is the FIN. */
        tx->fin = 1;
        p3_pending_detach(&tx->op, &p3_tcp_bytes_out);
        tx_read_future(s);
      }
      return;
    }
    size_t n = tx->cap - tx->head < tx->len ? tx->cap - tx->head : tx->len;
    tx->flight = n;
    uint32_t st = HOST(wasi_sockets_types_stream_u8_write(tx->op.handle, tx->buf + tx->head, n));
    if (!p3_pending_io(&tx->op, st))
      return;
    tx_took(s, st);
  }
}

size_t p3_tcp_tx_queue(struct p3_tcp *s, const void *data, size_t n) {
  struct p3_tcp_tx *tx = &s->tx;
  size_t room = tx->cap - tx->len;
  if (n > room)
    n = room;
  size_t tail = (tx->head + tx->len) % tx->cap;
  size_t first = tx->cap - tail < n ? tx->cap - tail : n;
  memcpy(tx->buf + tail, data, first);
  if (n > first)
    memcpy(tx->buf, (const uint8_t *) data + first, n - first);
  tx->len += n;
  p3_stats.bytes_copied += n;
  return n;
}

static void area_free(void *area) {
  free(area);
}

void p3_tcp_tx_close(struct p3_tcp *s, int abort) {
  struct p3_tcp_tx *tx = &s->tx;
  if (!tx->buf)
    return;
  if (!abort && tx->op.joined && !tx->broken) {
    /* As Linux delivers what was sent before close: flush, FIN, and wait
     * for the host to say it is out. Bounded, for a peer that never reads:
     * SO_LINGER's time if set, else 10 s. The 10 s are p3net's own bound,
     * not the program's, so they are first counted from the last clock
     * reading (no host call: a close in a loop of connections reads no
     * clock) and, should that run out, once more from a fresh reading:
     * the flush gets at least 10 s and at most 20. SO_LINGER's time is
     * the program's, and counted from now. */
    int linger = s->linger.l_onoff;
    uint64_t ns = linger ? (uint64_t) s->linger.l_linger * 1000000000u : 10000000000u;
    uint64_t deadline = linger ? p3_deadline_in(ns) : p3_deadline_soon(ns);
    int fresh = linger;
    s->shut_wr = 1;
    p3_tcp_tx_flush(s);
    while (tx->op.joined || (tx->fut && tx->fut->op.busy)) {
      if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT) {
        if (fresh)
          break;
        fresh = 1;
        deadline = p3_deadline_in(ns);
        continue;
      }
      p3_tcp_tx_flush(s);
    }
  }
  int r = p3_pending_cancel(&tx->op, &p3_tcp_bytes_out, NULL, tx->buf, NULL, area_free);
  p3_pending_detach(&tx->op, &p3_tcp_bytes_out);
  if (r != P3_KEPT)
    p3_tcp_mem_give(tx->buf, tx->cap);
  tx->buf = NULL;
  if (tx->fut) {
    p3_tcp_op_abandon(tx->fut, &p3_tcp_future_in);
    tx->fut = NULL;
  } else if (tx->future) {
    HOST(wasi_sockets_types_future_result_void_error_code_drop_readable(tx->future));
  }
  tx->future = 0;
}
