/* The send machine. A send the host finishes at once costs one host call
 * and nothing else. One it only starts is tracked here until it returns:
 * its bytes plus a per-datagram cost count against SO_SNDBUF meanwhile,
 * and an error it returns later is kept in so_error for the next call, as
 * Linux does with ICMP errors. Slots are recycled, so steady-state sending
 * allocates nothing. */
#include <errno.h>
#include <stdlib.h>

#include "udp/udp.h"

/* What a datagram in flight costs besides its payload. Linux charges each
 * queued datagram its skb's truesize (payload plus some 700 bytes of
 * buffer bookkeeping on x86-64); without a per-datagram cost, empty
 * datagrams would cost nothing and a sender could keep any number of them
 * in the host. 256 bounds them (18 at Linux's smallest SO_SNDBUF, 4608)
 * while leaving small-datagram bursts close to what Linux lets through. */
#define TX_OVERHEAD 256u

static struct p3_tx *free_slots;

static void tx_link(struct p3_udp *s, struct p3_tx *tx) {
  tx->prev = NULL;
  tx->next = s->tx;
  if (s->tx)
    s->tx->prev = tx;
  s->tx = tx;
  s->tx_bytes += tx->len;
}

/* O(1): a socket may have many sends in flight, and they finish in any
 * order. */
static void tx_unlink(struct p3_udp *s, struct p3_tx *tx) {
  if (tx->prev)
    tx->prev->next = tx->next;
  else
    s->tx = tx->next;
  if (tx->next)
    tx->next->prev = tx->prev;
  tx->next = tx->prev = NULL;
  s->tx_bytes -= tx->len;
}

static void tx_release(struct p3_tx *tx) {
  tx->next = free_slots;
  free_slots = tx;
}

/* Frees a cancelled send the host wrote its result into afterwards (a host
 * that keeps cancelled calls going: host/quarantine.h). */
static void tx_free_late(void *block) {
  struct p3_tx *tx = block;
  if (tx->result.is_err)
    p3_errno_from_wasi(&tx->result.val.err);
  free(tx);
}

/* Records a finished send's outcome on its socket. */
static void tx_finish(struct p3_udp *s, struct p3_tx *tx) {
  if (tx->result.is_err) {
    int e = p3_errno_from_wasi(&tx->result.val.err);
    if (!s->so_error)
      s->so_error = e;
  } else {
    p3_stats.datagrams_sent++;
    p3_udp_mark_bound(s); /* the host bound it implicitly */
  }
}

static void tx_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct p3_tx *tx = (struct p3_tx *) w;
  if (!p3_pending_event(&tx->op, event, code))
    return;
  struct p3_udp *s = tx->sock;
  tx_unlink(s, tx);
  tx_finish(s, tx);
  tx_release(tx);
  p3_file_changed(&s->file);
}

/* Sends one datagram of len bytes at data. Returns 0, or -1 with errno
 * for an error the host reported at once. */
int p3_udp_tx_send(struct p3_udp *s, const void *data, size_t len,
                   const wasi_sockets_types_option_ip_socket_address_t *to) {
  /* A sender that never waits hears of finished sends only when it asks:
   * ask before growing the pool, so it stays as small as the traffic. */
  if (!free_slots && s->tx)
    p3_reactor_poll();
  struct p3_tx *tx = free_slots;
  if (tx) {
    free_slots = tx->next;
  } else {
    tx = malloc(sizeof *tx);
    if (!tx) {
      errno = ENOBUFS;
      return -1;
    }
    p3_stats.allocs++;
  }
  wasi_sockets_types_method_udp_socket_send_args_t args = {
      p3_udp_borrow(s), {(uint8_t *) data, len}, *to};
  p3_pending_init(&tx->op, P3_SUBTASK, tx_wake);
  command_subtask_status_t st = HOST(wasi_sockets_types_method_udp_socket_send(&args, &tx->result));
  if (p3_pending_call(&tx->op, st)) {
    int e = 0;
    if (tx->result.is_err)
      e = p3_errno_from_wasi(&tx->result.val.err);
    else
      tx_finish(s, tx);
    tx_release(tx);
    if (e) {
      errno = e;
      return -1;
    }
    return 0;
  }
  tx->sock = s;
  tx->len = (uint32_t) len + TX_OVERHEAD; /* len is at most 65527 */
  tx_link(s, tx);
  /* STARTING: the host has not read the arguments yet, and they point into
   * the caller's buffer, so wait until it has. Hosts rarely apply such
   * backpressure; this is the correct, not the fast, path. */
  while (tx->op.starting)
    p3_reactor_wait(UINT64_MAX);
  /* A first send binds the socket, and Linux shows the port once sendto
   * returns: if the host finishes that send later, wait for it (an unbound
   * socket has no other send in flight), and report its error here. */
  while (!s->bound && s->tx)
    p3_reactor_wait(UINT64_MAX);
  if (!s->bound && s->so_error) {
    errno = s->so_error;
    s->so_error = 0;
    return -1;
  }
  return 0;
}

void p3_udp_tx_close(struct p3_udp *s) {
  /* Sends in flight finish quickly (the datagram is already with the
   * host); wait up to a second for them, then cancel what is left. */
  uint64_t deadline = s->tx ? p3_now() + 1000000000u : 0;
  while (s->tx && p3_reactor_wait(deadline) != P3_WAIT_TIMEOUT)
    ;
  while (s->tx) {
    struct p3_tx *tx = s->tx;
    tx_unlink(s, tx);
    int r = p3_pending_cancel(&tx->op, NULL, NULL, tx, (unsigned char *) &tx->result, tx_free_late);
    if (r == P3_FINISHED && tx->result.is_err)
      p3_errno_from_wasi(&tx->result.val.err);
    if (r != P3_KEPT)
      tx_release(tx); /* a conforming host writes nothing after a cancel */
  }
}
