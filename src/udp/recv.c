/* recv, recvfrom, recvmsg, recvmmsg and read/readv on UDP sockets: all one
 * scatter of the waiting datagram into the caller's buffers. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "fd/sock.h"
#include "host/buf.h"
#include "rt/timeconv.h"
#include "udp/udp.h"

/* Flags a UDP receive understands; Linux ignores the others. */
#define RECV_OOB MSG_OOB

uint64_t p3_deadline_from_timeval(const struct timeval *tv) {
  if (!tv->tv_sec && !tv->tv_usec)
    return UINT64_MAX;
  /* Saturating: a huge timeout is a deadline never reached, and a negative
   * one (setsockopt keeps it as {-1, 0}) is now. */
  return p3_deadline_in(p3_ns_from_timeval(tv));
}

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
  if (p3_udp_iov_total(iov, iovcnt, &space) < 0)
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
    /* A datagram the next receive finds at once was already queued: as on
     * Linux, that is no new edge for EPOLLET, so no notification here. */
    p3_udp_rx_start(s);
  }
  return ret;
}

ssize_t p3_udp_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  struct p3_udp *s = (struct p3_udp *) f;
  return udp_recv(s, iov, iovcnt, nonblock ? MSG_DONTWAIT : 0, NULL, NULL, NULL);
}

ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
                 struct sockaddr *__restrict addr, socklen_t *__restrict alen) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->recvfrom(o, buf, len, flags, addr, alen);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s)
    return -1;
  if (len && !buf) {
    errno = EFAULT;
    return -1;
  }
  if (addr && !alen) {
    errno = EFAULT;
    return -1;
  }
  if (addr && (int) *alen < 0) {
    errno = EINVAL;
    return -1;
  }
  struct iovec iov = {buf, len};
  return udp_recv(s, &iov, 1, flags, addr, addr ? alen : NULL, NULL);
}

ssize_t recv(int fd, void *buf, size_t len, int flags) {
  return recvfrom(fd, buf, len, flags, NULL, NULL);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->recvmsg(o, msg, flags);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s)
    return -1;
  if (p3_udp_check_msghdr(msg) < 0)
    return -1;
  msg->msg_flags = 0;
  socklen_t *namelen = msg->msg_name ? &msg->msg_namelen : NULL;
  ssize_t n =
      udp_recv(s, msg->msg_iov, msg->msg_iovlen, flags, msg->msg_name, namelen, &msg->msg_flags);
  if (n >= 0) {
    if (!msg->msg_name)
      msg->msg_namelen = 0;
    msg->msg_controllen = 0; /* no ancillary data on wasip3 */
  }
  return n;
}

int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout) {
  if (!p3_sock_other(fd) && !p3_udp_get(fd)) /* recvmsg hands other kinds over */
    return -1;
  if (vlen && !vec) {
    errno = EFAULT;
    return -1;
  }
  if (vlen > 1024)
    vlen = 1024; /* UIO_MAXIOV, as Linux caps it */
  uint64_t deadline = UINT64_MAX;
  if (timeout) {
    if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000) {
      errno = EINVAL;
      return -1;
    }
    deadline = p3_deadline_in(p3_ns_from_timespec(timeout));
  }
  unsigned int i;
  for (i = 0; i < vlen; i++) {
    /* After the first datagram MSG_WAITFORONE turns the rest nonblocking. */
    int f = (i && (flags & MSG_WAITFORONE)) ? flags | MSG_DONTWAIT : flags;
    f &= ~MSG_WAITFORONE;
    ssize_t n = recvmsg(fd, &vec[i].msg_hdr, f);
    if (n < 0)
      break;
    vec[i].msg_len = (unsigned int) n;
    if (deadline != UINT64_MAX && p3_now() >= deadline) {
      i++;
      break;
    }
  }
  /* vlen 0 asks for nothing and gets 0; otherwise a batch that took none
   * fails with the first receive's errno. */
  return i || !vlen ? (int) i : -1;
}
