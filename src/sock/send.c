/* send, sendto, sendmsg, sendmmsg: one msghdr handed to the socket's kind. */
#include <errno.h>

#include "sock/sock.h"

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f || p3_msghdr_check(msg) < 0)
    return -1;
  return f->ops->sock->sendmsg(f, msg, flags);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr,
               socklen_t alen) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f)
    return -1;
  if (len && !buf) {
    errno = EFAULT;
    return -1;
  }
  struct iovec iov = {(void *) buf, len};
  struct msghdr msg = {
      .msg_name = (void *) addr, .msg_namelen = alen, .msg_iov = &iov, .msg_iovlen = 1};
  return f->ops->sock->sendmsg(f, &msg, flags);
}

ssize_t send(int fd, const void *buf, size_t len, int flags) {
  return sendto(fd, buf, len, flags, NULL, 0);
}

int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags) {
  if (!p3_sock_get(fd))
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
