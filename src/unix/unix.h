/* AF_UNIX sockets, which a component has only as socketpair(): both ends
 * live in the component, and what one end sends waits in the other's
 * receive queue. They follow Linux's af_unix: SOCK_STREAM (bytes),
 * SOCK_DGRAM and SOCK_SEQPACKET (messages), shutdown flags that a
 * connected kind passes to its partner, and each end's SO_SNDBUF bounding
 * what it has sent and the partner has not yet read. */
#ifndef P3_UNIX_H
#define P3_UNIX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "fd/fd.h"
#include "pipe/queue.h"

/* Linux's sk_shutdown bits. */
#define P3_UNIX_RCV 1
#define P3_UNIX_SEND 2
#define P3_UNIX_BOTH 3

/* One write (stream) or message (datagram kinds) in a receive queue: its
 * bytes, and what it costs its sender against SO_SNDBUF. */
struct p3_unix_chunk {
  uint32_t len;
  uint32_t charge;
};

struct p3_unix {
  struct p3_file file;
  int type; /* SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET */
  /* The other end while it is open. */
  struct p3_unix *partner;
  /* Sends have a destination (Linux's unix_peer): a datagram end loses it
   * with connect(AF_UNSPEC) or once a send finds the partner closed. */
  int connected;
  unsigned shut; /* P3_UNIX_RCV, P3_UNIX_SEND */
  int so_error;
  struct p3_queue data;   /* the bytes received, all chunks end to end */
  struct p3_queue chunks; /* their struct p3_unix_chunk, in order */
  uint32_t front_used;    /* bytes of the first chunk already read (stream) */
  size_t charged;         /* the chunks' charges, owed by the partner */
  int sndbuf, rcvbuf;
  struct timeval rcvtimeo, sndtimeo;
};

/* How many chunks wait, and the first one (n > 0). */
size_t p3_unix_nchunks(const struct p3_unix *u);
struct p3_unix_chunk p3_unix_front(const struct p3_unix *u);

/* What a blocking call that cannot go on does: with O_NONBLOCK (or
 * MSG_DONTWAIT) EAGAIN; with a timeout, waits it out through the reactor
 * (nothing in the component can change the socket meanwhile) and says
 * EAGAIN, as Linux does once it expires; without one, EDEADLK at once,
 * since only this single-threaded component could ever end the wait. */
int p3_unix_cannot_wait(int nonblock, const struct timeval *timeo);

/* A datagram end gives up its destination (connect(AF_UNSPEC), or a
 * send that found the partner closed). */
void p3_unix_disconnect(struct p3_unix *u);

ssize_t p3_unix_read(struct p3_file *f, void *buf, size_t len, int nonblock);
ssize_t p3_unix_write(struct p3_file *f, const void *buf, size_t len, int nonblock);
ssize_t p3_unix_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
ssize_t p3_unix_writev(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
ssize_t p3_unix_sendmsg(struct p3_file *f, const struct msghdr *msg, int flags);
ssize_t p3_unix_recvmsg(struct p3_file *f, struct msghdr *msg, int flags);
int p3_unix_getsockopt(struct p3_file *f, int level, int name, void *val, socklen_t *len);
int p3_unix_setsockopt(struct p3_file *f, int level, int name, const void *val, socklen_t len);

#endif
