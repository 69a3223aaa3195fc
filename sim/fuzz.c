/* libFuzzer target: random sequences of POSIX calls (good and bad
 * arguments) against p3net on the simulated host, with the host's choices
 * (complete now or later, which event first, cancel races, injected send
 * failures) drawn from the same input. Checked besides the sanitizers:
 *  - every call returns a value in its range, or -1 with an errno it may give;
 *  - a datagram reaches only the socket it was addressed to, intact, never
 *    twice and never out of order (per sender), never after its socket was
 *    closed; recvfrom names its sender; MSG_PEEK shows what recv then takes;
 *  - pipes, eventfds, timerfds and socketpair ends (and their dups) take
 *    any sequence of reads, writes, sends and receives; a blocking one
 *    that could never complete fails (EDEADLK), none hangs;
 *  - after each input every descriptor is closed and the host holds no
 *    handle beyond the reactor's set and timer (else the run traps).
 * Build and run: scripts/sim-fuzz.sh [SECONDS] (see sim/README.md). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

/* ---- the input ---- */
static const uint8_t *in_p;
static size_t in_n;

static unsigned u8(void) {
  if (!in_n)
    return 0;
  in_n--;
  return *in_p++;
}
static unsigned pick(unsigned n) {
  return n ? u8() % n : 0;
}
static int host_choice(void) {
  return (int) u8();
}

#define FAIL(...)                                                                                  \
  do {                                                                                             \
    fprintf(stderr, "fuzz invariant: " __VA_ARGS__);                                               \
    fprintf(stderr, "\n");                                                                         \
    abort();                                                                                       \
  } while (0)

/* ---- the model ---- */
#define SLOTS 6
#define MAXGEN 1024
#define MAGIC 0x70336e74u

struct slot {
  int fd;   /* -1: empty */
  int kind; /* 1 udp, 2 epoll, 3 in the component (pipe, eventfd, timerfd, socketpair), 4 tcp */
  int family;
  uint32_t gen;       /* this socket's identity within the input */
  uint32_t bound_at;  /* op number when its port became known (0: not yet) */
  uint16_t port;      /* its port, network order, once known */
  uint32_t peer_gen;  /* the socket it is connected to (0: none or unknown) */
  uint16_t peer_port; /* that socket's port then */
  int peeked;         /* a MSG_PEEK showed seq peek_seq next */
  uint32_t peek_seq;
};

struct hdr {
  uint32_t magic, src_gen, dst_gen, seq, op, len;
  uint16_t src_port, pad; /* the sender's port when it sent (0: unknown yet) */
};

static struct slot slots[SLOTS];
static uint32_t gens, seq_counter, op_no;
static uint32_t last_seq[SLOTS][MAXGEN]; /* per receiver slot, per sender gen */

/* What the inputs exercised, printed at exit with P3SIM_FUZZ_STATS=1. */
static int fuzz_trace;
static unsigned long st_ops, st_sent, st_checked, st_peeked, st_errors, st_inputs;

static void print_stats(void) {
  fprintf(stderr,
          "fuzz: %lu inputs, %lu calls, %lu datagrams sent, %lu checked on arrival "
          "(%lu peeks), %lu calls failed with an errno\n",
          st_inputs, st_ops, st_sent, st_checked, st_peeked, st_errors);
}

static int errno_in(int e, const int *ok, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (ok[i] == e)
      return 1;
  return 0;
}

/* Every errno a socket call may legitimately give here. */
static const int sock_errnos[] = {
    EBADF,           ENOTSOCK, EINVAL,     EFAULT,       EAGAIN,   EAFNOSUPPORT, EADDRINUSE,
    EADDRNOTAVAIL,   EISCONN,  ENOTCONN,   EDESTADDRREQ, EMSGSIZE, EOPNOTSUPP,   ECONNREFUSED,
    EHOSTUNREACH,    ENOMEM,   EACCES,     EIO,          EPIPE,    ENOPROTOOPT,  EPROTONOSUPPORT,
    ESOCKTNOSUPPORT, ENOBUFS,  EDOM,       EEXIST,       ENOENT,   ENOTTY,       EPERM,
    ENETUNREACH,     EMFILE,   ECONNRESET, ETIMEDOUT,    ESPIPE,   EINPROGRESS,  EALREADY,
    ECONNABORTED,    EDEADLK,  EBUSY};

static void check_ret(const char *what, long r, long max) {
  st_errors += r == -1;
  if (r == -1) {
    if (!errno_in(errno, sock_errnos, sizeof sock_errnos / sizeof *sock_errnos))
      FAIL("%s: unexpected errno %d (%s)", what, errno, strerror(errno));
  } else if (r < 0 || r > max) {
    FAIL("%s returned %ld (max %ld)", what, r, max);
  }
}

static struct slot *slot_of_fd(int fd) {
  for (int i = 0; i < SLOTS; i++)
    if (slots[i].fd == fd && fd >= 0)
      return &slots[i];
  return NULL;
}

static int any_fd(void) {
  unsigned c = u8();
  if (c < 200)
    return slots[c % SLOTS].fd; /* may be -1: EBADF */
  return (int) (c % 24) - 3;    /* stdio, strangers, negatives */
}

static int udp_slot(void) {
  unsigned c = pick(SLOTS);
  for (int i = 0; i < SLOTS; i++) {
    struct slot *s = &slots[(c + (unsigned) i) % SLOTS];
    if (s->fd >= 0 && s->kind == 1)
      return (int) ((c + (unsigned) i) % SLOTS);
  }
  return -1;
}

/* Reads the socket's port back (bind, connect and a first send set it; a
 * disconnect may release one the socket got implicitly). */
static void learn_port(struct slot *s) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (getsockname(s->fd, (struct sockaddr *) &ss, &len) < 0)
    FAIL("getsockname on a live socket: %s", strerror(errno));
  uint16_t port = ss.ss_family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                          : ((struct sockaddr_in6 *) &ss)->sin6_port;
  if (port != s->port) {
    s->port = port;
    s->bound_at = port ? op_no : 0;
  }
}

static socklen_t loopback(int family, uint16_t port, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  if (family == AF_INET) {
    struct sockaddr_in *a = (struct sockaddr_in *) ss;
    a->sin_family = AF_INET;
    a->sin_port = port;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof *a;
  }
  struct sockaddr_in6 *a = (struct sockaddr_in6 *) ss;
  a->sin6_family = AF_INET6;
  a->sin6_port = port;
  a->sin6_addr.s6_addr[15] = 1;
  return sizeof *a;
}

/* An address to send or connect to: mostly a live socket of the same
 * family, sometimes nonsense. Sets *dst_gen to the socket it names. */
static socklen_t target(int family, struct sockaddr_storage *ss, uint32_t *dst_gen) {
  *dst_gen = 0;
  unsigned c = u8();
  if (c < 190) {
    int i = udp_slot();
    if (i >= 0 && slots[i].port && slots[i].family == family) {
      *dst_gen = slots[i].gen;
      return loopback(family, slots[i].port, ss);
    }
    return loopback(family, htons(9), ss); /* discard port: nobody there */
  }
  socklen_t len = loopback(c & 1 ? AF_INET : AF_INET6, (uint16_t) (c * 257), ss);
  if (c & 2)
    ss->ss_family = AF_UNSPEC;
  if (c & 4)
    len = (socklen_t) (c % 40);
  return len;
}

/* n bytes of a datagram of full bytes (-1: unknown) arrived at s. */
static void check_datagram(struct slot *s, const uint8_t *buf, ssize_t n, ssize_t full,
                           const struct sockaddr_storage *from, socklen_t flen, int peek) {
  if (!peek && n < (ssize_t) sizeof(struct hdr))
    s->peeked = 0; /* the peeked datagram was taken, unseen */
  if (n < (ssize_t) sizeof(struct hdr))
    return; /* truncated or not ours: nothing to check */
  struct hdr h;
  memcpy(&h, buf, sizeof h);
  if (h.magic != MAGIC) {
    s->peeked = 0;
    return; /* a stranger's datagram (another test on loopback) */
  }
  if (full >= 0 && h.len != (uint32_t) full)
    FAIL("datagram seq %u: length %zd, sent %u", h.seq, full, h.len);
  if (n > (ssize_t) h.len)
    FAIL("datagram seq %u: %zd bytes received, %u sent", h.seq, n, h.len);
  for (ssize_t i = sizeof h; i < n; i++)
    if (buf[i] != (uint8_t) (h.seq + (uint32_t) i))
      FAIL("datagram seq %u: byte %zd corrupted", h.seq, i);
  /* Addressed elsewhere, to a socket that was not this one, and this one
   * already owned its port when it was sent: delivered to the wrong socket
   * (e.g. a closed socket's datagram reaching its successor). */
  if (h.dst_gen && h.dst_gen != s->gen && s->bound_at && s->bound_at < h.op)
    FAIL("datagram seq %u for socket #%u arrived at socket #%u", h.seq, h.dst_gen, s->gen);
  if (from && flen && h.src_port) {
    uint16_t port = from->ss_family == AF_INET ? ((const struct sockaddr_in *) from)->sin_port
                                               : ((const struct sockaddr_in6 *) from)->sin6_port;
    if (port != h.src_port)
      FAIL("datagram seq %u from socket #%u: recvfrom says port %u, want %u", h.seq, h.src_gen,
           ntohs(port), ntohs(h.src_port));
  }
  int si = (int) (s - slots);
  st_checked++;
  st_peeked += peek;
  if (peek) {
    if (s->peeked && s->peek_seq != h.seq)
      FAIL("two peeks disagree: seq %u then %u", s->peek_seq, h.seq);
    s->peeked = 1;
    s->peek_seq = h.seq;
    return;
  }
  if (s->peeked && s->peek_seq != h.seq)
    FAIL("MSG_PEEK showed seq %u, recv took seq %u", s->peek_seq, h.seq);
  s->peeked = 0;
  if (h.src_gen < MAXGEN) {
    if (h.seq <= last_seq[si][h.src_gen])
      FAIL("socket #%u: seq %u from #%u after seq %u (duplicate or reordered)", s->gen, h.seq,
           h.src_gen, last_seq[si][h.src_gen]);
    last_seq[si][h.src_gen] = h.seq;
  }
}

static void close_slot(struct slot *s) {
  int r = close(s->fd);
  check_ret("close", r, 0);
  if (r)
    FAIL("close of a live fd failed: %s", strerror(errno));
  int si = (int) (s - slots);
  memset(last_seq[si], 0, sizeof last_seq[si]);
  s->fd = -1;
  s->kind = 0;
}

static void op_socket(void) {
  int i = (int) pick(SLOTS);
  struct slot *s = &slots[i];
  if (s->fd >= 0)
    close_slot(s);
  unsigned c = u8();
  int family = c & 1 ? AF_INET6 : AF_INET;
  int type = SOCK_DGRAM | (c & 2 ? SOCK_NONBLOCK : 0) | (c & 4 ? SOCK_CLOEXEC : 0);
  if ((c & 0xf0) == 0xf0)
    type = (int) (c >> 1); /* nonsense type */
  int fd = socket(family, type, c & 8 ? IPPROTO_UDP : 0);
  check_ret("socket", fd, 65535);
  if (fd < 0)
    return;
  if (slot_of_fd(fd))
    FAIL("socket returned fd %d, which is still open", fd);
  memset(s, 0, sizeof *s);
  s->fd = fd;
  s->kind = 1;
  s->family = family;
  s->gen = ++gens;
  /* No call may block long: 1 ms receive and send timeouts. */
  struct timeval tv = {0, 1000};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) ||
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv))
    FAIL("SO_RCVTIMEO on a fresh socket: %s", strerror(errno));
}

static void op_bind(void) {
  int i = udp_slot();
  if (i < 0)
    return;
  struct slot *s = &slots[i];
  struct sockaddr_storage ss;
  socklen_t len = loopback(s->family, 0, &ss);
  unsigned c = u8();
  if (c > 230)
    len = (socklen_t) (c % 32);
  else if (c > 220)
    ss.ss_family = (sa_family_t) (c % 12);
  int r = bind(s->fd, (struct sockaddr *) &ss, len);
  check_ret("bind", r, 0);
  if (!r)
    learn_port(s);
}

static void op_connect(void) {
  int i = udp_slot();
  if (i < 0)
    return;
  struct slot *s = &slots[i];
  struct sockaddr_storage ss;
  uint32_t g;
  socklen_t len = target(s->family, &ss, &g);
  int r = connect(s->fd, (struct sockaddr *) &ss, len);
  check_ret("connect", r, 0);
  if (!r) {
    s->peer_gen = g; /* 0 after a disconnect (AF_UNSPEC) or for a stranger */
    s->peer_port = ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *) &ss)->sin6_port
                                            : ((struct sockaddr_in *) &ss)->sin_port;
    learn_port(s);
  }
}

static size_t fill(uint8_t *buf, size_t cap, const struct slot *src, uint32_t dst_gen) {
  size_t len = sizeof(struct hdr) + pick(64) * (u8() & 1 ? 1 : 37);
  if (len > cap)
    len = cap;
  struct hdr h = {MAGIC, src->gen, dst_gen, ++seq_counter, op_no, (uint32_t) len, src->port, 0};
  memcpy(buf, &h, sizeof h);
  for (size_t k = sizeof h; k < len; k++)
    buf[k] = (uint8_t) (h.seq + (uint32_t) k);
  return len;
}

static int send_flags(void) {
  static const int f[] = {0, 0, 0, MSG_DONTWAIT, MSG_NOSIGNAL, MSG_OOB, MSG_MORE, MSG_CONFIRM};
  return f[pick(sizeof f / sizeof *f)];
}

static void op_send(int how) {
  int i = udp_slot();
  if (i < 0)
    return;
  struct slot *s = &slots[i];
  static uint8_t buf[4096];
  struct sockaddr_storage ss;
  uint32_t g = 0;
  socklen_t len = 0;
  int with_addr = how == 0 || how == 2;
  if (with_addr)
    len = target(s->family, &ss, &g);
  else /* send() and write() go to the connected peer, if it still owns its port */
    for (int k = 0; k < SLOTS; k++)
      if (s->peer_gen && slots[k].fd >= 0 && slots[k].gen == s->peer_gen &&
          slots[k].port == s->peer_port)
        g = s->peer_gen;
  size_t n = fill(buf, sizeof buf, s, g);
  int flags = send_flags();
  ssize_t r;
  if (how == 2) {
    struct iovec iov[3] = {{buf, 5}, {buf + 5, 0}, {buf + 5, n - 5}};
    struct msghdr mh = {0};
    mh.msg_name = &ss;
    mh.msg_namelen = len;
    mh.msg_iov = iov;
    mh.msg_iovlen = 3;
    r = sendmsg(s->fd, &mh, flags);
  } else if (how == 3) {
    r = write(s->fd, buf, n);
  } else if (with_addr) {
    r = sendto(s->fd, buf, n, flags, (struct sockaddr *) &ss, len);
  } else {
    r = send(s->fd, buf, n, flags);
  }
  check_ret("send", r, (long) n);
  if (fuzz_trace)
    fprintf(stderr,
            "fuzz:   send(how %d) fd %d -> #%u len %zu flags %#x -> %zd (errno %d) seq %u\n", how,
            s->fd, g, n, flags, r, r < 0 ? errno : 0, seq_counter);
  if (r >= 0 && r != (ssize_t) n)
    FAIL("a datagram send returned %zd of %zu", r, n);
  st_sent += r >= 0;
  if (r >= 0 && !s->port)
    learn_port(s); /* a first send binds */
}

static int recv_flags(void) {
  static const int f[] = {0,
                          0,
                          MSG_DONTWAIT,
                          MSG_PEEK,
                          MSG_TRUNC,
                          MSG_PEEK | MSG_DONTWAIT,
                          MSG_TRUNC | MSG_DONTWAIT,
                          MSG_WAITALL,
                          MSG_OOB,
                          MSG_ERRQUEUE};
  return f[pick(sizeof f / sizeof *f)];
}

static void op_recv(int how) {
  int i = udp_slot();
  if (i < 0)
    return;
  struct slot *s = &slots[i];
  static uint8_t buf[70000];
  size_t cap = u8() < 40 ? pick(30) : sizeof buf;
  int flags = recv_flags();
  struct sockaddr_storage from;
  socklen_t flen = sizeof from;
  memset(&from, 0, sizeof from);
  ssize_t r;
  int trunc = 0;
  if (how == 1) {
    struct iovec iov[2] = {{buf, cap / 2}, {buf + cap / 2, cap - cap / 2}};
    struct msghdr mh = {0};
    mh.msg_name = &from;
    mh.msg_namelen = flen;
    mh.msg_iov = iov;
    mh.msg_iovlen = 2;
    r = recvmsg(s->fd, &mh, flags);
    flen = mh.msg_namelen;
    trunc = (mh.msg_flags & MSG_TRUNC) != 0;
  } else if (how == 2) {
    r = read(s->fd, buf, cap);
    flen = 0;
    flags = 0;
  } else {
    r = recvfrom(s->fd, buf, cap, flags, (struct sockaddr *) &from, &flen);
  }
  check_ret("recv", r, 70000);
  if (fuzz_trace) {
    uint32_t seq = 0;
    if (r >= (ssize_t) sizeof(struct hdr))
      memcpy(&seq, buf + offsetof(struct hdr, seq), sizeof seq);
    fprintf(stderr, "fuzz:   recv(how %d) fd %d cap %zu flags %#x -> %zd (errno %d) seq %u\n", how,
            s->fd, cap, flags, r, r < 0 ? errno : 0, seq);
  }
  if (r < 0)
    return;
  ssize_t got = (flags & MSG_TRUNC) && r > (ssize_t) cap ? (ssize_t) cap : r;
  /* The datagram's full length, when the call says it. */
  ssize_t full = (flags & MSG_TRUNC) ? r
                 : how == 1          ? (trunc ? -1 : r)
                                     : (cap == sizeof buf ? r : -1);
  if (!(flags & MSG_TRUNC) && r > (ssize_t) cap)
    FAIL("recv returned %zd into %zu bytes", r, cap);
  check_datagram(s, buf, got, full, flen ? &from : NULL, flen, (flags & MSG_PEEK) != 0);
}

/* ---- TCP: connections between the input's own sockets ----
 * No delivery model here: the sanitizers, the errno and return checks,
 * and the end-of-input handle check judge what the calls do to p3net's
 * TCP machines (buffers, stream and future ends, cancels at close). */
static int tcp_slot(void) {
  unsigned c = pick(SLOTS);
  for (int i = 0; i < SLOTS; i++) {
    struct slot *s = &slots[(c + (unsigned) i) % SLOTS];
    if (s->fd >= 0 && s->kind == 4)
      return (int) ((c + (unsigned) i) % SLOTS);
  }
  return -1;
}

static void tcp_take(struct slot *s, int fd, int family) {
  memset(s, 0, sizeof *s);
  s->fd = fd;
  s->kind = 4;
  s->family = family;
  s->gen = ++gens;
  /* No call may block long: 1 ms timeouts, and SO_LINGER bounds a close
   * whose peer never reads. */
  struct timeval tv = {0, 1000};
  struct linger l = {1, 1};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) ||
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) ||
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l))
    FAIL("timeouts on a fresh TCP socket: %s", strerror(errno));
}

/* A free slot (closing what is in a random one if none is). */
static struct slot *free_slot(void) {
  for (int k = 0; k < SLOTS; k++)
    if (slots[k].fd < 0)
      return &slots[k];
  struct slot *s = &slots[pick(SLOTS)];
  close_slot(s);
  return s;
}

/* A listener, a client connected to it and the accepted end, in three
 * slots: the states the other TCP operations then work on. */
static void tcp_pair(int family) {
  struct slot *l = free_slot();
  int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  check_ret("tcp socket", fd, 65535);
  if (fd < 0)
    return;
  tcp_take(l, fd, family);
  check_ret("listen", listen(fd, 4), 0);
  learn_port(l);
  struct slot *c = free_slot();
  if (c == l)
    return;
  int cfd = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  check_ret("tcp socket", cfd, 65535);
  if (cfd < 0)
    return;
  tcp_take(c, cfd, family);
  struct sockaddr_storage ss;
  socklen_t len = loopback(family, l->port, &ss);
  check_ret("tcp connect", connect(cfd, (struct sockaddr *) &ss, len), 0);
  struct pollfd p = {l->fd, POLLIN, 0};
  poll(&p, 1, 100);
  int afd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK);
  check_ret("accept", afd, 65535);
  if (afd < 0)
    return;
  struct slot *a = free_slot();
  if (a == l || a == c) {
    close(afd);
    return;
  }
  tcp_take(a, afd, family);
}

static void op_tcp(void) {
  unsigned c = u8();
  if (c % 8 == 0 && (c & 64)) {
    tcp_pair(c & 8 ? AF_INET6 : AF_INET);
    return;
  }
  if (c % 8 == 0) { /* a new socket in a slot */
    int i = (int) pick(SLOTS);
    if (slots[i].fd >= 0)
      close_slot(&slots[i]);
    int family = c & 8 ? AF_INET6 : AF_INET;
    int fd = socket(family, SOCK_STREAM | (c & 16 ? SOCK_NONBLOCK : 0), c & 32 ? IPPROTO_TCP : 0);
    check_ret("tcp socket", fd, 65535);
    if (fd >= 0)
      tcp_take(&slots[i], fd, family);
    return;
  }
  int i = tcp_slot();
  if (i < 0)
    return;
  struct slot *s = &slots[i];
  static uint8_t buf[8192];
  long r = 0;
  switch (c % 8) {
  case 1: { /* bind to loopback, or listen (implicit bind) */
    if (c & 8) {
      r = listen(s->fd, (int) pick(8));
      check_ret("listen", r, 0);
    } else {
      struct sockaddr_storage ss;
      socklen_t len = loopback(s->family, 0, &ss);
      r = bind(s->fd, (struct sockaddr *) &ss, (c & 16) ? len : (socklen_t) pick(32));
      check_ret("tcp bind", r, 0);
    }
    if (!r)
      learn_port(s);
    break;
  }
  case 2: { /* connect to another TCP slot's port (a listener, mostly) */
    int j = tcp_slot();
    struct sockaddr_storage ss;
    socklen_t len = loopback(s->family, j >= 0 ? slots[j].port : (uint16_t) (c * 131), &ss);
    r = connect(s->fd, (struct sockaddr *) &ss, len);
    check_ret("tcp connect", r, 0);
    break;
  }
  case 3: { /* accept into a free slot */
    struct sockaddr_storage ss;
    socklen_t len = (c & 8) ? sizeof ss : (socklen_t) pick(40);
    int fd = accept4(s->fd, (c & 16) ? (struct sockaddr *) &ss : NULL, (c & 16) ? &len : NULL,
                     c & 32 ? SOCK_NONBLOCK : 0);
    check_ret("accept", fd, 65535);
    if (fd < 0)
      break;
    int k;
    for (k = 0; k < SLOTS && slots[k].fd >= 0; k++)
      ;
    if (k == SLOTS) {
      close(fd);
      break;
    }
    tcp_take(&slots[k], fd, s->family);
    break;
  }
  case 4: { /* send bytes */
    size_t n = pick(64) * (c & 8 ? 128 : 1);
    if (n > sizeof buf)
      n = sizeof buf;
    memset(buf, (int) c, n);
    r = c & 16 ? write(s->fd, buf, n) : send(s->fd, buf, n, send_flags() | MSG_NOSIGNAL);
    check_ret("tcp send", r, (long) n);
    break;
  }
  case 5: { /* receive bytes */
    size_t n = c & 8 ? sizeof buf : pick(40);
    static const int f[] = {0, MSG_DONTWAIT, MSG_PEEK, MSG_WAITALL, MSG_PEEK | MSG_DONTWAIT};
    r = c & 16 ? read(s->fd, buf, n) : recv(s->fd, buf, n, f[pick(5)]);
    check_ret("tcp recv", r, (long) n);
    break;
  }
  case 6: /* shut a side down */
    r = shutdown(s->fd, (int) pick(4));
    check_ret("tcp shutdown", r, 0);
    break;
  default: { /* options and readiness */
    int v = (int) pick(3);
    socklen_t len = sizeof v;
    static const int names[] = {SO_ERROR, SO_KEEPALIVE, SO_RCVBUF, SO_ACCEPTCONN};
    int name = names[pick(4)];
    r = c & 8 ? setsockopt(s->fd, SOL_SOCKET, name, &v, sizeof v)
              : getsockopt(s->fd, SOL_SOCKET, name, &v, &len);
    check_ret("tcp sockopt", r, 0);
    int n = -1;
    check_ret("tcp FIONREAD", ioctl(s->fd, FIONREAD, &n), 0);
    break;
  }
  }
}

static void op_poll(void) {
  struct pollfd p[SLOTS + 1];
  nfds_t n = 0;
  for (int i = 0; i < SLOTS; i++)
    if (u8() & 1) {
      p[n].fd = slots[i].fd;
      p[n].events = (short) (u8() & 0x3f);
      p[n].revents = (short) 0x5555; /* must be overwritten */
      n++;
    }
  p[n].fd = any_fd();
  p[n].events = POLLIN | POLLOUT;
  n++;
  int r = poll(p, n, (int) pick(3));
  check_ret("poll", r, (long) n);
  int ready = 0;
  for (nfds_t k = 0; k < n; k++) {
    if (p[k].revents & ~(p[k].events | POLLERR | POLLHUP | POLLNVAL))
      FAIL("poll: revents %#x beyond events %#x", p[k].revents, p[k].events);
    ready += p[k].revents != 0;
  }
  if (r >= 0 && r != ready)
    FAIL("poll returned %d, %d entries have revents", r, ready);
}

static void op_epoll(void) {
  unsigned c = u8();
  if (c < 40) {
    int i = (int) pick(SLOTS);
    struct slot *s = &slots[i];
    if (s->fd >= 0)
      close_slot(s);
    int fd = epoll_create1(c & 1 ? EPOLL_CLOEXEC : 0);
    check_ret("epoll_create1", fd, 65535);
    if (fd >= 0) {
      memset(s, 0, sizeof *s);
      s->fd = fd;
      s->kind = 2;
      s->gen = ++gens;
    }
    return;
  }
  int ep = -1;
  for (int i = 0; i < SLOTS && ep < 0; i++)
    if (slots[(i + (int) c) % SLOTS].kind == 2)
      ep = slots[(i + (int) c) % SLOTS].fd;
  if (c & 1)
    ep = any_fd();
  if (c < 160) {
    static const uint32_t ev[] = {EPOLLIN,
                                  EPOLLOUT,
                                  EPOLLIN | EPOLLET,
                                  EPOLLIN | EPOLLONESHOT,
                                  EPOLLIN | EPOLLOUT | EPOLLET,
                                  EPOLLRDHUP | EPOLLIN,
                                  0,
                                  0xffffffffu};
    struct epoll_event e = {.events = ev[pick(8)], .data.u64 = u8()};
    int op = 1 + (int) pick(3), fd = any_fd();
    int r = epoll_ctl(ep, op, fd, u8() < 10 ? NULL : &e);
    /* ELOOP only where Linux gives it: adding an epoll set to another
     * would close a cycle (or nest too deep). */
    struct slot *t = slot_of_fd(fd);
    if (r == -1 && errno == ELOOP && op == EPOLL_CTL_ADD && t && t->kind == 2)
      return;
    check_ret("epoll_ctl", r, 0);
  } else {
    struct epoll_event out[4];
    int max = (int) pick(5);
    int r = epoll_wait(ep, out, max ? max : 1, (int) pick(3));
    check_ret("epoll_wait", r, max ? max : 1);
  }
}

static void op_misc(void) {
  int fd = any_fd();
  unsigned c = u8();
  long r;
  int v = (int) u8(), one = 1;
  socklen_t len = sizeof v;
  if (fuzz_trace)
    fprintf(stderr, "fuzz:   misc %u fd %d\n", c % 12, fd);
  switch (c % 12) {
  case 0:
    r = fcntl(fd, F_SETFL, v & 1 ? O_NONBLOCK : 0);
    break;
  case 1:
    r = fcntl(fd, F_GETFL);
    if (r != -1)
      r = r & O_NONBLOCK ? 1 : 0;
    break;
  case 2:
    r = ioctl(fd, FIONREAD, &v);
    if (!r && v < 0)
      FAIL("FIONREAD %d", v);
    break;
  case 3:
    r = ioctl(fd, FIONBIO, &one);
    break;
  case 4:
    r = shutdown(fd, (int) (c >> 4) % 4);
    break;
  case 5:
    v = (int) (u8() * 64);
    r = setsockopt(fd, SOL_SOCKET, c & 16 ? SO_SNDBUF : SO_RCVBUF, &v, sizeof v);
    break;
  case 6:
    r = getsockopt(fd, SOL_SOCKET, SO_ERROR, &v, &len);
    break;
  case 7: {
    struct sockaddr_storage ss;
    socklen_t sl = (socklen_t) (u8() % 140);
    r = c & 16 ? getsockname(fd, (struct sockaddr *) &ss, &sl)
               : getpeername(fd, (struct sockaddr *) &ss, &sl);
    break;
  }
  case 8: {
    struct timespec ts = {0, (long) pick(1000) * 1000};
    r = nanosleep(&ts, NULL);
    break;
  }
  case 9:
    v = (int) pick(300) - 20;
    r = setsockopt(fd, IPPROTO_IP, IP_TTL, &v, sizeof v);
    break;
  case 10: {
    struct slot *s = slot_of_fd(fd);
    if (s && s->fd > 2) {
      close_slot(s);
      return;
    }
    r = fd > 2 && fd < 64 && !slot_of_fd(fd) ? close(fd) : 0; /* a stranger: EBADF */
    break;
  }
  default: {
    struct mmsghdr mm[3];
    static uint8_t b[3][64];
    struct iovec iov[3];
    memset(mm, 0, sizeof mm);
    for (int k = 0; k < 3; k++) {
      iov[k] = (struct iovec) {b[k], sizeof b[k]};
      mm[k].msg_hdr.msg_iov = &iov[k];
      mm[k].msg_hdr.msg_iovlen = 1;
    }
    struct timespec ts = {0, 1000000};
    r = recvmmsg(fd, mm, 1 + pick(3), MSG_DONTWAIT | (c & 16 ? MSG_WAITFORONE : 0), &ts);
    if (fuzz_trace)
      fprintf(stderr, "fuzz:   recvmmsg fd %d -> %ld\n", fd, r);
    if (r > 0) {
      struct slot *s = slot_of_fd(fd);
      for (long k = 0; s && k < r; k++)
        check_datagram(s, b[k], mm[k].msg_len,
                       mm[k].msg_hdr.msg_flags & MSG_TRUNC ? -1 : (ssize_t) mm[k].msg_len, NULL, 0,
                       0);
    }
    break;
  }
  }
  check_ret("misc", r, 1 << 30);
}

/* A slot for a new in-component descriptor (closing what was there). */
static struct slot *fresh_slot(int i, int fd) {
  struct slot *s = &slots[i];
  if (slot_of_fd(fd))
    FAIL("fd %d handed out while still open", fd);
  memset(s, 0, sizeof *s);
  s->fd = fd;
  s->kind = 3;
  s->gen = ++gens;
  return s;
}

static int local_fd(void) {
  unsigned c = pick(SLOTS);
  for (int i = 0; i < SLOTS; i++)
    if (slots[(c + (unsigned) i) % SLOTS].kind == 3)
      return slots[(c + (unsigned) i) % SLOTS].fd;
  return any_fd();
}

/* Creates or uses a pipe, eventfd, timerfd or socketpair end. */
static void op_local(void) {
  unsigned c = u8();
  int fl = (c & 0x40 ? O_NONBLOCK : 0) | (c & 0x80 ? O_CLOEXEC : 0);
  if (c % 8 < 3) {
    int i = (int) pick(SLOTS), j = (i + 1 + (int) pick(SLOTS - 1)) % SLOTS;
    if (slots[i].fd >= 0)
      close_slot(&slots[i]);
    if (slots[j].fd >= 0)
      close_slot(&slots[j]);
    int fds[2], r;
    unsigned k = u8();
    if (c % 8 == 0) {
      r = pipe2(fds, fl);
      check_ret("pipe2", r, 0);
    } else if (c % 8 == 1) {
      static const int types[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET};
      r = socketpair(AF_UNIX, types[k % 3] | (fl & O_NONBLOCK ? SOCK_NONBLOCK : 0), 0, fds);
      check_ret("socketpair", r, 0);
      struct timeval tv = {0, 1000};
      if (!r && (k & 4))
        for (int e = 0; e < 2; e++)
          if (setsockopt(fds[e], SOL_SOCKET, k & 8 ? SO_RCVTIMEO : SO_SNDTIMEO, &tv, sizeof tv))
            FAIL("SO_RCVTIMEO on a socketpair end: %s", strerror(errno));
    } else {
      fds[0] = eventfd(u8(), fl | (k & 1 ? EFD_SEMAPHORE : 0));
      fds[1] = timerfd_create(CLOCK_MONOTONIC, fl);
      check_ret("eventfd", fds[0], 65535);
      check_ret("timerfd_create", fds[1], 65535);
      r = fds[0] < 0 || fds[1] < 0 ? -1 : 0;
      for (int e = 0; r && e < 2; e++)
        if (fds[e] >= 0)
          close(fds[e]);
      if (!r) {
        struct itimerspec its = {{0, (long) pick(3) * 1000000}, {0, 1 + (long) pick(3) * 1000000}};
        check_ret("timerfd_settime", timerfd_settime(fds[1], 0, &its, NULL), 0);
      }
    }
    if (!r) {
      fresh_slot(i, fds[0]);
      fresh_slot(j, fds[1]);
    }
    return;
  }
  int fd = local_fd();
  struct slot *at = slot_of_fd(fd);
  if (fd <= 2 || (at && at->kind != 3))
    return; /* not stdio, nor sockets whose datagrams are checked */
  static uint8_t buf[70000];
  size_t len = c & 0x20 ? pick(70000) : pick(9);
  long r;
  switch (c % 8) {
  case 3:
    r = write(fd, buf, len);
    break;
  case 4:
    r = read(fd, buf, len);
    break;
  case 5:
    r = u8() & 1 ? send(fd, buf, len, MSG_DONTWAIT | (c & 0x10 ? MSG_NOSIGNAL : 0))
                 : recv(fd, buf, len, MSG_DONTWAIT | (c & 0x10 ? MSG_PEEK : 0));
    break;
  case 6: {
    int i = (int) pick(SLOTS), d;
    struct slot *src = slot_of_fd(fd);
    if (!src || src->kind != 3)
      return; /* dups of UDP sockets would confuse the datagram checks */
    if (slots[i].fd >= 0 && slots[i].fd != fd)
      close_slot(&slots[i]);
    if (slots[i].fd == fd)
      return;
    d = dup(fd);
    check_ret("dup", d, 65535);
    if (d >= 0)
      fresh_slot(i, d);
    return;
  }
  default: {
    unsigned k = u8();
    if (k & 1) {
      r = fcntl(fd, F_SETPIPE_SZ, (int) pick(300000));
    } else {
      struct itimerspec its;
      r = timerfd_gettime(fd, &its);
    }
    break;
  }
  }
  check_ret("in-component call", r, 1 << 30);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  in_p = data;
  in_n = size;
  memset(slots, 0, sizeof slots);
  for (int i = 0; i < SLOTS; i++)
    slots[i].fd = -1;
  memset(last_seq, 0, sizeof last_seq);
  gens = seq_counter = op_no = 0;

  unsigned cfg = u8();
  static const enum p3sim_mode modes[] = {MODE_IMMEDIATE, MODE_DELAYED, MODE_RANDOM, MODE_JCO};
  p3sim_init();
  p3sim_trap_aborts = 1; /* libFuzzer keeps the input of a trap */
  p3sim_pol.mode = modes[cfg & 3];
  /* p3net reads P3NET_HOST once to learn whether its host writes after a
   * cancel, and the host shows "jco" there only if the run started in jco
   * mode: every input of a run must keep to what p3net was told, or a
   * conforming p3net would meet jco's late writes (or the reverse). */
  if (p3sim_pol.says_jco)
    p3sim_pol.mode = MODE_JCO;
  else if (p3sim_pol.mode == MODE_JCO)
    p3sim_pol.mode = MODE_RANDOM;
  p3sim_choice_hook = (cfg & 2) ? host_choice : NULL;
  p3sim_pol.fail_send_pct = cfg & 4 ? 20 : 0;

  if (!st_inputs++) {
    if (getenv("P3SIM_FUZZ_STATS"))
      atexit(print_stats);
    fuzz_trace = getenv("P3SIM_FUZZ_TRACE") != NULL;
  }
  for (int ops = 0; in_n && ops < 200; ops++) {
    op_no++;
    st_ops++;
    unsigned op = u8();
    if (fuzz_trace)
      fprintf(stderr, "fuzz: op %u (%u), %zu bytes left\n", op % 17, op, in_n);
    switch (op % 17) {
    case 0:
    case 1:
      op_socket();
      break;
    case 2:
    case 3:
      op_bind();
      break;
    case 4:
      op_connect();
      break;
    case 5:
    case 6:
      op_send(0);
      break;
    case 7:
      op_send(1 + (int) pick(3));
      break;
    case 8:
    case 9:
      op_recv(0);
      break;
    case 10:
      op_recv(1 + (int) pick(2));
      break;
    case 11:
      op_poll();
      break;
    case 12:
    case 13:
      op_epoll();
      break;
    case 14:
      op_misc();
      break;
    case 15:
      op_local();
      break;
    default:
      op_tcp();
      break;
    }
  }
  /* The end: every descriptor closed, the host holds nothing of ours. */
  for (int i = 0; i < SLOTS; i++)
    if (slots[i].fd >= 0)
      close_slot(&slots[i]);
  p3sim_choice_hook = NULL;
  p3sim_pol.mode = MODE_IMMEDIATE;
  p3sim_pol.fail_send_pct = 0;
  if (p3sim_count_leaks())
    p3sim_trap("host handles leaked after an input (listed above)");
  return 0;
}
