/* listen and accept. A listener keeps one read of the host's connection
 * stream in flight, so POLLIN means a connection is waiting and accept
 * takes it without asking the host. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "reactor/reactor.h"
#include "tcp/tcp.h"

static void accept_start(struct p3_tcp_accept *a);

static void accept_took(struct p3_tcp_accept *a, uint32_t st) {
  if (COMMAND_WAITABLE_COUNT(st))
    a->ready = 1;
  if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED) {
    a->ended = 1;
    p3_pending_detach(&a->op, &p3_tcp_conns_in);
  }
}

static void accept_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct p3_tcp_accept *a = (struct p3_tcp_accept *) w;
  if (event != COMMAND_EVENT_STREAM_READ || !p3_pending_event(&a->op, event, code) || !a->sock)
    return;
  accept_took(a, code);
  accept_start(a);
  p3_file_changed(&a->sock->file);
}

/* Reads the next connection unless one is waiting or a read is out. */
static void accept_start(struct p3_tcp_accept *a) {
  while (!a->ready && !a->ended && !a->op.busy) {
    uint32_t st = HOST(wasi_sockets_types_stream_own_tcp_socket_read(a->op.handle, &a->got, 1));
    if (!p3_pending_io(&a->op, st))
      return;
    accept_took(a, st);
    if (!COMMAND_WAITABLE_COUNT(st))
      return;
  }
}

int p3_tcp_listen(struct p3_file *f, int backlog) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  if (backlog < 0 || backlog > 4096)
    backlog = 4096; /* Linux caps it at net.core.somaxconn */
  wasi_sockets_types_error_code_t err;
  if (s->state == TCP_LISTENING) {
    /* Linux: listen again only changes the backlog (a host may not). */
    s->backlog = backlog;
    if (!HOST(wasi_sockets_types_method_tcp_socket_set_listen_backlog_size(
            p3_tcp_borrow(s), (uint64_t) (backlog ? backlog : 1), &err)))
      p3_errno_from_wasi(&err);
    return 0;
  }
  if (s->state != TCP_FRESH) {
    errno = EINVAL;
    return -1;
  }
  struct p3_tcp_accept *a = calloc(1, sizeof *a);
  if (!a) {
    errno = ENOBUFS;
    return -1;
  }
  p3_stats.allocs++;
  /* A hint; a host may refuse (then its default holds). */
  if (!HOST(wasi_sockets_types_method_tcp_socket_set_listen_backlog_size(
          p3_tcp_borrow(s), (uint64_t) (backlog ? backlog : 1), &err)))
    p3_errno_from_wasi(&err);
  wasi_sockets_types_stream_own_tcp_socket_t conns;
  if (!HOST(wasi_sockets_types_method_tcp_socket_listen(p3_tcp_borrow(s), &conns, &err))) {
    free(a);
    errno = p3_errno_from_wasi(&err);
    return -1;
  }
  s->backlog = backlog;
  s->bound = 1;
  s->state = TCP_LISTENING;
  s->accept = a;
  a->sock = s;
  p3_pending_init(&a->op, P3_STREAM_READ, accept_wake);
  p3_pending_attach(&a->op, conns);
  accept_start(a);
  return 0;
}

int p3_tcp_accept4(struct p3_file *f, struct sockaddr *addr, socklen_t *len, int flags) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) {
    errno = EINVAL;
    return -1;
  }
  if (s->state != TCP_LISTENING) {
    errno = EINVAL;
    return -1;
  }
  struct p3_tcp_accept *a = s->accept;
  int nonblock = s->file.status_flags & O_NONBLOCK;
  uint64_t deadline = 0;
  int yielded = 0;
  while (!a->ready) {
    if (a->ended) {
      errno = ECONNABORTED;
      return -1;
    }
    if (nonblock) {
      /* A connection may be with the host already: let it run once. */
      if (yielded++) {
        errno = EAGAIN;
        return -1;
      }
      p3_reactor_poll();
      continue;
    }
    if (!deadline)
      deadline = p3_deadline_from_timeval(&s->rcvtimeo);
    if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT && !a->ready) {
      errno = EAGAIN;
      return -1;
    }
  }
  wasi_sockets_types_own_tcp_socket_t h = a->got;
  a->ready = 0;
  accept_start(a);
  /* As Linux: the address is checked once a connection is taken, and a
   * bad one loses that connection. */
  if (addr && p3_addrlen_check(addr, len) < 0) {
    HOST(wasi_sockets_types_tcp_socket_drop_own(h));
    return -1;
  }
  struct p3_tcp *c = p3_tcp_new(s->family, h);
  if (!c) {
    HOST(wasi_sockets_types_tcp_socket_drop_own(h));
    return -1;
  }
  /* Linux: an accepted socket inherits the listener's buffer sizes. */
  c->sndbuf = s->sndbuf;
  c->rcvbuf = s->rcvbuf;
  c->nodelay = s->nodelay;
  c->bound = 1;
  c->connect_told = 1;
  if (p3_tcp_open_streams(c) < 0) {
    p3_tcp_close(&c->file);
    errno = ENOBUFS;
    return -1;
  }
  if (addr) {
    p3_ipaddr peer;
    wasi_sockets_types_error_code_t err;
    if (HOST(
            wasi_sockets_types_method_tcp_socket_get_remote_address(p3_tcp_borrow(c), &peer, &err)))
      p3_addr_from_wasi(&peer, addr, len);
    else
      p3_errno_from_wasi(&err), *len = 0;
  }
  return p3_tcp_install(c, flags);
}
