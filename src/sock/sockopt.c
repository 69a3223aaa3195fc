/* getsockopt and setsockopt: each kind knows its options. */
#include "sock/sock.h"

int getsockopt(int fd, int level, int name, void *__restrict val, socklen_t *__restrict len) {
  struct p3_file *f = p3_sock_get(fd);
  return f ? f->ops->sock->getsockopt(f, level, name, val, len) : -1;
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len) {
  struct p3_file *f = p3_sock_get(fd);
  return f ? f->ops->sock->setsockopt(f, level, name, val, len) : -1;
}
