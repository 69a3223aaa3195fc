/* socketpair(AF_UNIX, SOCK_STREAM) against Linux: the errnos of
 * socketpair itself, then a stream pair: bytes both ways through read,
 * write, send, recv and the vector calls, MSG_PEEK, FIONREAD, names and
 * options, the send buffer (278 one-byte writes fill Linux's default, and
 * POLLOUT returns once at most a quarter of it is unread), shutdown as it
 * passes to the partner, and the end of a partner: end of file, EPIPE, and
 * ECONNRESET (POLLERR) when it left bytes unread. A blocking call nothing
 * could complete waits out SO_RCVTIMEO and says EAGAIN, as on Linux, or,
 * without a timeout, fails with EDEADLK in p3net (Linux blocks forever).
 * socket(AF_UNIX) works on Linux; p3net refuses it (a declared
 * difference: no name space in a component). */
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"

static short revents(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP};
  CHECK(poll(&p, 1, 0) >= 0);
  return p.revents;
}

#define OUT POLLOUT
#define IN POLLIN

static int opt(int fd, int name) {
  int v = -1;
  socklen_t l = sizeof v;
  CHECK_OK(getsockopt(fd, SOL_SOCKET, name, &v, &l));
  return v;
}

static char buf[300000];

int main(void) {
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
  int sv[2];
  CHECK_ERR(socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
  CHECK_ERR(socketpair(AF_INET6, SOCK_DGRAM, 0, sv), EOPNOTSUPP);
  CHECK_ERR(socketpair(99, SOCK_STREAM, 0, sv), EAFNOSUPPORT);
  CHECK_ERR(socketpair(AF_UNIX, 17, 0, sv), EINVAL);
  CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM | 0x100, 0, sv), EINVAL);
  CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 7, sv), EPROTONOSUPPORT);
  CHECK_ERR(socketpair(AF_UNIX, 4, 0, sv), ESOCKTNOSUPPORT); /* SOCK_RDM */
  CHECK_ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, NULL), EFAULT);
#if defined(__wasi__) || defined(P3SIM)
  CHECK_ERR(socket(AF_UNIX, SOCK_STREAM, 0), EAFNOSUPPORT);
  CHECK_ERR(socket(AF_UNIX, SOCK_DGRAM, 0), EAFNOSUPPORT);
#else
  int lone = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK(lone >= 0);
  close(lone);
#endif

  /* A fresh pair: what the ends are. */
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM, PF_UNIX, sv));
  int a = sv[0], b = sv[1];
  CHECK(a >= 0 && b == a + 1);
  CHECK((fcntl(a, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == O_RDWR);
  CHECK(fcntl(a, F_GETFD) == 0);
  CHECK(opt(a, SO_TYPE) == SOCK_STREAM);
  CHECK(opt(a, SO_DOMAIN) == AF_UNIX);
  CHECK(opt(a, SO_PROTOCOL) == 0);
  CHECK(opt(a, SO_ERROR) == 0);
  CHECK(opt(a, SO_SNDBUF) == 212992);
  CHECK(opt(a, SO_ACCEPTCONN) == 0);
  int v = 0;
  socklen_t vl = sizeof v;
  CHECK_ERR(getsockopt(a, IPPROTO_IP, 2 /* IP_TTL */, &v, &vl), EOPNOTSUPP);
  CHECK_ERR(getsockopt(a, SOL_SOCKET, 9999, &v, &vl), ENOPROTOOPT);
  CHECK_ERR(setsockopt(a, SOL_SOCKET, 9999, &v, sizeof v), ENOPROTOOPT);
  CHECK_ERR(setsockopt(a, SOL_SOCKET, SO_SNDBUF, &v, 2), EINVAL);
  struct sockaddr_un su;
  socklen_t sl = sizeof su;
  memset(&su, 0x55, sizeof su);
  CHECK_OK(getsockname(a, (struct sockaddr *) &su, &sl));
  CHECK(sl == sizeof(sa_family_t) && su.sun_family == AF_UNIX);
  sl = sizeof su;
  CHECK_OK(getpeername(b, (struct sockaddr *) &su, &sl));
  CHECK(sl == sizeof(sa_family_t) && su.sun_family == AF_UNIX);
  CHECK(revents(a) == OUT);

  /* Bytes both ways, in any pieces. */
  CHECK(write(a, "hello", 5) == 5);
  CHECK(send(a, " world", 6, 0) == 6);
  CHECK(revents(b) == (IN | OUT));
  int n = -1;
  CHECK_OK(ioctl(b, FIONREAD, &n));
  CHECK(n == 11);
  char got[32] = {0};
  CHECK(recv(b, got, 3, MSG_PEEK) == 3 && memcmp(got, "hel", 3) == 0);
  CHECK(recv(b, got, 0, 0) == 0);
  struct iovec iov[2] = {{got, 4}, {got + 4, 4}};
  struct msghdr m = {0};
  m.msg_iov = iov;
  m.msg_iovlen = 2;
  CHECK(recvmsg(b, &m, 0) == 8 && memcmp(got, "hello wo", 8) == 0 && m.msg_flags == 0);
  CHECK(write(b, "back", 4) == 4);
  CHECK(read(a, got, sizeof got) == 4 && memcmp(got, "back", 4) == 0);
  struct iovec w[3] = {{"x", 1}, {NULL, 0}, {"yz", 2}};
  CHECK(writev(a, w, 3) == 3);
  sl = sizeof su;
  memset(&su, 0x55, sizeof su);
  CHECK(recvfrom(b, got, sizeof got, 0, (struct sockaddr *) &su, &sl) == 6);
  CHECK(memcmp(got, "rldxyz", 6) == 0);
  CHECK(sl == 0); /* the sender is unnamed */
  CHECK(read(b, got, 0) == 0);

  /* A stream is connected: no addresses, no listening. */
  struct sockaddr_un path = {.sun_family = AF_UNIX, .sun_path = "/tmp/p3net-nowhere"};
  struct sockaddr_un abstract = {.sun_family = AF_UNIX, .sun_path = "\0p3net-nobody"};
  struct sockaddr_in in4 = {.sin_family = AF_INET};
  CHECK_ERR(sendto(a, "x", 1, 0, (struct sockaddr *) &path, sizeof path), EISCONN);
  CHECK_ERR(connect(a, (struct sockaddr *) &path, sizeof path), ENOENT);
  CHECK_ERR(connect(a, (struct sockaddr *) &abstract, sizeof abstract), ECONNREFUSED);
  CHECK_ERR(connect(a, (struct sockaddr *) &in4, sizeof in4), EINVAL);
  CHECK_ERR(bind(a, (struct sockaddr *) &in4, sizeof in4), EINVAL);
  CHECK_ERR(listen(a, 1), EINVAL);
  CHECK_ERR(accept(a, NULL, NULL), EINVAL);
  CHECK_ERR(shutdown(a, 7), EINVAL);
  CHECK(sockatmark(a) == 0);
#if defined(__wasi__) || defined(P3SIM)
  CHECK_ERR(bind(a, (struct sockaddr *) &abstract, sizeof abstract), EADDRNOTAVAIL);
#endif

  /* A dup is the same end. */
  int d = dup(b);
  CHECK(d >= 0);
  CHECK(write(a, "dup", 3) == 3);
  CHECK(read(d, got, sizeof got) == 3);
  CHECK_OK(close(d));

  /* The send buffer: each write costs what Linux charges a small one. */
  CHECK_OK(fcntl(a, F_SETFL, O_NONBLOCK));
  CHECK_OK(fcntl(b, F_SETFL, O_NONBLOCK));
  int writes = 0;
  while (writes < 1000 && write(a, "w", 1) == 1)
    writes++;
  CHECK(writes == 278);
  CHECK_ERR(write(a, "w", 1), EAGAIN);
  CHECK(revents(a) == 0);
  int reads = 0;
  while (reads < 278 && !(revents(a) & POLLOUT) && read(b, got, 1) == 1)
    reads++;
  CHECK(reads == 209); /* 69 unread: at most a quarter of SO_SNDBUF */
  while (read(b, got, sizeof got) > 0)
    ;
  CHECK_ERR(read(b, got, 1), EAGAIN);
  ssize_t big = write(a, buf, sizeof buf);
  CHECK(big > 100000 && big < (ssize_t) sizeof buf); /* what fits, no more */
  CHECK(revents(a) == 0);
  ssize_t drained = 0, k;
  while ((k = read(b, buf, sizeof buf)) > 0)
    drained += k;
  CHECK(drained == big);
  CHECK(revents(a) == OUT);
  v = 1; /* Linux: doubled, at least 4608 */
  CHECK_OK(setsockopt(a, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
  CHECK(opt(a, SO_SNDBUF) == 4608);
  writes = 0;
  while (writes < 1000 && write(a, "w", 1) == 1)
    writes++;
  CHECK(writes == 6); /* 6 x 768 reach 4608 */
  while (read(b, got, sizeof got) > 0)
    ;

  /* A blocking read that nothing could end: SO_RCVTIMEO runs out... */
  CHECK_OK(fcntl(b, F_SETFL, 0));
  struct timeval tv = {0, 80000};
  CHECK_OK(setsockopt(b, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  double t0 = check_now_ms();
  CHECK_ERR(recv(b, got, 1, 0), EAGAIN);
  CHECK(check_now_ms() - t0 >= 75);
  tv.tv_usec = 0;
  CHECK_OK(setsockopt(b, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  /* ...and without one p3net says so at once (Linux would never return). */
#if defined(__wasi__) || defined(P3SIM)
  CHECK_ERR(read(b, got, 1), EDEADLK);
  CHECK_ERR(recv(b, got, 1, MSG_WAITALL), EDEADLK);
#endif
  CHECK(write(a, "ab", 2) == 2);
#if defined(__wasi__) || defined(P3SIM)
  CHECK(recv(b, got, 5, MSG_WAITALL) == 2); /* what is there: Linux would wait for 5 */
  CHECK(write(a, "ab", 2) == 2);
#endif
  CHECK(recv(b, got, 2, MSG_WAITALL) == 2);
  CHECK_ERR(recv(b, got, 1, MSG_DONTWAIT), EAGAIN);

  /* Descriptor passing and urgent data: Linux has both, p3net neither (a
   * declared difference: EOPNOTSUPP). */
  union {
    struct cmsghdr h;
    char space[CMSG_SPACE(sizeof(int))];
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  struct iovec one = {"f", 1};
  struct msghdr fdmsg = {0};
  fdmsg.msg_iov = &one;
  fdmsg.msg_iovlen = 1;
  fdmsg.msg_control = ctl.space;
  fdmsg.msg_controllen = sizeof ctl.space;
  struct cmsghdr *cm = CMSG_FIRSTHDR(&fdmsg);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = 1; /* SCM_RIGHTS */
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &a, sizeof a);
#if defined(__wasi__) || defined(P3SIM)
  CHECK_ERR(sendmsg(a, &fdmsg, 0), EOPNOTSUPP);
  CHECK_ERR(send(a, "u", 1, MSG_OOB), EOPNOTSUPP);
#else
  CHECK(sendmsg(a, &fdmsg, 0) == 1);
  CHECK(read(b, got, sizeof got) == 1);
#endif

  /* shutdown passes to the partner: SHUT_WR is the other's end of file. */
  CHECK_OK(shutdown(a, SHUT_WR));
  CHECK(revents(a) == OUT);
  CHECK(revents(b) == (IN | OUT | POLLRDHUP));
  CHECK_ERR(write(a, "x", 1), EPIPE);
  CHECK(read(b, got, sizeof got) == 0);
  CHECK(write(b, "y", 1) == 1); /* the other way still works */
  CHECK(read(a, got, sizeof got) == 1);
  CHECK_OK(shutdown(a, SHUT_RD));
  CHECK(revents(a) == (IN | OUT | POLLRDHUP | POLLHUP));
  CHECK(revents(b) == (IN | OUT | POLLRDHUP | POLLHUP));
  CHECK_ERR(write(b, "y", 1), EPIPE);
  CHECK(read(a, got, sizeof got) == 0);
  CHECK_OK(close(a));
  CHECK_OK(close(b));

  /* A partner that closes leaving bytes unread: ECONNRESET after the
   * bytes it had sent, then end of file, and EPIPE for any write. */
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv));
  a = sv[0];
  b = sv[1];
  CHECK(fcntl(a, F_GETFD) == FD_CLOEXEC && (fcntl(b, F_GETFL) & O_NONBLOCK));
  CHECK(write(b, "zz", 2) == 2);
  CHECK(write(a, "q", 1) == 1);
  CHECK_OK(close(a));
  CHECK(revents(b) == (IN | OUT | POLLERR | POLLHUP | POLLRDHUP));
  CHECK(read(b, got, sizeof got) == 1 && got[0] == 'q');
  CHECK_ERR(read(b, got, sizeof got), ECONNRESET);
  CHECK(revents(b) == (IN | OUT | POLLHUP | POLLRDHUP));
  CHECK(read(b, got, sizeof got) == 0);
  CHECK_ERR(write(b, "x", 1), EPIPE);
  CHECK_ERR(write(b, "x", 0), EPIPE);
  sl = sizeof su;
  CHECK_OK(getpeername(b, (struct sockaddr *) &su, &sl)); /* still connected, as Linux */
  CHECK_OK(close(b));

  /* A partner that read everything: no error, just the end. */
  CHECK_OK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
  CHECK(write(sv[0], "q", 1) == 1);
  CHECK_OK(close(sv[0]));
  CHECK(revents(sv[1]) == (IN | OUT | POLLHUP | POLLRDHUP));
  CHECK(opt(sv[1], SO_ERROR) == 0);
  CHECK(read(sv[1], got, sizeof got) == 1);
  CHECK(read(sv[1], got, sizeof got) == 0);
  CHECK_OK(close(sv[1]));
  CHECK_ERR(read(sv[1], got, 1), EBADF);
  CHECK_DONE();
}
