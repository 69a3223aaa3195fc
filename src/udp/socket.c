/* socket() for SOCK_DGRAM and what every UDP call needs: finding the socket
 * behind an fd, and releasing it on close. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "udp/udp.h"

#define DEFAULT_BUF 212992 /* Linux's net.core.{r,w}mem_default */

static ssize_t udp_read(struct p3_file *f, void *buf, size_t len, int nonblock);
static ssize_t udp_write(struct p3_file *f, const void *buf, size_t len, int nonblock);
ssize_t p3_udp_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
ssize_t p3_udp_writev(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
static int udp_close(struct p3_file *f);

const struct p3_file_ops p3_udp_ops = {
    .read = udp_read,
    .write = udp_write,
    .readv = p3_udp_readv,
    .writev = p3_udp_writev,
    .close = udp_close,
    .poll = p3_udp_poll,
};

static ssize_t udp_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  struct iovec iov = {buf, len};
  return p3_udp_readv(f, &iov, 1, nonblock);
}

static ssize_t udp_write(struct p3_file *f, const void *buf, size_t len, int nonblock) {
  struct iovec iov = {(void *) buf, len};
  return p3_udp_writev(f, &iov, 1, nonblock);
}

struct p3_udp *p3_udp_get(int fd) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return NULL;
  if (f->ops != &p3_udp_ops) {
    errno = ENOTSOCK;
    return NULL;
  }
  return (struct p3_udp *) f;
}

wasi_sockets_types_borrow_udp_socket_t p3_udp_borrow(struct p3_udp *s) {
  return (wasi_sockets_types_borrow_udp_socket_t) {s->handle.__handle};
}

int socket(int domain, int type, int protocol) {
  if (domain != AF_INET && domain != AF_INET6) {
    /* AF_UNIX included: a component has it only as socketpair (unix/). */
    errno = EAFNOSUPPORT;
    return -1;
  }
  int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (kind == SOCK_SEQPACKET) {
    errno = ESOCKTNOSUPPORT; /* as Linux for IP */
    return -1;
  }
  if (kind == SOCK_STREAM || kind == SOCK_RAW) {
    errno = EPROTONOSUPPORT; /* TCP is not in p3net yet; raw sockets never */
    return -1;
  }
  if (kind != SOCK_DGRAM || protocol < 0 || protocol >= 256) {
    errno = EINVAL;
    return -1;
  }
  if (protocol != 0 && protocol != IPPROTO_UDP) {
    errno = EPROTONOSUPPORT;
    return -1;
  }
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
  uint8_t fam = domain == AF_INET ? WASI_SOCKETS_TYPES_IP_ADDRESS_FAMILY_IPV4
                                  : WASI_SOCKETS_TYPES_IP_ADDRESS_FAMILY_IPV6;
  if (!HOST(wasi_sockets_types_static_udp_socket_create(fam, &s->handle, &err))) {
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
