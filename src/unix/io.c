/* Sending and receiving on the ends of a socketpair. A send copies into
 * the partner's receive queue at once; what it may add is bounded by the
 * sender's SO_SNDBUF against what the partner has not read, each write or
 * message costing its bytes beyond 64 plus 768, which is what Linux
 * charges for a small one (so 278 one-byte messages fill the default
 * 212,992, as on Linux). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/un.h>

#include "reactor/reactor.h"
#include "rt/timeconv.h"
#include "unix/unix.h"

#define WAKE_IN (POLLIN | POLLRDNORM | POLLPRI | POLLRDBAND)
#define WAKE_OUT (POLLOUT | POLLWRNORM | POLLWRBAND)

static uint32_t charge(size_t len) {
  return (uint32_t) (768 + (len > 64 ? len - 64 : 0));
}

size_t p3_unix_nchunks(const struct p3_unix *u) {
  return u->chunks.bytes / sizeof(struct p3_unix_chunk);
}

struct p3_unix_chunk p3_unix_front(const struct p3_unix *u) {
  struct p3_unix_chunk ch;
  p3_queue_peek_at(&u->chunks, 0, &ch, sizeof ch);
  return ch;
}

int p3_unix_cannot_wait(int nonblock, const struct timeval *timeo) {
  if (!nonblock && !timeo->tv_sec && !timeo->tv_usec) {
    errno = EDEADLK;
    return -1;
  }
  if (!nonblock && timeo->tv_sec >= 0) {
    uint64_t deadline = p3_deadline_in(p3_ns_from_timeval(timeo));
    while (p3_reactor_wait(deadline) != P3_WAIT_TIMEOUT)
      ;
  }
  errno = EAGAIN;
  return -1;
}

/* Adds one chunk of n bytes from c to p's queue. */
static int enqueue(struct p3_unix *p, struct p3_iovcur *c, size_t n) {
  if (p3_queue_reserve(&p->data, n) < 0 ||
      p3_queue_reserve(&p->chunks, sizeof(struct p3_unix_chunk)) < 0)
    return -1;
  struct p3_unix_chunk ch = {(uint32_t) n, charge(n)};
  struct iovec hv = {&ch, sizeof ch};
  struct p3_iovcur hc = {&hv, 1, 0};
  p3_queue_append(&p->data, c, n);
  p3_queue_append(&p->chunks, &hc, sizeof ch);
  p->charged += ch.charge;
  return 0;
}

/* Takes the first chunk out of u's queue (its bytes already read). */
static void pop_chunk(struct p3_unix *u, struct p3_unix_chunk ch) {
  p3_queue_take(&u->chunks, NULL, sizeof ch, 0);
  u->charged -= ch.charge;
  u->front_used = 0;
}

void p3_unix_disconnect(struct p3_unix *u) {
  if (u->connected && p3_unix_nchunks(u)) {
    /* Linux drops what had come, and a partner still sending here hears
     * of it. */
    p3_queue_free(&u->data);
    p3_queue_free(&u->chunks);
    u->charged = 0;
    u->front_used = 0;
    if (u->partner && u->partner->connected) {
      u->partner->so_error = ECONNRESET;
      p3_file_changed(&u->partner->file);
    }
    p3_file_changed(&u->file);
  }
  u->connected = 0;
}

/* The error a destination address gets: no name can be bound in a
 * component, so a well-formed one names nobody, as Linux says of a path
 * that does not exist (ENOENT) or an abstract name no one holds. */
static int name_error(const struct sockaddr *addr, socklen_t alen) {
  if (alen > sizeof(struct sockaddr_storage))
    return EINVAL;
  if (!addr)
    return EFAULT;
  const struct sockaddr_un *su = (const struct sockaddr_un *) addr;
  if (alen <= offsetof(struct sockaddr_un, sun_path) || alen > sizeof *su ||
      su->sun_family != AF_UNIX)
    return EINVAL;
  return su->sun_path[0] ? ENOENT : ECONNREFUSED;
}

static ssize_t send_stream(struct p3_unix *u, struct p3_iovcur *c, size_t len, int nonblock) {
  if (u->shut & P3_UNIX_SEND) {
    errno = EPIPE; /* no SIGPIPE: a component has no signals */
    return -1;
  }
  size_t sent = 0, most = (size_t) u->sndbuf / 2 - 64; /* Linux's largest skb */
  struct p3_unix *p = u->partner;
  while (sent < len) {
    if (!p || (p->shut & P3_UNIX_RCV)) {
      if (sent)
        break;
      errno = EPIPE;
      return -1;
    }
    if (p->charged >= (size_t) u->sndbuf) {
      if (sent)
        break; /* a blocking write returns what went in: see README */
      return p3_unix_cannot_wait(nonblock, &u->sndtimeo);
    }
    size_t k = len - sent < most ? len - sent : most;
    if (enqueue(p, c, k) < 0) {
      if (sent)
        break;
      return -1;
    }
    sent += k;
  }
  if (sent)
    p3_file_changed_by(&p->file, WAKE_IN);
  return (ssize_t) sent;
}

static ssize_t send_record(struct p3_unix *u, struct p3_iovcur *c, size_t len, int nonblock) {
  if (len > (size_t) u->sndbuf - 32) {
    errno = EMSGSIZE;
    return -1;
  }
  if (u->so_error) {
    errno = u->so_error;
    u->so_error = 0;
    p3_file_changed(&u->file);
    return -1;
  }
  if (u->shut & P3_UNIX_SEND) {
    errno = EPIPE;
    return -1;
  }
  struct p3_unix *p = u->partner;
  if (p && p->charged >= (size_t) u->sndbuf)
    return p3_unix_cannot_wait(nonblock, &u->sndtimeo);
  if (!p) {
    /* The partner has closed: Linux refuses once and drops the peer. */
    p3_unix_disconnect(u);
    errno = u->type == SOCK_DGRAM ? ECONNREFUSED : EPIPE;
    return -1;
  }
  if (p->shut & P3_UNIX_RCV) {
    errno = EPIPE;
    return -1;
  }
  if (enqueue(p, c, len) < 0)
    return -1;
  p3_file_changed_by(&p->file, WAKE_IN);
  return (ssize_t) len;
}

/* Linux's checks in its order: the flags, the address, then the socket. */
static ssize_t do_send(struct p3_unix *u, const struct iovec *iov, int iovcnt, int flags,
                       const struct sockaddr *addr, socklen_t alen) {
  size_t len;
  if (p3_iov_total(iov, iovcnt, &len) < 0)
    return -1;
  if (flags & MSG_OOB) {
    errno = EOPNOTSUPP;
    return -1;
  }
  int nonblock = (flags & MSG_DONTWAIT) || (u->file.status_flags & O_NONBLOCK);
  struct p3_iovcur c = {iov, iovcnt, 0};
  if (u->type == SOCK_STREAM) {
    if (alen) {
      errno = EISCONN;
      return -1;
    }
    return send_stream(u, &c, len, nonblock);
  }
  if (u->type == SOCK_DGRAM && alen) {
    errno = name_error(addr, alen);
    return -1;
  }
  if (!u->connected) {
    errno = ENOTCONN;
    return -1;
  }
  return send_record(u, &c, len, nonblock);
}

/* Copies n bytes at byte offset at of u's data into c's buffers. */
static void peek_into(const struct p3_unix *u, struct p3_iovcur *c, size_t n) {
  size_t at = 0;
  while (n) {
    size_t left = c->iov->iov_len - c->off;
    if (!left) {
      c->iov++;
      c->off = 0;
      continue;
    }
    size_t k = left < n ? left : n;
    p3_queue_peek_at(&u->data, at, (char *) c->iov->iov_base + c->off, k);
    c->off += k;
    at += k;
    n -= k;
  }
}

static ssize_t recv_stream(struct p3_unix *u, struct p3_iovcur *c, size_t want, int flags,
                           int nonblock) {
  if (!u->data.bytes) {
    if (u->so_error) {
      errno = u->so_error;
      u->so_error = 0;
      p3_file_changed(&u->file);
      return -1;
    }
    if (u->shut & P3_UNIX_RCV)
      return 0;
    /* MSG_WAITALL with some bytes there returns them, as a wait that no
     * one could end would (see README). */
    return p3_unix_cannot_wait(nonblock, &u->rcvtimeo);
  }
  size_t n = want < u->data.bytes ? want : u->data.bytes;
  if (flags & MSG_PEEK) {
    p3_queue_take(&u->data, c, n, 1);
    return (ssize_t) n;
  }
  p3_queue_take(&u->data, c, n, 0);
  size_t left = n;
  int freed = 0;
  while (left) {
    struct p3_unix_chunk ch = p3_unix_front(u);
    size_t rest = ch.len - u->front_used;
    if (left < rest) {
      u->front_used += (uint32_t) left;
      break;
    }
    left -= rest;
    pop_chunk(u, ch);
    freed = 1;
  }
  /* Linux frees a write's charge when all of it has been read. */
  if (freed && u->partner)
    p3_file_changed_by(&u->partner->file, WAKE_OUT);
  return (ssize_t) n;
}

static ssize_t recv_record(struct p3_unix *u, struct p3_iovcur *c, size_t want, int flags,
                           int nonblock, int *msg_flags) {
  if (u->so_error) {
    errno = u->so_error;
    u->so_error = 0;
    p3_file_changed(&u->file);
    return -1;
  }
  if (!p3_unix_nchunks(u)) {
    /* After SHUT_RD, or once the partner of a SOCK_SEQPACKET end has
     * gone, Linux ends a wait with 0 (and SOCK_SEQPACKET says 0 without
     * waiting too). */
    if ((u->shut & P3_UNIX_RCV) && (!nonblock || u->type == SOCK_SEQPACKET))
      return 0;
    return p3_unix_cannot_wait(nonblock, &u->rcvtimeo);
  }
  struct p3_unix_chunk ch = p3_unix_front(u);
  size_t n = want < ch.len ? want : ch.len;
  if (ch.len > want)
    *msg_flags |= MSG_TRUNC;
  if (flags & MSG_PEEK) {
    peek_into(u, c, n);
  } else {
    p3_queue_take(&u->data, c, n, 0);
    p3_queue_take(&u->data, NULL, ch.len - n, 0); /* the rest of a long message goes */
    pop_chunk(u, ch);
    if (u->partner)
      p3_file_changed_by(&u->partner->file, WAKE_OUT);
  }
  return (ssize_t) (flags & MSG_TRUNC ? ch.len : n);
}

static ssize_t do_recv(struct p3_unix *u, const struct iovec *iov, int iovcnt, int flags,
                       int *msg_flags) {
  size_t want;
  if (p3_iov_total(iov, iovcnt, &want) < 0)
    return -1;
  if (flags & MSG_OOB) {
    errno = EOPNOTSUPP;
    return -1;
  }
  int nonblock = (flags & MSG_DONTWAIT) || (u->file.status_flags & O_NONBLOCK);
  struct p3_iovcur c = {iov, iovcnt, 0};
  *msg_flags = 0;
  if (u->type == SOCK_STREAM)
    return recv_stream(u, &c, want, flags, nonblock);
  return recv_record(u, &c, want, flags, nonblock, msg_flags);
}

static int check_msg(const struct msghdr *msg) {
  if (!msg) {
    errno = EFAULT;
    return -1;
  }
  if (msg->msg_iovlen > IOV_MAX) {
    errno = EMSGSIZE;
    return -1;
  }
  if (msg->msg_iovlen && !msg->msg_iov) {
    errno = EFAULT;
    return -1;
  }
  return 0;
}

ssize_t p3_unix_sendmsg(struct p3_file *f, const struct msghdr *msg, int flags) {
  if (check_msg(msg) < 0)
    return -1;
  if (msg->msg_controllen) {
    errno = EOPNOTSUPP; /* no descriptor passing (SCM_RIGHTS): see README */
    return -1;
  }
  return do_send((struct p3_unix *) f, msg->msg_iov, (int) msg->msg_iovlen, flags, msg->msg_name,
                 msg->msg_name ? msg->msg_namelen : 0);
}

ssize_t p3_unix_recvmsg(struct p3_file *f, struct msghdr *msg, int flags) {
  if (check_msg(msg) < 0)
    return -1;
  int mf;
  ssize_t n = do_recv((struct p3_unix *) f, msg->msg_iov, (int) msg->msg_iovlen, flags, &mf);
  if (n >= 0) {
    msg->msg_flags = mf;
    msg->msg_controllen = 0;
    if (msg->msg_name) /* the sender is unnamed: Linux reports no address */
      msg->msg_namelen = 0;
  }
  return n;
}

/* read and write: recv and send without flags; a read of nothing returns
 * 0 at once, as Linux's does for any socket. */
ssize_t p3_unix_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  size_t want;
  if (p3_iov_total(iov, iovcnt, &want) < 0)
    return -1;
  if (!want)
    return 0;
  int mf;
  return do_recv((struct p3_unix *) f, iov, iovcnt, nonblock ? MSG_DONTWAIT : 0, &mf);
}

ssize_t p3_unix_writev(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  return do_send((struct p3_unix *) f, iov, iovcnt, nonblock ? MSG_DONTWAIT : 0, NULL, 0);
}

ssize_t p3_unix_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  struct iovec iov = {buf, len};
  return p3_unix_readv(f, &iov, 1, nonblock);
}

ssize_t p3_unix_write(struct p3_file *f, const void *buf, size_t len, int nonblock) {
  struct iovec iov = {(void *) buf, len};
  return p3_unix_writev(f, &iov, 1, nonblock);
}
