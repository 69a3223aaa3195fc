/* A socket is a file whose ops carry socket calls. The POSIX entry points
 * (src/sock/) find the file behind an fd and hand each call to its kind's
 * ops (UDP, TCP): a new kind needs no change to the others. */
#ifndef P3_FD_SOCK_H
#define P3_FD_SOCK_H

#include <errno.h>
#include <sys/socket.h>

#include "fd/fd.h"

/* Arguments arrive checked as far as every socket kind checks them alike:
 * msghdr and iovec pointers and lengths (EFAULT, EINVAL, EMSGSIZE). The
 * kind checks the rest. listen and accept4 may be NULL: the kind has no
 * connections (EOPNOTSUPP, as Linux for a datagram socket). */
struct p3_sock_ops {
  int (*bind)(struct p3_file *f, const struct sockaddr *addr, socklen_t len);
  int (*connect)(struct p3_file *f, const struct sockaddr *addr, socklen_t len);
  int (*listen)(struct p3_file *f, int backlog);
  int (*accept4)(struct p3_file *f, struct sockaddr *addr, socklen_t *len, int flags);
  int (*shutdown)(struct p3_file *f, int how);
  int (*getsockname)(struct p3_file *f, struct sockaddr *addr, socklen_t *len);
  int (*getpeername)(struct p3_file *f, struct sockaddr *addr, socklen_t *len);
  int (*getsockopt)(struct p3_file *f, int level, int name, void *val, socklen_t *len);
  int (*setsockopt)(struct p3_file *f, int level, int name, const void *val, socklen_t len);
  /* sendto, send and write come here as a msghdr of one iovec. */
  ssize_t (*sendmsg)(struct p3_file *f, const struct msghdr *msg, int flags);
  /* recvfrom, recv and read likewise; msg_flags is zeroed by the caller. */
  ssize_t (*recvmsg)(struct p3_file *f, struct msghdr *msg, int flags);
};

/* The socket behind fd, or NULL with EBADF (no such fd) or ENOTSOCK. */
static inline struct p3_file *p3_sock_get(int fd) {
  struct p3_file *f = p3_fd_get(fd);
  if (f && !f->ops->sock) {
    errno = ENOTSOCK;
    return NULL;
  }
  return f;
}

#endif
