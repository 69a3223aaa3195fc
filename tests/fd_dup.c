/* dup, dup2, dup3 and fcntl F_DUPFD/F_DUPFD_CLOEXEC: the lowest free fd,
 * FD_CLOEXEC per fd but O_NONBLOCK shared by the open file description,
 * a socket that keeps working until its last fd closes, and every errno
 * Linux gives for a bad fd, a bad flag or an out-of-range target. */
#include <fcntl.h>
#include <limits.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock_util.h"

int main(void) {
  struct sockaddr_in a, b;
  int s = bound4(&a);
  int peer = bound4(&b);

  /* dup takes the lowest free fd, and a freed low fd is reused. */
  int d = dup(s);
  CHECK(d > s);
  int hole = dup(s);
  CHECK(hole == d + 1);
  int e = dup(s);
  CHECK(e == hole + 1);
  CHECK_OK(close(hole));
  CHECK(dup(s) == hole);
  CHECK_OK(close(hole));
  CHECK_OK(close(e));

  /* FD_CLOEXEC belongs to the fd: a dup starts without it. */
  CHECK_OK(fcntl(s, F_SETFD, FD_CLOEXEC));
  int c = dup(s);
  CHECK(c >= 0);
  CHECK(fcntl(c, F_GETFD) == 0);
  CHECK(fcntl(s, F_GETFD) == FD_CLOEXEC);
  CHECK_OK(close(c));
  CHECK_OK(fcntl(s, F_SETFD, 0));

  /* O_NONBLOCK belongs to the open file description: both fds see it. */
  CHECK_OK(fcntl(d, F_SETFL, fcntl(d, F_GETFL) | O_NONBLOCK));
  CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
  CHECK_OK(fcntl(s, F_SETFL, fcntl(s, F_GETFL) & ~O_NONBLOCK));
  CHECK(!(fcntl(d, F_GETFL) & O_NONBLOCK));

  /* F_DUPFD: the lowest free fd at or above the argument. */
  int f = fcntl(s, F_DUPFD, 40);
  CHECK(f == 40);
  CHECK(fcntl(s, F_DUPFD, 40) == 41);
  CHECK(fcntl(f, F_GETFD) == 0);
  int g = fcntl(s, F_DUPFD_CLOEXEC, 40);
  CHECK(g == 42);
  CHECK(fcntl(g, F_GETFD) == FD_CLOEXEC);
  CHECK_OK(close(41));
  int low = fcntl(s, F_DUPFD, 0);
  CHECK(low >= 0 && low < 40); /* lower fds were free all along */
  CHECK_OK(close(low));
  CHECK_ERR(fcntl(s, F_DUPFD, -1), EINVAL);
  CHECK_ERR(fcntl(s, F_DUPFD, INT_MAX), EINVAL);
  CHECK_ERR(fcntl(s, F_DUPFD_CLOEXEC, -5), EINVAL);
  CHECK_ERR(fcntl(99, F_DUPFD, 0), EBADF);

  /* dup2: exactly the fd asked for, closing what was there. */
  int t = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(t >= 0);
  CHECK(dup2(s, t) == t);
  int type = 0;
  socklen_t tl = sizeof type;
  CHECK_OK(getsockopt(t, SOL_SOCKET, SO_TYPE, &type, &tl));
  struct sockaddr_in name;
  socklen_t nl = sizeof name;
  CHECK_OK(getsockname(t, (struct sockaddr *) &name, &nl));
  CHECK(name.sin_port == a.sin_port); /* t now names s's socket */
  CHECK(dup2(s, s) == s);
  CHECK(dup2(s, 60) == 60);
  CHECK(fcntl(60, F_GETFD) == 0);
  CHECK_ERR(dup2(77, 77), EBADF);
  CHECK_ERR(dup2(77, 78), EBADF);
  CHECK_ERR(dup2(s, -1), EBADF);
  CHECK_ERR(dup2(s, INT_MAX), EBADF);
  CHECK_ERR(dup(-1), EBADF);
  CHECK_ERR(dup(99), EBADF);

  /* dup3: O_CLOEXEC only, never the same fd twice. */
  CHECK(dup3(s, 61, O_CLOEXEC) == 61);
  CHECK(fcntl(61, F_GETFD) == FD_CLOEXEC);
  CHECK(dup3(s, 61, 0) == 61);
  CHECK(fcntl(61, F_GETFD) == 0);
  CHECK_ERR(dup3(s, s, 0), EINVAL);
  CHECK_ERR(dup3(s, 62, O_NONBLOCK), EINVAL);
  CHECK_ERR(dup3(77, 77, 0), EINVAL); /* the flags and sameness come first */
  CHECK_ERR(dup3(77, 78, 0), EBADF);
  CHECK_ERR(dup3(s, -1, 0), EBADF);

  /* The socket stays one socket under every fd, until the last closes. */
  CHECK(send_to(peer, &a, "one") == 0);
  recv_expect(60, "one");
  CHECK_OK(close(s));
  CHECK_OK(close(t));
  CHECK_OK(close(60));
  CHECK_OK(close(61));
  CHECK_OK(close(f));
  CHECK_OK(close(g));
  CHECK(send_to(peer, &a, "two") == 0);
  recv_expect(d, "two"); /* still bound: one fd is left */
  CHECK(send_to(d, &b, "back") == 0);
  recv_expect(peer, "back");
  CHECK_OK(close(d));
  CHECK_ERR(close(d), EBADF);

  /* Now the socket is gone: its port can be bound again. */
  int again = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(again >= 0);
  CHECK_OK(bind(again, (struct sockaddr *) &a, sizeof a));
  close(again);
  close(peer);
  CHECK_DONE();
}
