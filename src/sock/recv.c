/* recv, recvfrom, recvmsg, recvmmsg: one msghdr handed to the socket's
 * kind. */
#include <errno.h>
#include <time.h>

#include "reactor/reactor.h"
#include "rt/timeconv.h"
#include "sock/sock.h"

/* The kind fills msg_name (if any), the iovecs and msg_flags. */
static ssize_t recv_msg(struct p3_file *f, struct msghdr *msg, int flags) {
  msg->msg_flags = 0;
  ssize_t n = f->ops->sock->recvmsg(f, msg, flags);
  if (n >= 0) {
    if (!msg->msg_name)
      msg->msg_namelen = 0;
    msg->msg_controllen = 0; /* no ancillary data on wasip3 */
  }
  return n;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f || p3_msghdr_check(msg) < 0)
    return -1;
  return recv_msg(f, msg, flags);
}

ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
                 struct sockaddr *__restrict addr, socklen_t *__restrict alen) {
  struct p3_file *f = p3_sock_get(fd);
  if (!f)
    return -1;
  if ((len && !buf) || (addr && !alen)) {
    errno = EFAULT;
    return -1;
  }
  if (addr && (int) *alen < 0) {
    errno = EINVAL;
    return -1;
  }
  struct iovec iov = {buf, len};
  struct msghdr msg = {
      .msg_name = addr, .msg_namelen = addr ? *alen : 0, .msg_iov = &iov, .msg_iovlen = 1};
  ssize_t n = recv_msg(f, &msg, flags);
  if (n >= 0 && addr)
    *alen = msg.msg_namelen;
  return n;
}

ssize_t recv(int fd, void *buf, size_t len, int flags) {
  return recvfrom(fd, buf, len, flags, NULL, NULL);
}

int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout) {
  if (!p3_sock_get(fd))
    return -1;
  if (vlen && !vec) {
    errno = EFAULT;
    return -1;
  }
  if (vlen > 1024)
    vlen = 1024; /* UIO_MAXIOV, as Linux caps it */
  uint64_t deadline = UINT64_MAX;
  if (timeout) {
    if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000) {
      errno = EINVAL;
      return -1;
    }
    deadline = p3_deadline_in(p3_ns_from_timespec(timeout));
  }
  unsigned int i;
  for (i = 0; i < vlen; i++) {
    /* After the first datagram MSG_WAITFORONE turns the rest nonblocking. */
    int f = (i && (flags & MSG_WAITFORONE)) ? flags | MSG_DONTWAIT : flags;
    f &= ~MSG_WAITFORONE;
    ssize_t n = recvmsg(fd, &vec[i].msg_hdr, f);
    if (n < 0)
      break;
    vec[i].msg_len = (unsigned int) n;
    if (deadline != UINT64_MAX && p3_now() >= deadline) {
      i++;
      break;
    }
  }
  /* vlen 0 asks for nothing and gets 0; otherwise a batch that took none
   * fails with the first receive's errno. */
  return i || !vlen ? (int) i : -1;
}
