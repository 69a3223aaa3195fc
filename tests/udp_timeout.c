/* SO_RCVTIMEO on a blocking UDP socket: a receive on an empty socket waits
 * about the timeout and then fails with EAGAIN; it neither returns at once
 * nor blocks forever. A datagram that is already queued is returned without
 * waiting, and the timeout applies afresh to each call. Clients use this as
 * their only retry timer, so both "it waits" and "it stops waiting" matter.
 * The bounds are loose on purpose. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sock_util.h"

static void expect_timeout(const char *what, ssize_t r, int e, double dt) {
  if (!(r == -1 && e == EAGAIN) || dt < 150 || dt >= 3000)
    fprintf(stderr, "%s: got %zd errno %d after %.0f ms\n", what, r, e, dt);
  CHECK(r == -1 && e == EAGAIN);
  CHECK(dt >= 150);
  CHECK(dt < 3000);
}

int main(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  struct sockaddr_in me = bind_loopback4(fd, 0);

  struct timeval tv = {.tv_sec = 0, .tv_usec = 200 * 1000};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));

  /* Every receive call honours the timeout. */
  char buf[32];
  double t0 = check_now_ms();
  errno = 0;
  ssize_t r = recv(fd, buf, sizeof buf, 0);
  expect_timeout("recv", r, errno, check_now_ms() - t0);

  t0 = check_now_ms();
  errno = 0;
  r = recvfrom(fd, buf, sizeof buf, 0, NULL, NULL);
  expect_timeout("recvfrom", r, errno, check_now_ms() - t0);

  struct iovec iov = {buf, sizeof buf};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  t0 = check_now_ms();
  errno = 0;
  r = recvmsg(fd, &mh, 0);
  expect_timeout("recvmsg", r, errno, check_now_ms() - t0);

  t0 = check_now_ms();
  errno = 0;
  r = read(fd, buf, sizeof buf);
  expect_timeout("read", r, errno, check_now_ms() - t0);

  /* A queued datagram comes back at once, timeout or not. */
  CHECK(sendto(fd, "ready", 5, 0, (struct sockaddr *) &me, sizeof me) == 5);
  t0 = check_now_ms();
  r = recv(fd, buf, sizeof buf, 0);
  double dt = check_now_ms() - t0;
  CHECK(r == 5 && memcmp(buf, "ready", 5) == 0);
  CHECK(dt < 150);

  /* The timeout is per call: after a success, the next empty receive
   * times out again. */
  t0 = check_now_ms();
  errno = 0;
  r = recv(fd, buf, sizeof buf, 0);
  expect_timeout("recv again", r, errno, check_now_ms() - t0);

  /* A zero timeval turns the timeout off; MSG_DONTWAIT still returns at
   * once (so this never blocks). */
  tv.tv_sec = 0;
  tv.tv_usec = 0;
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  t0 = check_now_ms();
  CHECK_ERR(recv(fd, buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
  CHECK(check_now_ms() - t0 < 150);

  CHECK_OK(close(fd));
  CHECK_DONE();
}
