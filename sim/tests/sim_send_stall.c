/* Sends the host finishes only 1.5 s after starting them. The datagrams
 * leave at once, but each send's bytes count against SO_SNDBUF until it
 * returns: a nonblocking sender sees EAGAIN once the buffer is full, a
 * blocking one waits (and gives up after SO_SNDTIMEO), POLLOUT comes back
 * when sends return, and close() waits a bounded time for sends still in
 * flight, then cancels them (their result areas must stay valid). */
// P3SIM-ENV: P3SIM_SEND_DELAY_MS=1500
// P3SIM-POLICIES: asan:immediate asan:delayed asan:jco:seed=1 asan:random:seed=1 valgrind:immediate
// P3NET-TIMEOUT: 60
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"
#include "sock_util.h"

int main(void) {
  struct sockaddr_in ra, ta;
  int rx = bound4_at(SOCK_DGRAM, 0, &ra), tx = bound4_at(SOCK_DGRAM | SOCK_NONBLOCK, 0, &ta);
  int small = 2304; /* Linux doubles it: 4608 bytes */
  CHECK_OK(setsockopt(tx, SOL_SOCKET, SO_SNDBUF, &small, sizeof small));
  static char buf[2000];
  int sent = 0, again = 0;
  for (int i = 0; i < 10; i++) {
    errno = 0;
    ssize_t n = sendto(tx, buf, sizeof buf, 0, (struct sockaddr *) &ra, sizeof ra);
    if (n == (ssize_t) sizeof buf)
      sent++;
    else if (n == -1 && errno == EAGAIN)
      again++;
    else
      CHECK(!"sendto: neither sent nor EAGAIN");
  }
  printf("nonblocking: %d sent, %d EAGAIN\n", sent, again);
  CHECK(sent >= 2);
  /* Natively sends return at once and never fill the buffer. */
  struct pollfd p = {tx, POLLOUT, 0};
  CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLOUT));

  /* What was sent arrived, whatever the sends' return. */
  for (int i = 0; i < sent; i++) {
    struct pollfd q = {rx, POLLIN, 0};
    CHECK(poll(&q, 1, 2000) == 1);
    CHECK(recv(rx, buf, sizeof buf, 0) == (ssize_t) sizeof buf);
  }

  /* Blocking sender with a send timeout. */
  CHECK_OK(fcntl(tx, F_SETFL, 0));
  struct timeval tv = {0, 100 * 1000};
  CHECK_OK(setsockopt(tx, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
  int blocked = 0;
  for (int i = 0; i < 4; i++) {
    double t0 = check_now_ms();
    errno = 0;
    ssize_t n = sendto(tx, buf, sizeof buf, 0, (struct sockaddr *) &ra, sizeof ra);
    if (n == -1) {
      CHECK(errno == EAGAIN);
      CHECK(check_now_ms() - t0 >= 90);
      blocked++;
    }
  }
  printf("blocking: %d timed out\n", blocked);

  /* Close with sends in flight: bounded, and the fd is free again. */
  double t0 = check_now_ms();
  CHECK_OK(close(tx));
  double took = check_now_ms() - t0;
  printf("close took %.0f ms\n", took);
  CHECK(took < 5000);
  int again_fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(again_fd == tx);
  CHECK_OK(close(again_fd));
  CHECK_OK(close(rx));
  CHECK_DONE();
}
