/* ioctl(FIONREAD) on a UDP socket reports the payload size of the NEXT
 * queued datagram (not the total queued bytes), and 0 when nothing is
 * queued. Code uses it to size the receive buffer before recv, so reporting
 * the total, or a stale value, makes it allocate wrongly or truncate. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_util.h"

static int pending(int fd) {
  int n = -1;
  CHECK_OK(ioctl(fd, FIONREAD, &n));
  return n;
}

/* Waits (bounded) until FIONREAD reports want: a second datagram may still
 * be on its way when the first is read. */
static int pending_soon(int fd, int want) {
  double t0 = check_now_ms();
  int n;
  while ((n = pending(fd)) != want && check_now_ms() - t0 < 2000)
    poll(NULL, 0, 10);
  return n;
}

int main(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  limit_wait(fd);
  /* Unbound: nothing pending. */
  CHECK(pending(fd) == 0);

  struct sockaddr_in me = bind_loopback4(fd, 0);
  CHECK(pending(fd) == 0);

  static char data[1000];
  memset(data, 'd', sizeof data);
  CHECK(sendto(fd, data, 100, 0, (struct sockaddr *) &me, sizeof me) == 100);
  CHECK(sendto(fd, data, 7, 0, (struct sockaddr *) &me, sizeof me) == 7);
  CHECK(sendto(fd, data, 1000, 0, (struct sockaddr *) &me, sizeof me) == 1000);
  CHECK(readable(fd));

  /* The first datagram's size, not 1107. */
  CHECK(pending(fd) == 100);
  /* Peeking changes nothing. */
  char buf[2000];
  CHECK(recv(fd, buf, sizeof buf, MSG_PEEK) == 100);
  CHECK(pending(fd) == 100);
  CHECK(recv(fd, buf, sizeof buf, 0) == 100);

  CHECK(pending_soon(fd, 7) == 7);
  CHECK(recv(fd, buf, sizeof buf, 0) == 7);

  /* A truncated read consumes the whole datagram: nothing is left. */
  CHECK(pending_soon(fd, 1000) == 1000);
  CHECK(recv(fd, buf, 10, 0) == 10);
  CHECK(pending(fd) == 0);

  /* A zero-length datagram reads as 0 as well, though it is queued. */
  CHECK(sendto(fd, data, 0, 0, (struct sockaddr *) &me, sizeof me) == 0);
  CHECK(readable(fd));
  CHECK(pending(fd) == 0);
  CHECK(recv(fd, buf, sizeof buf, 0) == 0);
  CHECK(pending(fd) == 0);

  /* A large one is reported whole. */
  static char big[60000];
  memset(big, 'b', sizeof big);
  CHECK(sendto(fd, big, sizeof big, 0, (struct sockaddr *) &me, sizeof me) == (ssize_t) sizeof big);
  CHECK(readable(fd));
  CHECK(pending(fd) == (int) sizeof big);
  static char bigbuf[65536];
  CHECK(recv(fd, bigbuf, sizeof bigbuf, 0) == (ssize_t) sizeof big);
  CHECK(pending(fd) == 0);

  /* The same on IPv6. */
  int fd6 = socket(AF_INET6, SOCK_DGRAM, 0);
  CHECK(fd6 >= 0);
  limit_wait(fd6);
  struct sockaddr_in6 me6;
  memset(&me6, 0, sizeof me6);
  me6.sin6_family = AF_INET6;
  me6.sin6_addr.s6_addr[15] = 1;
  CHECK_OK(bind(fd6, (struct sockaddr *) &me6, sizeof me6));
  socklen_t len = sizeof me6;
  CHECK_OK(getsockname(fd6, (struct sockaddr *) &me6, &len));
  CHECK(pending(fd6) == 0);
  CHECK(sendto(fd6, data, 333, 0, (struct sockaddr *) &me6, sizeof me6) == 333);
  CHECK(readable(fd6));
  CHECK(pending(fd6) == 333);
  CHECK(recv(fd6, buf, sizeof buf, 0) == 333);
  CHECK(pending(fd6) == 0);

  CHECK_OK(close(fd6));
  CHECK_OK(close(fd));
  CHECK_DONE();
}
