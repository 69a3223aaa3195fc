/* socketpair(AF_UNIX) and what an end is besides its data: readiness,
 * shutdown, close, names, and the calls a pair of connected, unnamed
 * sockets refuses. socket(AF_UNIX) itself is refused (udp/socket.c): a
 * component has no name space in which one end could find another. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "fd/sock.h"
#include "host/host.h"
#include "unix/unix.h"

#define DEFAULT_BUF 212992 /* Linux's net.core.{w,r}mem_default */

static unsigned unix_poll(struct p3_file *f) {
  struct p3_unix *u = (struct p3_unix *) f;
  unsigned ev = 0;
  if (u->so_error)
    ev |= POLLERR;
  if (u->shut == P3_UNIX_BOTH)
    ev |= POLLHUP;
  if (u->shut & P3_UNIX_RCV)
    ev |= POLLRDHUP | POLLIN | POLLRDNORM;
  if (p3_unix_nchunks(u))
    ev |= POLLIN | POLLRDNORM;
  /* Linux: writable while what this end has sent and the partner has not
   * read is at most a quarter of SO_SNDBUF. */
  size_t sent = u->partner ? u->partner->charged : 0;
  if (sent <= (size_t) u->sndbuf / 4)
    ev |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return ev;
}

static int unix_nread(struct p3_file *f, int *out) {
  struct p3_unix *u = (struct p3_unix *) f;
  size_t n = u->type == SOCK_STREAM ? u->data.bytes
             : p3_unix_nchunks(u)   ? p3_unix_front(u).len
                                    : 0; /* Linux: the next message's length */
  *out = n > INT_MAX ? INT_MAX : (int) n;
  return 0;
}

static int unix_close(struct p3_file *f) {
  struct p3_unix *u = (struct p3_unix *) f;
  struct p3_unix *p = u->partner;
  if (p) {
    p->partner = NULL;
    if (p->type != SOCK_DGRAM) {
      /* A connected kind ends for the partner: end of file, EPIPE, and
       * ECONNRESET if this end leaves bytes unread, as Linux says. */
      p->shut = P3_UNIX_BOTH;
      if (u->data.bytes || p3_unix_nchunks(u))
        p->so_error = ECONNRESET;
    }
    p3_file_changed(&p->file);
  }
  p3_queue_free(&u->data);
  p3_queue_free(&u->chunks);
  free(u);
  return 0;
}

static int unix_shutdown(struct p3_file *f, int how) {
  struct p3_unix *u = (struct p3_unix *) f;
  if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR) {
    errno = EINVAL;
    return -1;
  }
  unsigned mode = (unsigned) how + 1; /* SHUT_RD: P3_UNIX_RCV, SHUT_WR: P3_UNIX_SEND */
  u->shut |= mode;
  struct p3_unix *p = u->partner;
  if (p && u->type != SOCK_DGRAM) {
    /* Linux passes it on: what one end will not send, the other will not
     * receive, and the reverse. */
    p->shut |= (mode & P3_UNIX_RCV ? P3_UNIX_SEND : 0) | (mode & P3_UNIX_SEND ? P3_UNIX_RCV : 0);
    p3_file_changed(&p->file);
  }
  p3_file_changed(&u->file);
  return 0;
}

/* An unnamed socket's address: the family alone, as Linux gives it. */
static int put_unnamed(struct sockaddr *addr, socklen_t *len) {
  if (!addr || !len) {
    errno = EFAULT;
    return -1;
  }
  if ((int) *len < 0) {
    errno = EINVAL;
    return -1;
  }
  sa_family_t fam = AF_UNIX;
  memcpy(addr, &fam, *len < sizeof fam ? *len : sizeof fam);
  *len = sizeof fam;
  return 0;
}

static int unix_getsockname(struct p3_file *f, struct sockaddr *addr, socklen_t *len) {
  (void) f;
  return put_unnamed(addr, len);
}

static int unix_getpeername(struct p3_file *f, struct sockaddr *addr, socklen_t *len) {
  if (!((struct p3_unix *) f)->connected) {
    errno = ENOTCONN;
    return -1;
  }
  return put_unnamed(addr, len);
}

/* EINVAL or EFAULT for an address Linux would not read as AF_UNIX; 0 for
 * a well-formed one. */
static int bad_address(const struct sockaddr *addr, socklen_t len) {
  if (len > sizeof(struct sockaddr_storage))
    return EINVAL;
  if (!addr && len)
    return EFAULT;
  const struct sockaddr_un *su = (const struct sockaddr_un *) addr;
  if (len <= offsetof(struct sockaddr_un, sun_path) || len > sizeof *su ||
      su->sun_family != AF_UNIX)
    return EINVAL;
  return 0;
}

/* A declared difference: Linux binds a name (a path, an abstract name, or
 * one it picks), but a component has no name space to publish it in. */
static int unix_bind(struct p3_file *f, const struct sockaddr *addr, socklen_t len) {
  (void) f;
  int e = len == offsetof(struct sockaddr_un, sun_path) && addr && addr->sa_family == AF_UNIX
              ? 0
              : bad_address(addr, len);
  errno = e ? e : EADDRNOTAVAIL;
  return -1;
}

/* connect can name no one: Linux's answer for a path that does not exist
 * (ENOENT) or an abstract name nobody holds (ECONNREFUSED). A datagram end
 * may disconnect with AF_UNSPEC. */
static int unix_connect(struct p3_file *f, const struct sockaddr *addr, socklen_t len) {
  struct p3_unix *u = (struct p3_unix *) f;
  if (u->type == SOCK_DGRAM) {
    if (len > sizeof(struct sockaddr_storage) || len < sizeof(sa_family_t)) {
      errno = EINVAL;
      return -1;
    }
    if (!addr) {
      errno = EFAULT;
      return -1;
    }
    if (addr->sa_family == AF_UNSPEC) {
      p3_unix_disconnect(u);
      return 0;
    }
  }
  int e = bad_address(addr, len);
  if (!e)
    e = ((const struct sockaddr_un *) addr)->sun_path[0] ? ENOENT : ECONNREFUSED;
  errno = e;
  return -1;
}

/* A socketpair end is unbound and not listening: Linux says EINVAL, or
 * EOPNOTSUPP for a datagram socket. */
static int unix_listen(struct p3_file *f, int backlog) {
  (void) backlog;
  errno = ((struct p3_unix *) f)->type == SOCK_DGRAM ? EOPNOTSUPP : EINVAL;
  return -1;
}

static int unix_accept4(struct p3_file *f, struct sockaddr *addr, socklen_t *len, int flags) {
  (void) addr;
  (void) len;
  errno = flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)      ? EINVAL
          : ((struct p3_unix *) f)->type == SOCK_DGRAM ? EOPNOTSUPP
                                                       : EINVAL;
  return -1;
}

static const struct p3_sock_ops sock_ops = {
    .bind = unix_bind,
    .connect = unix_connect,
    .listen = unix_listen,
    .accept4 = unix_accept4,
    .shutdown = unix_shutdown,
    .getsockname = unix_getsockname,
    .getpeername = unix_getpeername,
    .getsockopt = p3_unix_getsockopt,
    .setsockopt = p3_unix_setsockopt,
    .sendmsg = p3_unix_sendmsg,
    .recvmsg = p3_unix_recvmsg,
};

static const struct p3_file_ops file_ops = {
    .read = p3_unix_read,
    .write = p3_unix_write,
    .readv = p3_unix_readv,
    .writev = p3_unix_writev,
    .close = unix_close,
    .poll = unix_poll,
    .nread = unix_nread,
    .sock = &sock_ops,
};

static struct p3_unix *end_new(int kind, int status) {
  struct p3_unix *u = calloc(1, sizeof *u);
  if (!u)
    return NULL;
  p3_stats.allocs++;
  u->file.ops = &file_ops;
  u->file.status_flags = status;
  u->type = kind;
  u->connected = 1;
  u->sndbuf = u->rcvbuf = DEFAULT_BUF;
  return u;
}

#define SOCK_TYPE_MASK 0xf
#define SOCK_MAX 11

/* Linux's checks in its order: the flags, the result array, the family,
 * the type's range, the protocol, then the type itself. */
int socketpair(int domain, int type, int protocol, int sv[2]) {
  int kind = type & SOCK_TYPE_MASK, flags = type & ~SOCK_TYPE_MASK;
  if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) {
    errno = EINVAL;
    return -1;
  }
  if (!sv) {
    errno = EFAULT;
    return -1;
  }
  if (domain == AF_INET || domain == AF_INET6) {
    errno = EOPNOTSUPP; /* as Linux: IP sockets come in no pairs */
    return -1;
  }
  if (domain != AF_UNIX) {
    errno = EAFNOSUPPORT;
    return -1;
  }
  if (kind >= SOCK_MAX) {
    errno = EINVAL;
    return -1;
  }
  if (protocol && protocol != PF_UNIX) {
    errno = EPROTONOSUPPORT;
    return -1;
  }
  if (kind == SOCK_RAW)
    kind = SOCK_DGRAM; /* as Linux */
  if (kind != SOCK_STREAM && kind != SOCK_DGRAM && kind != SOCK_SEQPACKET) {
    errno = ESOCKTNOSUPPORT;
    return -1;
  }
  int status = flags & SOCK_NONBLOCK ? O_NONBLOCK : 0, cloexec = !!(flags & SOCK_CLOEXEC);
  struct p3_unix *a = end_new(kind, status), *b = end_new(kind, status);
  int fa = -1, fb = -1;
  if (a && b && (fa = p3_fd_install(&a->file, cloexec)) >= 0 &&
      (fb = p3_fd_install(&b->file, cloexec)) >= 0) {
    a->partner = b;
    b->partner = a;
    sv[0] = fa;
    sv[1] = fb;
    return 0;
  }
  int e = a && b ? errno : ENOMEM;
  if (fa >= 0)
    p3_fd_remove(fa); /* not released: the pair never opened */
  free(a);
  free(b);
  errno = e;
  return -1;
}
