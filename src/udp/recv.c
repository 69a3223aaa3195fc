/* recv, recvfrom, recvmsg, recvmmsg and read/readv on UDP sockets: all one
 * scatter of the waiting datagram into the caller's buffers. The POSIX
 * entry points are in sock/recv.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "host/buf.h"
#include "udp/udp.h"

/* Flags a UDP receive understands; Linux ignores the others. */
#define RECV_OOB MSG_OOB

/* Waits until a datagram or an error is there. 0, or -1 with errno. */
static int wait_readable(struct p3_udp *s, int nonblock) {
  uint64_t deadline = 0;
  for (;;) {
    if (s->so_error || s->rx->state == RX_READY)
      return 0;
    p3_udp_rx_start(s);
    if (s->rx->state == RX_READY)
      return 0;
    if (s->shut_rd && !nonblock)
      return 1; /* Linux: a blocking read after SHUT_RD ends at once with 0 */
    if (nonblock) {
      /* A receive may have finished in the host without our hearing of it
       * yet: yield and take what is there before saying EAGAIN. */
      p3_reactor_poll();
      if (s->so_error || s->rx->state == RX_READY)
        return 0;
      errno = EAGAIN;
      return -1;
    }
    if (!deadline)
      deadline = p3_deadline_from_timeval(&s->rcvtimeo);
    if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT && s->rx->state != RX_READY && !s->so_error) {
      errno = EAGAIN;
      return -1;
    }
  }
}

static size_t scatter(const struct iovec *iov, int iovcnt, const uint8_t *data, size_t len) {
  size_t off = 0;
  for (int i = 0; i < iovcnt && off < len; i++) {
    size_t n = iov[i].iov_len < len - off ? iov[i].iov_len : len - off;
    if (n)
      memcpy(iov[i].iov_base, data + off, n);
    off += n;
  }
  return off;
}

/* The one receive path. *msg_flags gets MSG_TRUNC when the datagram did not
 * fit. Returns bytes (or the datagram's length with MSG_TRUNC in flags). */
static ssize_t udp_recv(struct p3_udp *s, const struct iovec *iov, int iovcnt, int flags,
                        struct sockaddr *from, socklen_t *fromlen, int *msg_flags) {
  if (flags & RECV_OOB) {
    errno = EOPNOTSUPP;
    return -1;
  }
  if (flags & MSG_ERRQUEUE) {
    errno = EAGAIN; /* no ICMP error queue on wasip3 */
    return -1;
  }
  size_t space;
  if (p3_iov_total(iov, iovcnt, &space) < 0)
    return -1;
  int nonblock = (s->file.status_flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
  int w = wait_readable(s, nonblock);
  if (w < 0)
    return -1;
  if (w > 0) {
    if (fromlen)
      *fromlen = 0;
    return 0;
  }
  if (s->so_error) {
    errno = s->so_error;
    s->so_error = 0;
    return -1;
  }
  struct p3_rx *rx = s->rx;
  p3_recv_result *r = &rx->result;
  if (r->is_err) {
    errno = p3_udp_rx_take_error(s);
    return -1;
  }
  command_list_u8_t data = r->val.ok.f0;
  size_t copied = scatter(iov, iovcnt, data.ptr, data.len < space ? data.len : space);
  if (from && fromlen)
    p3_addr_from_wasi(&r->val.ok.f1, from, fromlen);
  if (msg_flags && data.len > copied)
    *msg_flags |= MSG_TRUNC;
  ssize_t ret = (flags & MSG_TRUNC) ? (ssize_t) data.len : (ssize_t) copied;
  if (!(flags & MSG_PEEK)) {
    p3_buf_recycle(data.ptr, data.len);
    rx->state = RX_IDLE;
    /* The next receive starts when the next call needs it (udp/rx.c: a
     * reply that arrives meanwhile is then taken in one host call), except
     * under epoll, which hears of arrivals only from a receive in flight.
     * A datagram that receive finds at once was already queued: as on
     * Linux, that is no new edge for EPOLLET, so no notification here. */
    if (s->file.watches)
      p3_udp_rx_start(s);
  }
  return ret;
}

ssize_t p3_udp_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  struct p3_udp *s = (struct p3_udp *) f;
  return udp_recv(s, iov, iovcnt, nonblock ? MSG_DONTWAIT : 0, NULL, NULL, NULL);
}

ssize_t p3_udp_recvmsg(struct p3_file *f, struct msghdr *msg, int flags) {
  socklen_t *namelen = msg->msg_name ? &msg->msg_namelen : NULL;
  return udp_recv((struct p3_udp *) f, msg->msg_iov, msg->msg_iovlen, flags, msg->msg_name, namelen,
                  &msg->msg_flags);
}
