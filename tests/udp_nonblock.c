/* Non-blocking UDP, by all four routes POSIX/Linux offer: SOCK_NONBLOCK at
 * socket(), fcntl(F_SETFL, O_NONBLOCK), ioctl(FIONBIO) and per-call
 * MSG_DONTWAIT. A receive on an empty socket must fail at once with EAGAIN
 * (== EWOULDBLOCK on Linux) instead of blocking; once poll reports POLLIN the
 * receive succeeds. F_GETFL must reflect the mode whichever way it was set,
 * and clearing it must restore blocking behaviour (checked with SO_RCVTIMEO
 * so the test can never hang). Event loops depend on every one of these. */
#include "check.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_util.h"

static int is_nonblock(int fd) {
  int fl = fcntl(fd, F_GETFL);
  CHECK(fl != -1);
  return fl != -1 && (fl & O_NONBLOCK) != 0;
}

static int would_block(ssize_t r, int e) {
  return r == -1 && (e == EAGAIN || e == EWOULDBLOCK);
}

/* An empty non-blocking socket: recv fails at once with EAGAIN. Then a
 * datagram to self, poll with a bound, and the receive succeeds. */
static void empty_then_one(int fd, const struct sockaddr_in *name, int flags, const char *what) {
  char buf[32];
  double t0 = check_now_ms();
  errno = 0;
  ssize_t r = recv(fd, buf, sizeof buf, flags);
  int e = errno;
  if (!would_block(r, e))
    fprintf(stderr, "%s: recv on empty: got %zd errno %d\n", what, r, e);
  CHECK(would_block(r, e));
  errno = 0;
  r = recvfrom(fd, buf, sizeof buf, flags, NULL, NULL);
  e = errno;
  CHECK(would_block(r, e));
  CHECK(check_now_ms() - t0 < 1000);

  static const char msg[] = "nonblocking";
  CHECK(sendto(fd, msg, sizeof msg, flags, (const struct sockaddr *) name, sizeof *name) ==
        (ssize_t) sizeof msg);
  struct pollfd p = {.fd = fd, .events = POLLIN};
  CHECK(poll(&p, 1, 1000) == 1);
  CHECK(p.revents & POLLIN);
  r = recv(fd, buf, sizeof buf, flags);
  if (r != (ssize_t) sizeof msg)
    fprintf(stderr, "%s: recv after poll: got %zd errno %d\n", what, r, errno);
  CHECK(r == (ssize_t) sizeof msg && memcmp(buf, msg, sizeof msg) == 0);

  /* Drained again. */
  errno = 0;
  r = recv(fd, buf, sizeof buf, flags);
  CHECK(would_block(r, errno));
}

/* Blocking mode is back: with a 100 ms SO_RCVTIMEO, recv on empty waits
 * (rather than failing at once) before EAGAIN. */
static void blocks_again(int fd) {
  struct timeval tv = {.tv_sec = 0, .tv_usec = 100 * 1000};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  char buf[8];
  double t0 = check_now_ms();
  errno = 0;
  ssize_t r = recv(fd, buf, sizeof buf, 0);
  double dt = check_now_ms() - t0;
  CHECK(would_block(r, errno));
  CHECK(dt >= 70);
  CHECK(dt < 3000);
}

int main(void) {
  CHECK(EAGAIN == EWOULDBLOCK);

  /* 1. SOCK_NONBLOCK at creation. */
  struct sockaddr_in name;
  int fd = bound4_limited(SOCK_DGRAM | SOCK_NONBLOCK, 0, &name);
  CHECK(is_nonblock(fd));
  empty_then_one(fd, &name, 0, "SOCK_NONBLOCK");
  /* Clearing via F_SETFL restores blocking. */
  int fl = fcntl(fd, F_GETFL);
  CHECK_OK(fcntl(fd, F_SETFL, fl & ~O_NONBLOCK));
  CHECK(!is_nonblock(fd));
  blocks_again(fd);
  CHECK_OK(close(fd));

  /* 2. fcntl(F_SETFL, O_NONBLOCK). A fresh socket is blocking. */
  fd = bound4_limited(SOCK_DGRAM, 0, &name);
  CHECK(!is_nonblock(fd));
  fl = fcntl(fd, F_GETFL);
  CHECK(fl != -1);
  CHECK((fl & O_ACCMODE) == O_RDWR);
  CHECK_OK(fcntl(fd, F_SETFL, fl | O_NONBLOCK));
  CHECK(is_nonblock(fd));
  CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
  empty_then_one(fd, &name, 0, "fcntl");
  CHECK_OK(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK));
  CHECK(!is_nonblock(fd));
  blocks_again(fd);
  CHECK_OK(close(fd));

  /* 3. ioctl(FIONBIO); F_GETFL sees it. */
  fd = bound4_limited(SOCK_DGRAM, 0, &name);
  int on = 1;
  CHECK_OK(ioctl(fd, FIONBIO, &on));
  CHECK(is_nonblock(fd));
  empty_then_one(fd, &name, 0, "FIONBIO");
  int off = 0;
  CHECK_OK(ioctl(fd, FIONBIO, &off));
  CHECK(!is_nonblock(fd));
  blocks_again(fd);
  CHECK_OK(close(fd));

  /* 4. MSG_DONTWAIT on a blocking socket: per call only. */
  fd = bound4_limited(SOCK_DGRAM, 0, &name);
  empty_then_one(fd, &name, MSG_DONTWAIT, "MSG_DONTWAIT");
  CHECK(!is_nonblock(fd));
  blocks_again(fd);
  CHECK_OK(close(fd));

  /* 5. Sending on a non-blocking socket with room in the buffer succeeds. */
  fd = bound4_limited(SOCK_DGRAM | SOCK_NONBLOCK, 0, &name);
  char byte = 'x';
  CHECK(sendto(fd, &byte, 1, 0, (struct sockaddr *) &name, sizeof name) == 1);
  struct pollfd p = {.fd = fd, .events = POLLIN};
  CHECK(poll(&p, 1, 1000) == 1);
  CHECK(recv(fd, &byte, 1, 0) == 1 && byte == 'x');
  CHECK_OK(close(fd));

  CHECK_DONE();
}
