/* send, sendto, sendmsg, sendmmsg and write/writev on UDP sockets: all one
 * gather into a datagram handed to the send machine. The POSIX entry
 * points are in sock/send.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>

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

/* Whether a is the connected peer's address. */
static int is_peer(const struct p3_udp *s, const p3_ipaddr *a) {
  p3_ipaddr peer;
  if (p3_addr_to_wasi((const struct sockaddr *) &s->peer, sizeof s->peer, s->family, &peer) < 0)
    return 0;
  return p3_addr_equal(a, &peer);
}

static ssize_t udp_send(struct p3_udp *s, const struct iovec *iov, int iovcnt, int flags,
                        const struct sockaddr *to, socklen_t tolen) {
  if (flags & MSG_OOB) {
    errno = EOPNOTSUPP;
    return -1;
  }
  size_t len;
  if (p3_iov_total(iov, iovcnt, &len) < 0)
    return -1;
  wasi_sockets_types_option_ip_socket_address_t dest = {0};
  if (to) { /* a NULL address means none, whatever tolen says */
    if (p3_sockaddr_in(s->family, to, tolen, P3_ADDR_SEND, &dest.val) < 0)
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
    dest.is_some = !s->connected || !is_peer(s, &dest.val);
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

ssize_t p3_udp_sendmsg(struct p3_file *f, const struct msghdr *msg, int flags) {
  return udp_send((struct p3_udp *) f, msg->msg_iov, msg->msg_iovlen, flags, msg->msg_name,
                  msg->msg_namelen);
}
