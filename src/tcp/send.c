/* send, sendto, sendmsg, write and writev on TCP sockets: bytes into the
 * send ring. A nonblocking send takes what fits and says EAGAIN only when
 * nothing does; a blocking one returns once all is queued. */
#include <errno.h>
#include <fcntl.h>

#include "reactor/reactor.h"
#include "tcp/tcp.h"

static ssize_t tcp_send(struct p3_tcp *s, const struct iovec *iov, int iovcnt, int flags) {
  if (flags & MSG_OOB) {
    errno = EOPNOTSUPP;
    return -1;
  }
  size_t total;
  if (p3_iov_total(iov, iovcnt, &total) < 0)
    return -1;
  int nonblock = (s->file.status_flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
  uint64_t deadline = 0;
  size_t done = 0;
  int i = 0;
  size_t off = 0; /* into iov[i] */
  int yielded = 0;
  for (;;) {
    if (s->so_error) {
      if (done)
        return (ssize_t) done;
      errno = p3_tcp_take_error(s);
      return -1;
    }
    if (s->state == TCP_CONNECTING) {
      /* Linux waits for the connection (a nonblocking send: EAGAIN). */
      if (nonblock) {
        errno = EAGAIN;
        return -1;
      }
      if (!deadline)
        deadline = p3_deadline_from_timeval(&s->sndtimeo);
      if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT && s->state == TCP_CONNECTING) {
        errno = EAGAIN;
        return -1;
      }
      continue;
    }
    if (s->state != TCP_CONNECTED) {
      errno = EPIPE; /* Linux, for a socket with no connection at all too */
      return -1;
    }
    if (s->tx.broken && s->tx.fut && !s->tx.told && !s->shut_wr) {
      /* Broken, the reason not yet known: the host may tell the reset a
       * moment after it stopped taking bytes (jco does). */
      p3_tcp_tx_await_reason(s, nonblock);
      continue;
    }
    if (s->shut_wr || s->tx.broken) {
      errno = EPIPE; /* no SIGPIPE exists here: EPIPE is the whole answer */
      return -1;
    }
    while (i < iovcnt && p3_tcp_tx_room(s)) {
      size_t n = p3_tcp_tx_queue(s, (const uint8_t *) iov[i].iov_base + off, iov[i].iov_len - off);
      off += n;
      done += n;
      if (off == iov[i].iov_len)
        i++, off = 0;
    }
    p3_tcp_tx_flush(s);
    if (done == total)
      return (ssize_t) done;
    if (nonblock) {
      if (done)
        return (ssize_t) done;
      /* The host may have taken bytes meanwhile: let it run once. */
      if (yielded++) {
        errno = EAGAIN;
        return -1;
      }
      p3_reactor_poll();
      continue;
    }
    if (!deadline)
      deadline = p3_deadline_from_timeval(&s->sndtimeo);
    if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT && !p3_tcp_tx_room(s)) {
      if (done)
        return (ssize_t) done;
      errno = EAGAIN;
      return -1;
    }
  }
}

ssize_t p3_tcp_sendmsg(struct p3_file *f, const struct msghdr *msg, int flags) {
  return tcp_send((struct p3_tcp *) f, msg->msg_iov, msg->msg_iovlen, flags);
}

ssize_t p3_tcp_writev(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  return tcp_send((struct p3_tcp *) f, iov, iovcnt, nonblock ? MSG_DONTWAIT : 0);
}
