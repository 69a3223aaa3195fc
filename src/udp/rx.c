/* The receive machine. A bound socket has one receive in flight or one
 * datagram waiting (RX_READY), so readiness is known without asking the
 * host, with one exception: after a datagram is taken, the next receive
 * starts only when a call needs it (a recv, a readiness check, FIONREAD;
 * at once under epoll, which hears of arrivals only from a receive in
 * flight). A reply that comes in meanwhile -- the usual case for a
 * request/response client, whose peer answers while it sends -- is then
 * taken by one receive call that finishes at once, instead of a receive
 * that waits plus its join, wait and drop (measured on Wasmtime: 5 host
 * calls per blocking recv became ~2; bench/README.md). Nothing is missed
 * meanwhile: the host's socket queues what arrives. */
#include <stdlib.h>

#include "host/buf.h"
#include "udp/udp.h"

static void rx_free_result(struct p3_rx *rx) {
  p3_recv_result *r = &rx->result;
  if (r->is_err)
    p3_errno_from_wasi(&r->val.err);
  else
    p3_buf_recycle(r->val.ok.f0.ptr, r->val.ok.f0.len);
}

static void rx_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct p3_rx *rx = (struct p3_rx *) w;
  if (!p3_pending_event(&rx->op, event, code))
    return;
  rx->state = RX_READY;
  p3_stats.datagrams_received++;
  p3_file_changed(&rx->sock->file);
}

void p3_udp_rx_start(struct p3_udp *s) {
  struct p3_rx *rx = s->rx;
  if (!s->bound || rx->state != RX_IDLE)
    return;
  p3_pending_init(&rx->op, P3_SUBTASK, rx_wake);
  command_subtask_status_t st =
      HOST(wasi_sockets_types_method_udp_socket_receive(p3_udp_borrow(s), &rx->result));
  if (p3_pending_call(&rx->op, st)) {
    rx->state = RX_READY;
    p3_stats.datagrams_received++;
    return;
  }
  rx->state = RX_PENDING;
}

int p3_udp_rx_take_error(struct p3_udp *s) {
  struct p3_rx *rx = s->rx;
  if (rx->state != RX_READY || !rx->result.is_err)
    return 0;
  int e = p3_errno_from_wasi(&rx->result.val.err);
  rx->state = RX_IDLE;
  p3_udp_rx_start(s);
  return e;
}

/* Frees a receive the host wrote into after it was cancelled. */
static void rx_release(void *block) {
  struct p3_rx *rx = block;
  rx_free_result(rx);
  free(rx);
}

/* Cancels the pending receive. 1: it had finished first and its result is
 * ours (RX_READY). 0: cancelled and given up: freed, or quarantined on a
 * host that may still write into it (host/quarantine.h). */
static int rx_cancel(struct p3_rx *rx) {
  int r = p3_pending_cancel(&rx->op, NULL, NULL, rx, (unsigned char *) &rx->result, rx_release);
  if (r != P3_FINISHED) {
    rx->sock = NULL;
    if (r == P3_CANCELLED)
      free(rx);
    return 0;
  }
  rx->state = RX_READY;
  return 1;
}

/* A receive that finishes as soon as it starts is a datagram that arrived
 * meanwhile: an edge for epoll like any other arrival. */
static void rx_start_notify(struct p3_udp *s) {
  p3_udp_rx_start(s);
  if (s->rx->state == RX_READY)
    p3_file_changed(&s->file);
}

void p3_udp_mark_bound(struct p3_udp *s) {
  if (s->bound)
    return;
  s->bound = 1;
  rx_start_notify(s);
}

void p3_udp_rx_restart(struct p3_udp *s) {
  if (s->rx->state != RX_PENDING)
    return;
  struct p3_rx *fresh = calloc(1, sizeof *fresh);
  if (!fresh)
    return; /* keep the old receive: late is better than never */
  p3_stats.allocs++;
  if (rx_cancel(s->rx)) {
    free(fresh);
    p3_file_changed(&s->file);
    return;
  }
  fresh->sock = s;
  s->rx = fresh;
  rx_start_notify(s);
}

void p3_udp_rx_close(struct p3_udp *s) {
  struct p3_rx *rx = s->rx;
  s->rx = NULL;
  if (rx->state == RX_PENDING && !rx_cancel(rx))
    return;
  if (rx->state == RX_READY)
    rx_free_result(rx);
  free(rx);
}
