/* socketpair(AF_UNIX, SOCK_DGRAM) and SOCK_SEQPACKET against Linux:
 * message boundaries, truncation (MSG_TRUNC in and out), empty messages,
 * FIONREAD as the next message's length, the send buffer (278 one-byte
 * messages, EMSGSIZE past SO_SNDBUF - 32), addresses that name nobody,
 * connect(AF_UNSPEC), shutdown (kept to the end itself for datagrams,
 * passed on for SOCK_SEQPACKET), and a partner that closes: a datagram end
 * gets ECONNREFUSED once and then ENOTCONN, a SOCK_SEQPACKET end its end
 * of file, with ECONNRESET first if the partner left messages unread. */
#include <fcntl.h>
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

static char buf[220000];

int main(void) {
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
  int sv[2];
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv));
  int a = sv[0], b = sv[1];
  int type = 0;
  socklen_t tl = sizeof type;
  CHECK_OK(getsockopt(a, SOL_SOCKET, SO_TYPE, &type, &tl));
  CHECK(type == SOCK_DGRAM);
  CHECK(revents(a) == POLLOUT);

  /* Boundaries kept; a short buffer truncates and drops the rest. */
  CHECK(send(a, "hello", 5, 0) == 5);
  CHECK(send(a, "", 0, 0) == 0);
  CHECK(write(a, "xyz", 3) == 3);
  int n = -1;
  CHECK_OK(ioctl(b, FIONREAD, &n));
  CHECK(n == 5);
  char got[16] = {0};
  struct iovec iov = {got, 2};
  struct msghdr m = {0};
  struct sockaddr_un su;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_name = &su;
  m.msg_namelen = sizeof su;
  CHECK(recvmsg(b, &m, MSG_PEEK) == 2);
  CHECK(m.msg_flags == MSG_TRUNC && m.msg_namelen == 0);
  CHECK(recv(b, got, 2, MSG_TRUNC) == 5); /* the real length; "he" copied */
  CHECK(memcmp(got, "he", 2) == 0);
  CHECK(revents(b) == (POLLIN | POLLOUT));
  CHECK_OK(ioctl(b, FIONREAD, &n));
  CHECK(n == 0); /* the empty message is next */
  CHECK(recv(b, got, sizeof got, 0) == 0);
  CHECK(read(b, got, sizeof got) == 3 && memcmp(got, "xyz", 3) == 0);
  CHECK_ERR(recv(b, got, sizeof got, 0), EAGAIN);
  CHECK_ERR(recv(b, got, 0, 0), EAGAIN);
  CHECK(revents(b) == POLLOUT);
  struct iovec parts[2] = {{"ab", 2}, {"cd", 2}};
  CHECK(writev(b, parts, 2) == 4); /* one message */
  CHECK(recv(a, got, sizeof got, 0) == 4 && memcmp(got, "abcd", 4) == 0);

  /* The send buffer. */
  int msgs = 0;
  while (msgs < 1000 && send(a, "m", 1, 0) == 1)
    msgs++;
  CHECK(msgs == 278);
  CHECK_ERR(send(a, "m", 1, 0), EAGAIN);
  CHECK(revents(a) == 0);
  int reads = 0;
  while (reads < 278 && !(revents(a) & POLLOUT) && recv(b, got, 1, 0) == 1)
    reads++;
  CHECK(reads == 209);
  while (recv(b, got, 1, 0) >= 0)
    ;
  CHECK_ERR(send(a, buf, 212961, 0), EMSGSIZE);
  CHECK(send(a, buf, 212960, 0) == 212960);
  CHECK(recv(b, buf, sizeof buf, 0) == 212960);

  /* Addresses: no name exists to send to. */
  struct sockaddr_un path = {.sun_family = AF_UNIX, .sun_path = "/tmp/p3net-nowhere"};
  struct sockaddr_un abstract = {.sun_family = AF_UNIX, .sun_path = "\0p3net-nobody"};
  struct sockaddr inet = {.sa_family = AF_INET};
  CHECK_ERR(sendto(a, "x", 1, 0, (struct sockaddr *) &path, sizeof path), ENOENT);
  CHECK_ERR(sendto(a, "x", 1, 0, (struct sockaddr *) &abstract, sizeof abstract), ECONNREFUSED);
  CHECK_ERR(sendto(a, "x", 1, 0, &inet, sizeof inet), EINVAL);
  CHECK_ERR(connect(a, (struct sockaddr *) &abstract, sizeof abstract), ECONNREFUSED);
  CHECK_ERR(listen(a, 1), EOPNOTSUPP);
  CHECK_ERR(accept(a, NULL, NULL), EOPNOTSUPP);

  /* shutdown stays with the end for datagrams. */
  CHECK_OK(shutdown(a, SHUT_WR));
  CHECK(revents(a) == POLLOUT && revents(b) == POLLOUT);
  CHECK_ERR(send(a, "x", 1, 0), EPIPE);
  CHECK(send(b, "x", 1, 0) == 1);
  CHECK(recv(a, got, 1, 0) == 1);
  CHECK_OK(shutdown(a, SHUT_RD));
  CHECK(revents(a) == (POLLIN | POLLOUT | POLLRDHUP | POLLHUP));
  CHECK(revents(b) == POLLOUT);
  CHECK_ERR(send(b, "x", 1, 0), EPIPE);
  CHECK_ERR(recv(a, got, 1, 0), EAGAIN);
  CHECK_OK(fcntl(a, F_SETFL, 0));
  CHECK(recv(a, got, 1, 0) == 0); /* a blocking receive after SHUT_RD ends */
  CHECK_OK(close(a));
  CHECK_OK(close(b));

  /* connect(AF_UNSPEC): this end may no longer send; the other still may. */
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv));
  struct sockaddr unspec = {.sa_family = AF_UNSPEC};
  CHECK_OK(connect(sv[0], &unspec, sizeof unspec));
  socklen_t sl = sizeof su;
  CHECK_ERR(getpeername(sv[0], (struct sockaddr *) &su, &sl), ENOTCONN);
  CHECK_ERR(send(sv[0], "x", 1, 0), ENOTCONN);
  CHECK(send(sv[1], "y", 1, 0) == 1);
  CHECK(recv(sv[0], got, 1, 0) == 1 && got[0] == 'y');
  CHECK_OK(close(sv[1]));
  CHECK_OK(close(sv[0]));

  /* Disconnecting drops what had come, and the partner, still sending
   * here, learns of it: ECONNRESET, once. */
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv));
  CHECK(send(sv[1], "gone", 4, 0) == 4);
  CHECK_OK(connect(sv[0], &unspec, sizeof unspec));
  CHECK_ERR(recv(sv[0], got, sizeof got, 0), EAGAIN);
  CHECK(revents(sv[1]) == (POLLOUT | POLLERR));
  CHECK_ERR(send(sv[1], "x", 1, 0), ECONNRESET);
  CHECK(revents(sv[1]) == POLLOUT);
  CHECK(send(sv[1], "x", 1, 0) == 1);
  CHECK(recv(sv[0], got, sizeof got, 0) == 1);
  CHECK_OK(close(sv[1]));
  CHECK_OK(close(sv[0]));

  /* The partner closes: what it sent stays until a send finds it gone,
   * which is refused once and disconnects. */
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv));
  CHECK(send(sv[1], "last", 4, 0) == 4);
  CHECK(send(sv[0], "lost", 4, 0) == 4);
  CHECK_OK(close(sv[1]));
  CHECK(revents(sv[0]) == (POLLIN | POLLOUT));
  CHECK_OK(ioctl(sv[0], FIONREAD, &n));
  CHECK(n == 4);
  sl = sizeof su;
  CHECK_OK(getpeername(sv[0], (struct sockaddr *) &su, &sl));
  CHECK_ERR(send(sv[0], "x", 1, 0), ECONNREFUSED);
  CHECK_ERR(send(sv[0], "x", 1, 0), ENOTCONN);
  sl = sizeof su;
  CHECK_ERR(getpeername(sv[0], (struct sockaddr *) &su, &sl), ENOTCONN);
  CHECK_ERR(recv(sv[0], got, sizeof got, 0), EAGAIN); /* disconnecting dropped "last" */
#if defined(__wasi__) || defined(P3SIM)
  CHECK_OK(fcntl(sv[0], F_SETFL, 0));
  CHECK_ERR(recv(sv[0], got, sizeof got, 0), EDEADLK); /* Linux: blocks forever */
#endif
  CHECK_OK(close(sv[0]));

  /* SOCK_SEQPACKET: messages on a connection. */
  CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv));
  a = sv[0];
  b = sv[1];
  CHECK(send(a, "hello", 5, 0) == 5);
  CHECK(send(a, "", 0, 0) == 0);
  CHECK(recv(b, got, 2, 0) == 2);
  CHECK(recv(b, got, 2, 0) == 0); /* the empty one: "llo" went with the first */
  CHECK_ERR(recv(b, got, 2, 0), EAGAIN);
  CHECK(sendto(a, "n", 1, 0, (struct sockaddr *) &path, sizeof path) == 1); /* name ignored */
  CHECK(recv(b, got, 2, 0) == 1);
  CHECK_ERR(connect(a, &unspec, sizeof unspec), EINVAL);
  CHECK_ERR(listen(a, 1), EINVAL);
  CHECK_OK(shutdown(a, SHUT_WR));
  CHECK(revents(b) == (POLLIN | POLLOUT | POLLRDHUP));
  CHECK(recv(b, got, 2, 0) == 0);
  CHECK_ERR(send(a, "x", 1, 0), EPIPE);
  CHECK_OK(close(a));
  CHECK_OK(close(b));

  /* A SOCK_SEQPACKET partner closing with messages unread: ECONNRESET
   * first, then what it had sent, then the end. */
  CHECK_OK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv));
  CHECK(send(sv[1], "zz", 2, 0) == 2);
  CHECK(send(sv[0], "q", 1, 0) == 1);
  CHECK_OK(close(sv[0]));
  CHECK(revents(sv[1]) == (POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDHUP));
  CHECK_ERR(recv(sv[1], got, sizeof got, 0), ECONNRESET);
  CHECK(recv(sv[1], got, sizeof got, 0) == 1 && got[0] == 'q');
  CHECK(recv(sv[1], got, sizeof got, 0) == 0);
  CHECK_ERR(send(sv[1], "x", 1, 0), EPIPE);
  CHECK_OK(close(sv[1]));
  CHECK_DONE();
}
