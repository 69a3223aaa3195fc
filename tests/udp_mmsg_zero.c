/* recvmmsg and sendmmsg with no messages (vlen 0) succeed with 0, as on
 * Linux, whatever the vector pointer is, and touch nothing: a waiting
 * datagram stays queued. A batch loop that computes vlen from free space
 * reaches 0 routinely, and a -1 there (with whatever errno was left over)
 * reads as a socket error. The arguments still checked with vlen 0 are
 * the descriptor and the timeout. */
#include "check.h"

#include <time.h>

#include "sock_util.h"

int main(void) {
  struct sockaddr_in me;
  int fd = bound4_at(SOCK_DGRAM | SOCK_NONBLOCK, 0, &me);
  struct mmsghdr v[1];
  memset(v, 0, sizeof v);

  /* A stale errno must not turn 0 into -1. */
  errno = EBADF;
  CHECK(recvmmsg(fd, v, 0, 0, NULL) == 0);
  errno = EAGAIN;
  CHECK(recvmmsg(fd, NULL, 0, MSG_DONTWAIT, NULL) == 0);
  struct timespec ok = {1, 0};
  CHECK(recvmmsg(fd, v, 0, 0, &ok) == 0);
  CHECK(sendmmsg(fd, v, 0, 0) == 0);
  CHECK(sendmmsg(fd, NULL, 0, 0) == 0);

  struct timespec bad = {0, -1};
  CHECK_ERR(recvmmsg(fd, v, 0, 0, &bad), EINVAL);
  CHECK_ERR(recvmmsg(-1, v, 0, 0, NULL), EBADF);
  CHECK_ERR(recvmmsg(1, v, 0, 0, NULL), ENOTSOCK);

  /* With a datagram waiting, vlen 0 still takes nothing. */
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(tx >= 0);
  CHECK(send_to(tx, &me, "stays") == 0);
  CHECK(readable(fd));
  CHECK(recvmmsg(fd, v, 0, 0, NULL) == 0);
  recv_expect(fd, "stays");

  /* And with nothing waiting, one message is EAGAIN, not 0. */
  char buf[8];
  struct iovec iov = {buf, sizeof buf};
  v[0].msg_hdr.msg_iov = &iov;
  v[0].msg_hdr.msg_iovlen = 1;
  CHECK_ERR(recvmmsg(fd, v, 1, 0, NULL), EAGAIN);
  close(tx);
  close(fd);
  CHECK_DONE();
}
