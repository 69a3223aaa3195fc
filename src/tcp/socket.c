/* socket() for SOCK_STREAM: the object, its ops, and the host built-ins
 * the TCP machines share. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "tcp/tcp.h"

#define DEFAULT_RCVBUF 131072 /* Linux's net.ipv4.tcp_rmem default */
#define DEFAULT_SNDBUF 65536

static ssize_t tcp_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  struct iovec iov = {buf, len};
  return p3_tcp_readv(f, &iov, 1, nonblock);
}

static ssize_t tcp_write(struct p3_file *f, const void *buf, size_t len, int nonblock) {
  struct iovec iov = {(void *) buf, len};
  return p3_tcp_writev(f, &iov, 1, nonblock);
}

static const struct p3_sock_ops tcp_sock_ops = {
    .bind = p3_tcp_bind,
    .connect = p3_tcp_connect,
    .listen = p3_tcp_listen,
    .accept4 = p3_tcp_accept4,
    .shutdown = p3_tcp_shutdown,
    .getsockname = p3_tcp_getsockname,
    .getpeername = p3_tcp_getpeername,
    .getsockopt = p3_tcp_getsockopt,
    .setsockopt = p3_tcp_setsockopt,
    .sendmsg = p3_tcp_sendmsg,
    .recvmsg = p3_tcp_recvmsg,
};

const struct p3_file_ops p3_tcp_ops = {
    .read = tcp_read,
    .write = tcp_write,
    .readv = p3_tcp_readv,
    .writev = p3_tcp_writev,
    .close = p3_tcp_close,
    .poll = p3_tcp_poll,
    .nread = p3_tcp_nread,
    .sock = &tcp_sock_ops,
};

const struct p3_end_type p3_tcp_bytes_in = {wasi_sockets_types_stream_u8_cancel_read,
                                            wasi_sockets_types_stream_u8_drop_readable};
const struct p3_end_type p3_tcp_bytes_out = {wasi_sockets_types_stream_u8_cancel_write,
                                             wasi_sockets_types_stream_u8_drop_writable};
const struct p3_end_type p3_tcp_future_in = {
    wasi_sockets_types_future_result_void_error_code_cancel_read,
    wasi_sockets_types_future_result_void_error_code_drop_readable};
const struct p3_end_type p3_tcp_conns_in = {wasi_sockets_types_stream_own_tcp_socket_cancel_read,
                                            wasi_sockets_types_stream_own_tcp_socket_drop_readable};

wasi_sockets_types_borrow_tcp_socket_t p3_tcp_borrow(struct p3_tcp *s) {
  return (wasi_sockets_types_borrow_tcp_socket_t) {s->handle.__handle};
}

struct p3_tcp *p3_tcp_new(int family, wasi_sockets_types_own_tcp_socket_t handle) {
  struct p3_tcp *s = p3_tcp_mem_take(sizeof *s, 1);
  if (!s) {
    errno = ENOMEM;
    return NULL;
  }
  s->file.ops = &p3_tcp_ops;
  s->handle = handle;
  s->family = family;
  s->sndbuf = DEFAULT_SNDBUF;
  s->rcvbuf = DEFAULT_RCVBUF;
  return s;
}

int p3_tcp_install(struct p3_tcp *s, int flags) {
  s->file.status_flags = flags & SOCK_NONBLOCK ? O_NONBLOCK : 0;
  int fd = p3_fd_install(&s->file, !!(flags & SOCK_CLOEXEC));
  if (fd < 0) {
    int e = errno;
    p3_tcp_close(&s->file);
    errno = e;
  }
  return fd;
}

int p3_tcp_open(int domain, int type, int protocol) {
  (void) protocol; /* 0 or IPPROTO_TCP: checked by socket() */
  wasi_sockets_types_own_tcp_socket_t h;
  wasi_sockets_types_error_code_t err;
  if (!HOST(wasi_sockets_types_static_tcp_socket_create(p3_wasi_family(domain), &h, &err))) {
    int e = p3_errno_from_wasi(&err);
    errno = e == EOPNOTSUPP ? EAFNOSUPPORT : e;
    return -1;
  }
  struct p3_tcp *s = p3_tcp_new(domain, h);
  if (!s) {
    HOST(wasi_sockets_types_tcp_socket_drop_own(h));
    return -1;
  }
  return p3_tcp_install(s, type);
}

struct p3_tcp_op *p3_tcp_op_new(struct p3_tcp *s, enum p3_pending_kind kind, p3_wake_fn wake) {
  struct p3_tcp_op *op = p3_tcp_mem_take(sizeof *op, 1);
  if (!op)
    return NULL;
  p3_pending_init(&op->op, kind, wake);
  op->sock = s;
  return op;
}

static void op_release(void *area) {
  struct p3_tcp_op *op = area;
  if (op->result.is_err)
    p3_errno_from_wasi(&op->result.val.err);
  free(op);
}

void p3_tcp_op_abandon(struct p3_tcp_op *op, const struct p3_end_type *type) {
  op->sock = NULL;
  int future = op->op.joined; /* read first: a kept area's record overlays op */
  int r = p3_pending_cancel(&op->op, type, NULL, op, (unsigned char *) &op->result, op_release);
  if (r == P3_KEPT)
    return; /* only subtasks are kept */
  if (future)
    p3_pending_detach(&op->op, type); /* a future end: dropped once nothing is in flight */
  if (r == P3_FINISHED && op->result.is_err)
    p3_errno_from_wasi(&op->result.val.err);
  p3_tcp_mem_give(op, sizeof *op);
}

void p3_tcp_fail(struct p3_tcp *s, int err) {
  if (!s->so_error)
    s->so_error = err;
  p3_file_changed(&s->file);
}

int p3_tcp_take_error(struct p3_tcp *s) {
  int e = s->so_error;
  s->so_error = 0;
  return e;
}
