/* bind and connect, and the streams a connection opens. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "reactor/reactor.h"
#include "tcp/tcp.h"

int p3_tcp_bind(struct p3_file *f, const struct sockaddr *addr, socklen_t len) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  p3_ipaddr local;
  if (p3_sockaddr_in(s->family, addr, len, P3_ADDR_BIND, &local) < 0)
    return -1;
  if (s->bound || s->state != TCP_FRESH) {
    errno = EINVAL;
    return -1;
  }
  wasi_sockets_types_error_code_t err;
  if (!HOST(wasi_sockets_types_method_tcp_socket_bind(p3_tcp_borrow(s), &local, &err))) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  s->bound = 1;
  return 0;
}

int p3_tcp_open_streams(struct p3_tcp *s) {
  if (p3_tcp_rx_open(s) < 0)
    return -1;
  if (p3_tcp_tx_open(s) < 0) {
    p3_tcp_rx_close(s);
    return -1;
  }
  s->state = TCP_CONNECTED;
  p3_tcp_rx_fill(s);
  return 0;
}

/* The connect finished: the connection is up, or the socket is closed
 * with the error kept for SO_ERROR and the next call. */
static void connect_finish(struct p3_tcp *s) {
  struct p3_tcp_op *op = s->connect;
  s->connect = NULL;
  int e = 0;
  if (op->result.is_err)
    e = p3_errno_from_wasi(&op->result.val.err);
  else if (p3_tcp_open_streams(s) < 0)
    e = ENOMEM;
  p3_tcp_mem_give(op, sizeof *op);
  s->bound = 1;
  if (e) {
    s->state = TCP_CLOSED;
    p3_tcp_fail(s, e);
    return;
  }
  p3_file_changed(&s->file);
}

static void connect_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct p3_tcp_op *op = (struct p3_tcp_op *) w;
  if (!p3_pending_event(&op->op, event, code) || !op->sock)
    return;
  connect_finish(op->sock);
}

/* wasi:sockets lets a socket try one connection: after a failed one, a
 * new host socket takes its place, as Linux lets a socket connect again. */
static int renew(struct p3_tcp *s) {
  wasi_sockets_types_own_tcp_socket_t h;
  wasi_sockets_types_error_code_t err;
  if (!HOST(wasi_sockets_types_static_tcp_socket_create(p3_wasi_family(s->family), &h, &err))) {
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  HOST(wasi_sockets_types_tcp_socket_drop_own(s->handle));
  s->handle = h;
  s->state = TCP_FRESH;
  s->bound = 0;
  s->shut_rd = s->shut_wr = 0;
  return 0;
}

int p3_tcp_connect(struct p3_file *f, const struct sockaddr *addr, socklen_t len) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  p3_ipaddr remote;
  if (p3_sockaddr_in(s->family, addr, len, P3_ADDR_CONNECT, &remote) < 0)
    return -1;
  if (p3_addr_no_route(&remote) &&
      (s->state == TCP_FRESH || (s->state == TCP_CLOSED && !s->rx.buf))) {
    /* Linux fails the route lookup before anything is sent, so the socket
     * stays as it was. Wasmtime and jco (measured) say invalid-argument
     * for multicast and broadcast, and remote-unreachable for
     * 127.255.255.255, and a nonblocking connect only later. */
    errno = ENETUNREACH;
    return -1;
  }
  int nonblock = s->file.status_flags & O_NONBLOCK;
  switch (s->state) {
  case TCP_LISTENING:
    errno = EISCONN;
    return -1;
  case TCP_CONNECTED:
    /* Linux: the first connect after a nonblocking one finished says 0. */
    if (!s->connect_told) {
      s->connect_told = 1;
      return 0;
    }
    errno = EISCONN;
    return -1;
  case TCP_CONNECTING:
    /* Linux says EALREADY blocking or not: a blocking connect whose
     * SO_SNDTIMEO ran out left the attempt going, and it does not wait
     * for it again. */
    p3_reactor_poll();
    if (s->state == TCP_CONNECTING) {
      errno = EALREADY;
      return -1;
    }
    return p3_tcp_connect(f, addr, len);
  case TCP_CLOSED:
    if (s->rx.buf) { /* a connection that was reset: Linux still says so */
      errno = EISCONN;
      return -1;
    }
    if (s->so_error) { /* the failed attempt's error, once */
      errno = p3_tcp_take_error(s);
      return -1;
    }
    if (renew(s) < 0)
      return -1;
    /* fall through */
  case TCP_FRESH: {
    struct p3_tcp_op *op = p3_tcp_op_new(s, P3_SUBTASK, connect_wake);
    if (!op) {
      errno = ENOBUFS;
      return -1;
    }
    wasi_sockets_types_method_tcp_socket_connect_args_t args = {p3_tcp_borrow(s), remote};
    command_subtask_status_t st =
        HOST(wasi_sockets_types_method_tcp_socket_connect(&args, &op->result));
    s->connect = op;
    s->state = TCP_CONNECTING;
    if (p3_pending_call(&op->op, st)) {
      connect_finish(s);
      if (nonblock) {
        errno = EINPROGRESS;
        return -1;
      }
      break;
    }
    if (nonblock) {
      /* As Linux, even on loopback: the outcome comes by poll, SO_ERROR or
       * the next connect. */
      errno = EINPROGRESS;
      return -1;
    }
    break;
  }
  }
  /* Blocking: wait for the outcome; SO_SNDTIMEO bounds it (EINPROGRESS,
   * as Linux says when it runs out). */
  uint64_t deadline = 0;
  while (s->state == TCP_CONNECTING) {
    if (!deadline)
      deadline = p3_deadline_from_timeval(&s->sndtimeo);
    if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT && s->state == TCP_CONNECTING) {
      errno = EINPROGRESS;
      return -1;
    }
  }
  if (s->state == TCP_CONNECTED) {
    s->connect_told = 1;
    return 0;
  }
  errno = p3_tcp_take_error(s);
  if (!errno)
    errno = ECONNABORTED;
  return -1;
}
