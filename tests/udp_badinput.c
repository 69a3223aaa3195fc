/* Bad input to the socket calls, with the errno Linux gives for each: bad
 * descriptors (EBADF), descriptors that are not sockets (ENOTSOCK; fd 1 is
 * stdout), bad socket() arguments, bad addresses and lengths for bind,
 * connect and sendto, sending without a destination, bad shutdown, calls a
 * datagram socket does not support, and closing twice. Programs branch on
 * these errnos, and a wrong one usually means the layer dereferenced or
 * trusted something it should have checked. */
#include "check.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sock_util.h"

/* One socket call applied to a descriptor, for the EBADF/ENOTSOCK table.
 * Receives use MSG_DONTWAIT so a mistake cannot block. */
static char buf[16];
static struct sockaddr_in addr;
static socklen_t alen;
static int ival;

static long op_bind(int fd) {
  addr = loopback4(0);
  return bind(fd, (struct sockaddr *) &addr, sizeof addr);
}
static long op_connect(int fd) {
  addr = loopback4(htons(9));
  return connect(fd, (struct sockaddr *) &addr, sizeof addr);
}
static long op_sendto(int fd) {
  addr = loopback4(htons(9));
  return sendto(fd, buf, 1, 0, (struct sockaddr *) &addr, sizeof addr);
}
static long op_send(int fd) {
  return send(fd, buf, 1, 0);
}
static long op_recvfrom(int fd) {
  alen = sizeof addr;
  return recvfrom(fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *) &addr, &alen);
}
static long op_recv(int fd) {
  return recv(fd, buf, sizeof buf, MSG_DONTWAIT);
}
static long op_sendmsg(int fd) {
  struct iovec iov = {buf, 1};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  addr = loopback4(htons(9));
  mh.msg_name = &addr;
  mh.msg_namelen = sizeof addr;
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  return sendmsg(fd, &mh, 0);
}
static long op_recvmsg(int fd) {
  struct iovec iov = {buf, sizeof buf};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  return recvmsg(fd, &mh, MSG_DONTWAIT);
}
static long op_sendmmsg(int fd) {
  struct iovec iov = {buf, 1};
  struct mmsghdr mm;
  memset(&mm, 0, sizeof mm);
  addr = loopback4(htons(9));
  mm.msg_hdr.msg_name = &addr;
  mm.msg_hdr.msg_namelen = sizeof addr;
  mm.msg_hdr.msg_iov = &iov;
  mm.msg_hdr.msg_iovlen = 1;
  return sendmmsg(fd, &mm, 1, 0);
}
static long op_recvmmsg(int fd) {
  struct iovec iov = {buf, sizeof buf};
  struct mmsghdr mm;
  memset(&mm, 0, sizeof mm);
  mm.msg_hdr.msg_iov = &iov;
  mm.msg_hdr.msg_iovlen = 1;
  return recvmmsg(fd, &mm, 1, MSG_DONTWAIT, NULL);
}
static long op_getsockname(int fd) {
  alen = sizeof addr;
  return getsockname(fd, (struct sockaddr *) &addr, &alen);
}
static long op_getpeername(int fd) {
  alen = sizeof addr;
  return getpeername(fd, (struct sockaddr *) &addr, &alen);
}
static long op_setsockopt(int fd) {
  ival = 1;
  return setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &ival, sizeof ival);
}
static long op_getsockopt(int fd) {
  alen = sizeof ival;
  return getsockopt(fd, SOL_SOCKET, SO_TYPE, &ival, &alen);
}
static long op_shutdown(int fd) {
  return shutdown(fd, SHUT_RDWR);
}
static long op_listen(int fd) {
  return listen(fd, 1);
}
static long op_accept(int fd) {
  return accept(fd, NULL, NULL);
}

/* Plain descriptor calls: EBADF on a bad fd (fd 1 is valid for these). */
static long op_read(int fd) {
  return read(fd, buf, 0);
}
static long op_write(int fd) {
  return write(fd, buf, 0);
}
static long op_close(int fd) {
  return close(fd);
}
static long op_fcntl(int fd) {
  return fcntl(fd, F_GETFL);
}
static long op_fionbio(int fd) {
  ival = 1;
  return ioctl(fd, FIONBIO, &ival);
}
static long op_fionread(int fd) {
  return ioctl(fd, FIONREAD, &ival);
}

struct op {
  const char *name;
  long (*call)(int fd);
};

static const struct op sock_ops[] = {
    {"bind", op_bind},
    {"connect", op_connect},
    {"sendto", op_sendto},
    {"send", op_send},
    {"recvfrom", op_recvfrom},
    {"recv", op_recv},
    {"sendmsg", op_sendmsg},
    {"recvmsg", op_recvmsg},
    {"sendmmsg", op_sendmmsg},
    {"recvmmsg", op_recvmmsg},
    {"getsockname", op_getsockname},
    {"getpeername", op_getpeername},
    {"setsockopt", op_setsockopt},
    {"getsockopt", op_getsockopt},
    {"shutdown", op_shutdown},
    {"listen", op_listen},
    {"accept", op_accept},
};

static const struct op fd_ops[] = {
    {"read", op_read},
    {"write", op_write},
    {"fcntl", op_fcntl},
    {"ioctl(FIONBIO)", op_fionbio},
    {"ioctl(FIONREAD)", op_fionread},
    {"close", op_close},
};

static void expect_errno(const struct op *op, int fd, int want) {
  errno = 0;
  long r = op->call(fd);
  int e = errno;
  if (r != -1 || e != want) {
    fprintf(stderr, "%s(fd %d): want -1/%s, got %ld/%s\n", op->name, fd, strerror(want), r,
            strerror(e));
    check_failures++;
  }
}

int main(void) {
  /* A descriptor number known to be closed. */
  int closed = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(closed >= 0);
  CHECK_OK(close(closed));

  /* EBADF for every call on -1, on a closed fd and on a huge fd. */
  const int bad_fds[] = {-1, closed, 4000};
  for (size_t i = 0; i < sizeof bad_fds / sizeof *bad_fds; i++) {
    for (size_t j = 0; j < sizeof sock_ops / sizeof *sock_ops; j++)
      expect_errno(&sock_ops[j], bad_fds[i], EBADF);
    for (size_t j = 0; j < sizeof fd_ops / sizeof *fd_ops; j++)
      expect_errno(&fd_ops[j], bad_fds[i], EBADF);
  }

  /* ENOTSOCK for every socket call on stdout. */
  for (size_t j = 0; j < sizeof sock_ops / sizeof *sock_ops; j++)
    expect_errno(&sock_ops[j], 1, ENOTSOCK);

  /* socket(): bad domain, type and protocol. */
  CHECK_ERR(socket(12345, SOCK_DGRAM, 0), EAFNOSUPPORT);
  CHECK_ERR(socket(AF_UNSPEC, SOCK_DGRAM, 0), EAFNOSUPPORT);
  CHECK_ERR(socket(-1, SOCK_DGRAM, 0), EAFNOSUPPORT);
  CHECK_ERR(socket(AF_INET, 12345, 0), EINVAL);
  CHECK_ERR(socket(AF_INET, SOCK_DGRAM | 0x40000000, 0), EINVAL);
  /* A known type the family lacks: Linux says ESOCKTNOSUPPORT, an errno
   * WASI's libc does not have; there it must at least fail. */
#ifdef ESOCKTNOSUPPORT
  CHECK_ERR(socket(AF_INET, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);
#else
  CHECK(socket(AF_INET, SOCK_SEQPACKET, 0) == -1);
#endif
  CHECK_ERR(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
  CHECK_ERR(socket(AF_INET6, SOCK_DGRAM, IPPROTO_TCP), EPROTONOSUPPORT);
  CHECK_ERR(socket(AF_INET, SOCK_DGRAM, -1), EINVAL);

  int s = socket(AF_INET, SOCK_DGRAM, 0);
  int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  CHECK(s6 >= 0);
  struct sockaddr_in a = loopback4(0);
  struct sockaddr_in6 a6 = loopback6(0);

  /* bind(): lengths, NULL, wrong and unknown families, foreign address. */
  CHECK_ERR(bind(s, (struct sockaddr *) &a, sizeof a - 1), EINVAL);
  CHECK_ERR(bind(s, (struct sockaddr *) &a, 2), EINVAL);
  CHECK_ERR(bind(s, (struct sockaddr *) &a, 0), EINVAL);
  CHECK_ERR(bind(s, NULL, sizeof a), EFAULT);
  /* An AF_INET6 address on an AF_INET socket, and the reverse (the
   * sockaddr_in is shorter than a sockaddr_in6: EINVAL). */
  CHECK_ERR(bind(s, (struct sockaddr *) &a6, sizeof a6), EAFNOSUPPORT);
  CHECK_ERR(bind(s6, (struct sockaddr *) &a, sizeof a), EINVAL);
  /* Linux still takes the 24-byte RFC 2133 sockaddr_in6 (no scope id);
   * anything shorter is EINVAL. */
  CHECK_ERR(bind(s6, (struct sockaddr *) &a6, 23), EINVAL);
  struct sockaddr_in odd = loopback4(0);
  odd.sin_family = 12345;
  CHECK_ERR(bind(s, (struct sockaddr *) &odd, sizeof odd), EAFNOSUPPORT);
  /* AF_UNSPEC is only tolerated (as AF_INET) with INADDR_ANY. */
  odd.sin_family = AF_UNSPEC;
  CHECK_ERR(bind(s, (struct sockaddr *) &odd, sizeof odd), EAFNOSUPPORT);
  /* An address no interface has (TEST-NET-1, 192.0.2.1). */
  odd = loopback4(0);
  odd.sin_addr.s_addr = htonl(0xc0000201);
  CHECK_ERR(bind(s, (struct sockaddr *) &odd, sizeof odd), EADDRNOTAVAIL);
  /* More than a sockaddr_storage is EINVAL. */
  struct {
    struct sockaddr_in sin;
    char pad[200];
  } huge;
  memset(&huge, 0, sizeof huge);
  huge.sin = a;
  CHECK_ERR(bind(s, (struct sockaddr *) &huge, sizeof huge), EINVAL);
  /* None of that bound the socket. */
  struct sockaddr_in name;
  socklen_t len = sizeof name;
  CHECK_OK(getsockname(s, (struct sockaddr *) &name, &len));
  CHECK(name.sin_port == 0);

  CHECK_OK(bind(s, (struct sockaddr *) &a, sizeof a));
  len = sizeof name;
  CHECK_OK(getsockname(s, (struct sockaddr *) &name, &len));
  CHECK(name.sin_port != 0);
  /* Binding twice: EINVAL. Another socket on the same port: EADDRINUSE. */
  CHECK_ERR(bind(s, (struct sockaddr *) &a, sizeof a), EINVAL);
  int other = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(other >= 0);
  CHECK_ERR(bind(other, (struct sockaddr *) &name, sizeof name), EADDRINUSE);

  /* sendto(): bad buffer, addresses and lengths. */
  CHECK_ERR(sendto(s, NULL, 5, 0, (struct sockaddr *) &name, sizeof name), EFAULT);
  /* A NULL address is "no address", whatever the length says. */
  CHECK_ERR(sendto(s, buf, 1, 0, NULL, sizeof name), EDESTADDRREQ);
  CHECK_ERR(sendto(s, buf, 1, 0, (struct sockaddr *) &name, sizeof name - 1), EINVAL);
  CHECK_ERR(sendto(s, buf, 1, 0, (struct sockaddr *) &name, 0), EINVAL);
  CHECK_ERR(sendto(s, buf, 1, 0, (struct sockaddr *) &a6, sizeof a6), EAFNOSUPPORT);
  odd = name;
  odd.sin_family = 12345;
  CHECK_ERR(sendto(s, buf, 1, 0, (struct sockaddr *) &odd, sizeof odd), EAFNOSUPPORT);
  /* Port 0 is not a destination. */
  CHECK_ERR(sendto(s, buf, 1, 0, (struct sockaddr *) &a, sizeof a), EINVAL);
  huge.sin = name;
  CHECK_ERR(sendto(s, buf, 1, 0, (struct sockaddr *) &huge, sizeof huge), EINVAL);
  /* MSG_OOB means nothing for UDP: EOPNOTSUPP. */
  CHECK_ERR(sendto(s, buf, 1, MSG_OOB, (struct sockaddr *) &name, sizeof name), EOPNOTSUPP);
  /* More than IOV_MAX iovecs: EMSGSIZE. */
  static struct iovec many[IOV_MAX + 1];
  for (size_t i = 0; i < sizeof many / sizeof *many; i++)
    many[i] = (struct iovec) {buf, 0};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_name = &name;
  mh.msg_namelen = sizeof name;
  mh.msg_iov = many;
  mh.msg_iovlen = IOV_MAX + 1;
  CHECK_ERR(sendmsg(s, &mh, 0), EMSGSIZE);
  /* A NULL iov_base with a length: EFAULT. */
  struct iovec nulliov = {NULL, 4};
  mh.msg_iov = &nulliov;
  mh.msg_iovlen = 1;
  CHECK_ERR(sendmsg(s, &mh, 0), EFAULT);
  /* None of those sent anything. */
  errno = 0;
  CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);

  /* Linux accepts AF_UNSPEC in sendto as if it were AF_INET. */
  odd = name;
  odd.sin_family = AF_UNSPEC;
  CHECK(sendto(s, "u", 1, 0, (struct sockaddr *) &odd, sizeof odd) == 1);
  struct pollfd p = {.fd = s, .events = POLLIN};
  CHECK(poll(&p, 1, 2000) == 1);
  CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT) == 1 && buf[0] == 'u');

  /* Sending with no destination on an unconnected socket. */
  CHECK_ERR(send(s, buf, 1, 0), EDESTADDRREQ);
  CHECK_ERR(write(s, buf, 1), EDESTADDRREQ);
  struct iovec one = {buf, 1};
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &one;
  mh.msg_iovlen = 1;
  CHECK_ERR(sendmsg(s, &mh, 0), EDESTADDRREQ);

  /* connect(): lengths, NULL, wrong family. */
  CHECK_ERR(connect(other, (struct sockaddr *) &name, sizeof name - 1), EINVAL);
  CHECK_ERR(connect(other, (struct sockaddr *) &name, 0), EINVAL);
  CHECK_ERR(connect(other, NULL, 0), EINVAL);
  CHECK_ERR(connect(other, NULL, sizeof name), EFAULT);
  CHECK_ERR(connect(other, (struct sockaddr *) &a6, sizeof a6), EAFNOSUPPORT);
  len = sizeof name;
  CHECK_ERR(getpeername(other, (struct sockaddr *) &name, &len), ENOTCONN);

  /* getsockname(): NULL pointers and a negative length. */
  len = sizeof name;
  CHECK_ERR(getsockname(s, NULL, &len), EFAULT);
  CHECK_ERR(getsockname(s, (struct sockaddr *) &name, NULL), EFAULT);
  len = (socklen_t) -1;
  CHECK_ERR(getsockname(s, (struct sockaddr *) &name, &len), EINVAL);

  /* shutdown(): a bad "how" is EINVAL (checked first), an unconnected
   * datagram socket is ENOTCONN. */
  CHECK_ERR(shutdown(s, 3), EINVAL);
  CHECK_ERR(shutdown(s, -1), EINVAL);
  CHECK_ERR(shutdown(s, 12345), EINVAL);
  CHECK_ERR(shutdown(s, SHUT_RD), ENOTCONN);
  CHECK_ERR(shutdown(s, SHUT_WR), ENOTCONN);
  CHECK_ERR(shutdown(s, SHUT_RDWR), ENOTCONN);
  len = sizeof name;
  CHECK_ERR(getpeername(s, (struct sockaddr *) &name, &len), ENOTCONN);

  /* Stream-only calls on a datagram socket. */
  CHECK_ERR(listen(s, 1), EOPNOTSUPP);
  CHECK_ERR(accept(s, NULL, NULL), EOPNOTSUPP);
  /* An ioctl nobody knows. */
  CHECK_ERR(ioctl(s, 0x12345, &ival), ENOTTY);

  /* Closing twice. */
  CHECK_OK(close(other));
  CHECK_ERR(close(other), EBADF);
  CHECK_OK(close(s6));
  CHECK_OK(close(s));
  CHECK_ERR(close(s), EBADF);
  CHECK_DONE();
}
