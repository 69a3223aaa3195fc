/* socket() for SOCK_DGRAM, the ops of a UDP socket, and its release on
 * close. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "udp/udp.h"

#define DEFAULT_BUF 212992 /* Linux's net.core.{r,w}mem_default */

static ssize_t udp_read(struct p3_file *f, void *buf, size_t len, int nonblock);
static ssize_t udp_write(struct p3_file *f, const void *buf, size_t len, int nonblock);
static int udp_close(struct p3_file *f);

static const struct p3_sock_ops udp_sock_ops = {
    .bind = p3_udp_bind,
    .connect = p3_udp_connect,
    .shutdown = p3_udp_shutdown,
    .getsockname = p3_udp_getsockname,
    .getpeername = p3_udp_getpeername,
    .getsockopt = p3_udp_getsockopt,
    .setsockopt = p3_udp_setsockopt,
    .sendmsg = p3_udp_sendmsg,
    .recvmsg = p3_udp_recvmsg,
};

const struct p3_file_ops p3_udp_ops = {
    .read = udp_read,
    .write = udp_write,
    .readv = p3_udp_readv,
    .writev = p3_udp_writev,
    .close = udp_close,
    .poll = p3_udp_poll,
    .nread = p3_udp_nread,
    .sock = &udp_sock_ops,
};

static ssize_t udp_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  struct iovec iov = {buf, len};
  return p3_udp_readv(f, &iov, 1, nonblock);
}

static ssize_t udp_write(struct p3_file *f, const void *buf, size_t len, int nonblock) {
  struct iovec iov = {(void *) buf, len};
  return p3_udp_writev(f, &iov, 1, nonblock);
}

wasi_sockets_types_borrow_udp_socket_t p3_udp_borrow(struct p3_udp *s) {
  return (wasi_sockets_types_borrow_udp_socket_t) {s->handle.__handle};
}

int p3_udp_open(int domain, int type, int protocol) {
  (void) protocol; /* 0 or IPPROTO_UDP: checked by socket() */
  struct p3_udp *s = calloc(1, sizeof *s);
  struct p3_rx *rx = calloc(1, sizeof *rx);
  if (!s || !rx) {
    free(s);
    free(rx);
    errno = ENOMEM;
    return -1;
  }
  p3_stats.allocs += 2;
  wasi_sockets_types_error_code_t err;
  if (!HOST(
          wasi_sockets_types_static_udp_socket_create(p3_wasi_family(domain), &s->handle, &err))) {
    int e = p3_errno_from_wasi(&err);
    free(s);
    free(rx);
    errno = e == EOPNOTSUPP ? EAFNOSUPPORT : e;
    return -1;
  }
  s->file.ops = &p3_udp_ops;
  s->file.status_flags = type & SOCK_NONBLOCK ? O_NONBLOCK : 0;
  s->family = domain;
  s->rx = rx;
  rx->sock = s;
  s->sndbuf = s->rcvbuf = DEFAULT_BUF;
  int fd = p3_fd_install(&s->file, !!(type & SOCK_CLOEXEC));
  if (fd < 0) {
    int e = errno;
    HOST(wasi_sockets_types_udp_socket_drop_own(s->handle));
    free(s);
    free(rx);
    errno = e;
  }
  return fd;
}

static int udp_close(struct p3_file *f) {
  struct p3_udp *s = (struct p3_udp *) f;
  /* Subtasks borrow the socket: they must be gone before it is dropped. */
  p3_udp_tx_close(s);
  p3_udp_rx_close(s);
  HOST(wasi_sockets_types_udp_socket_drop_own(s->handle));
  free(s);
  return 0;
}
