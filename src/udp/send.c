/* send, sendto, sendmsg, sendmmsg and write/writev on UDP sockets: all one
 * gather into a datagram handed to the send machine. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>

#include "fd/sock.h"
#include "udp/udp.h"

#define MAX_V4 65507 /* 65535 - IPv4 header - UDP header */
#define MAX_V6 65527 /* 65535 - UDP header (payload length excludes the IPv6 header) */

/* A datagram gathered from several iovecs. The host has read it before a
 * send returns, so one buffer serves every socket. */
static uint8_t gather_buf[MAX_V6];

/* Linux's rule: a send may go out while the bytes in flight are below
 * SO_SNDBUF, whatever its own length (the queue may overshoot by one
 * datagram), and POLLOUT holds below half of it (udp/poll.c), so POLLOUT
 * always promises that the next send goes through. */
static int has_room(const struct p3_udp *s) {
  return s->tx_bytes < (uint32_t) s->sndbuf;
}

/* Waits until the send queue has room. */
static int wait_room(struct p3_udp *s, int nonblock) {
  uint64_t deadline = 0;
  while (!has_room(s)) {
    if (nonblock) {
      p3_reactor_poll();
      if (has_room(s))
        return 0;
      errno = EAGAIN;
      return -1;
    }
    if (!deadline)
      deadline = p3_deadline_from_timeval(&s->sndtimeo);
    if (p3_reactor_wait(deadline) == P3_WAIT_TIMEOUT && !has_room(s)) {
      errno = EAGAIN;
      return -1;
    }
  }
  return 0;
}

static ssize_t udp_send(struct p3_udp *s, const struct iovec *iov, int iovcnt, int flags,
                        const struct sockaddr *to, socklen_t tolen) {
  if (flags & MSG_OOB) {
    errno = EOPNOTSUPP;
    return -1;
  }
  size_t len;
  if (p3_udp_iov_total(iov, iovcnt, &len) < 0)
    return -1;
  wasi_sockets_types_option_ip_socket_address_t dest = {0};
  if (to) { /* a NULL address means none, whatever tolen says */
    if (p3_udp_sockaddr(s, to, tolen, P3_ADDR_SEND, &dest.val) < 0)
      return -1;
    /* Port 0 is no destination (EINVAL). Checked here: the host's answer
     * may come only after sendto has returned. */
    if (!(dest.val.tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4 ? dest.val.val.ipv4.port
                                                                    : dest.val.val.ipv6.port)) {
      errno = EINVAL;
      return -1;
    }
    /* The host takes no address on a connected socket unless it is the
     * peer's; then sending without one is the same thing. */
    dest.is_some = !s->connected || !p3_udp_is_peer(s, &dest.val);
    if (s->connected && dest.is_some) {
      /* Linux would send there; wasi:sockets refuses while connected, and
       * stepping out of the connection would lose a port bound as 0. */
      errno = EISCONN;
      return -1;
    }
  } else if (!s->connected) {
    errno = EDESTADDRREQ;
    return -1;
  }
  if (s->so_error) {
    errno = s->so_error;
    s->so_error = 0;
    return -1;
  }
  if (s->shut_wr) {
    errno = EPIPE;
    return -1;
  }
  if (len > (s->family == AF_INET ? MAX_V4 : MAX_V6)) {
    errno = EMSGSIZE;
    return -1;
  }
  int nonblock = (s->file.status_flags & O_NONBLOCK) || (flags & MSG_DONTWAIT);
  if (wait_room(s, nonblock) < 0)
    return -1;
  const void *data = iovcnt ? iov[0].iov_base : NULL;
  if (iovcnt > 1) {
    size_t off = 0;
    for (int i = 0; i < iovcnt; i++) {
      if (iov[i].iov_len)
        memcpy(gather_buf + off, iov[i].iov_base, iov[i].iov_len);
      off += iov[i].iov_len;
    }
    data = gather_buf;
  }
  if (p3_udp_tx_send(s, data, len, &dest) < 0)
    return -1;
  return (ssize_t) len;
}

ssize_t p3_udp_writev(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  return udp_send((struct p3_udp *) f, iov, iovcnt, nonblock ? MSG_DONTWAIT : 0, NULL, 0);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr,
               socklen_t alen) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->sendto(o, buf, len, flags, addr, alen);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s)
    return -1;
  if (len && !buf) {
    errno = EFAULT;
    return -1;
  }
  struct iovec iov = {(void *) buf, len};
  return udp_send(s, &iov, 1, flags, addr, alen);
}

ssize_t send(int fd, const void *buf, size_t len, int flags) {
  return sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  struct p3_file *o = p3_sock_other(fd);
  if (o)
    return o->ops->sock->sendmsg(o, msg, flags);
  struct p3_udp *s = p3_udp_get(fd);
  if (!s)
    return -1;
  if (p3_udp_check_msghdr(msg) < 0)
    return -1;
  return udp_send(s, msg->msg_iov, msg->msg_iovlen, flags, msg->msg_name, msg->msg_namelen);
}

int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags) {
  if (!p3_sock_other(fd) && !p3_udp_get(fd)) /* sendmsg hands other kinds over */
    return -1;
  if (vlen && !vec) {
    errno = EFAULT;
    return -1;
  }
  if (vlen > 1024)
    vlen = 1024; /* UIO_MAXIOV, as Linux caps it */
  unsigned int i;
  for (i = 0; i < vlen; i++) {
    ssize_t n = sendmsg(fd, &vec[i].msg_hdr, flags);
    if (n < 0)
      break;
    vec[i].msg_len = (unsigned int) n;
  }
  return i ? (int) i : (vlen ? -1 : 0);
}
