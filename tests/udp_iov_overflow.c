/* iovec lengths whose sum overflows. Linux refuses an iov_len that is
 * negative as an ssize_t with EINVAL before anything is sent or received,
 * and POSIX asks EINVAL whenever the sum overflows an ssize_t: a layer that
 * adds the lengths in a size_t instead sees {SIZE_MAX - 3, 8} as 4 bytes,
 * passes its EMSGSIZE check and copies far past its buffers. Checked for
 * sendmsg, recvmsg, writev and readv on a UDP socket; nothing may be sent,
 * and a datagram that is waiting must stay queued.
 *
 * Lengths that are each at most SSIZE_MAX but wrap around together (two
 * SSIZE_MAX and a 2: 0 modulo 2^N) reach Linux's address check first, which
 * answers EFAULT; p3net cannot check addresses and answers EINVAL, as POSIX
 * says. Where p3net runs (wasip3, and the simulated host, which builds the
 * tests with -DP3SIM) that answer is checked, natively Linux's. */
#include "check.h"

#include <limits.h>
#include <stdint.h>
#include <sys/uio.h>

#include "sock_util.h"

#if defined(__wasi__) || defined(P3SIM)
#define WRAP_ERRNO EINVAL
#else
#define WRAP_ERRNO EFAULT
#endif

static char buf[16];

static struct msghdr msg_of(struct iovec *iov, int n) {
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = iov;
  m.msg_iovlen = n;
  return m;
}

int main(void) {
  struct sockaddr_in ra;
  int rx = bound4(&ra);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(tx >= 0);
  CHECK_OK(connect(tx, (struct sockaddr *) &ra, sizeof ra));

  /* One length with the sign bit set, first or last. */
  struct iovec neg_first[2] = {{buf, SIZE_MAX - 3}, {buf, 8}};
  struct iovec neg_last[2] = {{buf, 8}, {buf, SIZE_MAX - 3}};
  /* Each length fits an ssize_t; the sum wraps to 0. */
  struct iovec wrap[3] = {{buf, SSIZE_MAX}, {buf, SSIZE_MAX}, {buf, 2}};

  struct msghdr m = msg_of(neg_first, 2);
  CHECK_ERR(sendmsg(tx, &m, 0), EINVAL);
  m = msg_of(neg_last, 2);
  CHECK_ERR(sendmsg(tx, &m, 0), EINVAL);
  m = msg_of(wrap, 3);
  CHECK_ERR(sendmsg(tx, &m, 0), WRAP_ERRNO);
  CHECK_ERR(writev(tx, neg_first, 2), EINVAL);
  CHECK_ERR(writev(tx, neg_last, 2), EINVAL);
  CHECK_ERR(writev(tx, wrap, 3), WRAP_ERRNO);

  /* None of those sent anything: the first datagram to arrive is this. */
  CHECK(send_to(tx, &ra, "queued") == 0);
  CHECK(readable(rx));

  /* Receives refuse the same iovecs, blocking or not, and leave the
   * datagram where it is. */
  m = msg_of(neg_first, 2);
  CHECK_ERR(recvmsg(rx, &m, 0), EINVAL);
  m = msg_of(neg_last, 2);
  CHECK_ERR(recvmsg(rx, &m, MSG_DONTWAIT), EINVAL);
  m = msg_of(wrap, 3);
  CHECK_ERR(recvmsg(rx, &m, 0), WRAP_ERRNO);
  CHECK_ERR(readv(rx, neg_first, 2), EINVAL);
  CHECK_ERR(readv(rx, neg_last, 2), EINVAL);
  CHECK_ERR(readv(rx, wrap, 3), WRAP_ERRNO);

  struct sockaddr_in from = recv_expect(rx, "queued");
  CHECK(from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  CHECK(nothing_queued(rx));

  /* A sum of exactly the largest datagram still works: the check is on
   * overflow, not on splitting. */
  static char big[65507];
  struct iovec split[3] = {{big, 65500}, {big, 7}, {big, 0}};
  m = msg_of(split, 3);
  CHECK(sendmsg(tx, &m, 0) == 65507);
  CHECK(readable(rx));
  CHECK(recv(rx, big, sizeof big, MSG_DONTWAIT) == 65507);

  close(tx);
  close(rx);
  CHECK_DONE();
}
