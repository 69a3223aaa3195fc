/* recv, recvfrom, recvmsg, read and readv on TCP sockets: bytes out of the
 * receive buffer (the address arguments are ignored, as Linux does for a
 * connected stream). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "reactor/reactor.h"
#include "tcp/tcp.h"

/* Whether a receive would not block: bytes, the end, an error, or no
 * connection at all. */
static int can_recv(const struct p3_tcp *s) {
  return s->rx.len || s->rx.eof || s->so_error || s->shut_rd || s->state != TCP_CONNECTED;
}

/* Copies up to space bytes from the buffer's front into iov; returns the
 * count. */
static size_t scatter(struct p3_tcp *s, const struct iovec *iov, int iovcnt, size_t skip) {
  size_t avail = s->rx.len - skip, off = 0;
  const uint8_t *data = s->rx.buf + s->rx.head + skip;
  for (int i = 0; i < iovcnt && off < avail; i++) {
    size_t n = iov[i].iov_len < avail - off ? iov[i].iov_len : avail - off;
    if (n)
      memcpy(iov[i].iov_base, data + off, n);
    off += n;
  }
  p3_stats.bytes_copied += off;
  return off;
}

static ssize_t tcp_recv(struct p3_tcp *s, const struct iovec *iov, int iovcnt, int flags) {
  if (flags & MSG_OOB) {
    errno = EINVAL; /* no urgent data is ever there */
    return -1;
  }
  size_t space;
  if (p3_iov_total(iov, iovcnt, &space) < 0)
    return -1;
  if (s->state == TCP_FRESH || s->state == TCP_LISTENING ||
      (s->state == TCP_CONNECTING && !space)) {
    errno = ENOTCONN;
    return -1;
  }
  int nonblock = (s->file.status_flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
  int waitall = (flags & MSG_WAITALL) && !(flags & MSG_PEEK) && !nonblock;
  uint64_t deadline = 0;
  size_t got = 0; /* MSG_WAITALL: bytes already taken */
  int yielded = 0;
  for (;;) {
    if (s->rx.len) {
      struct iovec part[64];
      const struct iovec *v = iov;
      int vc = iovcnt;
      if (got) {
        /* The iovecs from where the last copy stopped. */
        size_t skip = got;
        int i = 0;
        while (i < iovcnt && skip >= iov[i].iov_len)
          skip -= iov[i++].iov_len;
        vc = 0;
        for (; i < iovcnt && vc < 64; i++, skip = 0)
          part[vc++] = (struct iovec) {(uint8_t *) iov[i].iov_base + skip, iov[i].iov_len - skip};
        v = part;
      }
      size_t n = scatter(s, v, vc, 0);
      if (!(flags & MSG_PEEK))
        p3_tcp_rx_consume(s, n);
      got += n;
      if (!waitall || got == space)
        return (ssize_t) got;
      continue;
    }
    if (!space)
      return 0;
    if (s->so_error) {
      if (got)
        return (ssize_t) got;
      errno = p3_tcp_take_error(s);
      return -1;
    }
    if (s->rx.eof || s->shut_rd || s->state == TCP_CLOSED)
      return (ssize_t) got; /* the end: 0, forever */
    if (nonblock) {
      /* Bytes may be with the host already: let it run once. */
      if (yielded++) {
        errno = EAGAIN;
        return -1;
      }
      p3_reactor_poll();
      continue;
    }
    if (!deadline)
      deadline = p3_deadline_from_timeval(&s->rcvtimeo);
    if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT && !can_recv(s)) {
      if (got)
        return (ssize_t) got;
      errno = EAGAIN;
      return -1;
    }
  }
}

ssize_t p3_tcp_recvmsg(struct p3_file *f, struct msghdr *msg, int flags) {
  ssize_t n = tcp_recv((struct p3_tcp *) f, msg->msg_iov, msg->msg_iovlen, flags);
  if (n >= 0)
    msg->msg_namelen = 0; /* a stream names no sender */
  return n;
}

ssize_t p3_tcp_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  return tcp_recv((struct p3_tcp *) f, iov, iovcnt, nonblock ? MSG_DONTWAIT : 0);
}

int p3_tcp_nread(struct p3_file *f, int *out) {
  struct p3_tcp *s = (struct p3_tcp *) f;
  if (s->state == TCP_LISTENING) {
    errno = EINVAL; /* as Linux */
    return -1;
  }
  *out = (int) s->rx.len;
  return 0;
}
