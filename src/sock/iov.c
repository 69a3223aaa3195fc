/* The checks of iovecs and msghdrs every socket call makes alike. */
#include <errno.h>
#include <limits.h>

#include "sock/sock.h"

int p3_msghdr_check(const struct msghdr *msg) {
  if (!msg || (msg->msg_iovlen && !msg->msg_iov)) {
    errno = EFAULT;
    return -1;
  }
  if (msg->msg_iovlen < 0 || msg->msg_iovlen > IOV_MAX) {
    errno = EMSGSIZE; /* as Linux for more than UIO_MAXIOV iovecs */
    return -1;
  }
  return 0;
}

int p3_iov_total(const struct iovec *iov, int iovcnt, size_t *total) {
  /* Linux refuses a length that is negative as an ssize_t (EINVAL) before
   * it looks at any address, and POSIX asks EINVAL for a sum that
   * overflows an ssize_t: checked on the running sum, so it cannot wrap. */
  size_t sum = 0;
  int fault = 0;
  for (int i = 0; i < iovcnt; i++) {
    if (iov[i].iov_len > (size_t) SSIZE_MAX - sum) {
      errno = EINVAL;
      return -1;
    }
    sum += iov[i].iov_len;
    if (iov[i].iov_len && !iov[i].iov_base)
      fault = 1;
  }
  if (fault) {
    errno = EFAULT;
    return -1;
  }
  *total = sum;
  return 0;
}
