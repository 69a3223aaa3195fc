/* Deadlines through the reactor's one shared timer: timeouts that shrink
 * (each replaces the pending timer with an earlier one: a cancel), grow
 * (the pending one fires early and is re-armed), and alternate with
 * sleeps and datagrams. Every timed call lasts at least as long as asked. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "sock_util.h"

static void timed_poll(int fd, int ms) {
  struct pollfd p = {fd, POLLIN, 0};
  double t0 = check_now_ms();
  CHECK(poll(&p, 1, ms) == 0);
  double took = check_now_ms() - t0;
  if (took < ms)
    fprintf(stderr, "poll(%d ms) took %.3f ms\n", ms, took);
  CHECK(took >= ms && took < ms + 2000);
}

int main(void) {
  struct sockaddr_in a;
  int fd = bound4_at(SOCK_DGRAM, 0, &a);
  static const int shrink[] = {40, 30, 20, 10, 5, 1};
  for (unsigned i = 0; i < sizeof shrink / sizeof *shrink; i++)
    timed_poll(fd, shrink[i]);
  static const int grow[] = {1, 5, 10, 20, 40};
  for (unsigned i = 0; i < sizeof grow / sizeof *grow; i++)
    timed_poll(fd, grow[i]);

  /* A long SO_RCVTIMEO armed, then a short poll inside nothing else. */
  struct timeval tv = {0, 30 * 1000};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  char buf[16];
  double t0 = check_now_ms();
  CHECK_ERR(recv(fd, buf, sizeof buf, 0), EAGAIN);
  CHECK(check_now_ms() - t0 >= 30);

  /* epoll_wait timeouts, a datagram in between. */
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
  struct epoll_event out[2];
  for (int ms = 25; ms > 0; ms -= 8) {
    t0 = check_now_ms();
    CHECK(epoll_wait(ep, out, 2, ms) == 0);
    CHECK(check_now_ms() - t0 >= ms);
    CHECK(sendto(fd, "tick", 4, 0, (struct sockaddr *) &a, sizeof a) == 4);
    CHECK(epoll_wait(ep, out, 2, 2000) == 1 && out[0].data.fd == fd);
    CHECK(recv(fd, buf, sizeof buf, 0) == 4);
    struct timespec ts = {0, 3 * 1000 * 1000};
    t0 = check_now_ms();
    CHECK_OK(nanosleep(&ts, NULL));
    CHECK(check_now_ms() - t0 >= 3);
  }
  /* Zero timeouts never block and never fire a timer. */
  for (int i = 0; i < 100; i++) {
    struct pollfd p = {fd, POLLIN, 0};
    CHECK(poll(&p, 1, 0) == 0);
    CHECK(epoll_wait(ep, out, 2, 0) == 0);
  }
  CHECK_OK(close(ep));
  CHECK_OK(close(fd));
  CHECK_DONE();
}
