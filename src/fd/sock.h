/* Socket calls for socket kinds other than UDP (today the ends of an
 * AF_UNIX socketpair). The POSIX entry points live with UDP, p3net's main
 * socket kind; each first asks p3_sock_other and hands such a file over,
 * so a second kind needs no change to the UDP machines. */
#ifndef P3_FD_SOCK_H
#define P3_FD_SOCK_H

#include <sys/socket.h>

#include "fd/fd.h"

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
  ssize_t (*sendto)(struct p3_file *f, const void *buf, size_t len, int flags,
                    const struct sockaddr *addr, socklen_t alen);
  ssize_t (*recvfrom)(struct p3_file *f, void *buf, size_t len, int flags, struct sockaddr *addr,
                      socklen_t *alen);
  ssize_t (*sendmsg)(struct p3_file *f, const struct msghdr *msg, int flags);
  ssize_t (*recvmsg)(struct p3_file *f, struct msghdr *msg, int flags);
};

/* The file behind fd if it is a socket of another kind; NULL otherwise
 * (a bad fd included: the UDP path then reports EBADF or ENOTSOCK). */
static inline struct p3_file *p3_sock_other(int fd) {
  struct p3_file *f = p3_fd_get(fd);
  return f && f->ops->sock ? f : NULL;
}

#endif
