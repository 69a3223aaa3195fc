/* One epoll set, one poll array and one select over every descriptor
 * kind at once: a UDP socket, a pipe, an eventfd, a timerfd and a
 * socketpair end. Each becomes ready on its own and is reported with its
 * own data; the timer wakes a wait that nothing else would end; all ready
 * together are all reported; and a datagram that arrives while the
 * in-component descriptors are permanently ready is still seen (the host
 * gets its turn on every call). */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "sock_util.h"

enum { UDP, PIPE, EVENT, TIMER, PAIR, KINDS };

/* Waits up to ms for epoll to report exactly one entry; returns its data. */
static int only_one(int ep, int ms, uint32_t *events) {
  struct epoll_event out[KINDS];
  int n = epoll_wait(ep, out, KINDS, ms);
  if (n != 1)
    return -1 - n;
  *events = out[0].events;
  return (int) out[0].data.u32;
}

int main(void) {
  struct sockaddr_in ua;
  int udp = udp_bound(SOCK_NONBLOCK, &ua);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  int p[2], sv[2];
  CHECK_OK(pipe2(p, O_NONBLOCK));
  int efd = eventfd(0, EFD_NONBLOCK);
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  CHECK_OK(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv));
  CHECK(udp >= 0 && tx >= 0 && efd >= 0 && tfd >= 0);
  int fd[KINDS] = {udp, p[0], efd, tfd, sv[0]};

  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  for (int k = 0; k < KINDS; k++) {
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t) k};
    CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd[k], &ev));
  }
  struct epoll_event out[KINDS];
  CHECK(epoll_wait(ep, out, KINDS, 0) == 0);

  /* One at a time, each emptied again after. */
  uint32_t ev;
  CHECK(send_to(tx, &ua, "udp") == 0);
  CHECK(only_one(ep, 2000, &ev) == UDP && ev == EPOLLIN);
  char buf[64];
  CHECK(recv(udp, buf, sizeof buf, 0) == 3);
  CHECK(write(p[1], "pipe", 4) == 4);
  CHECK(only_one(ep, 2000, &ev) == PIPE);
  CHECK(read(p[0], buf, sizeof buf) == 4);
  CHECK_OK(eventfd_write(efd, 1));
  CHECK(only_one(ep, 2000, &ev) == EVENT);
  eventfd_t cnt;
  CHECK_OK(eventfd_read(efd, &cnt));
  CHECK(send(sv[1], "pair", 4, 0) == 4);
  CHECK(only_one(ep, 2000, &ev) == PAIR);
  CHECK(recv(sv[0], buf, sizeof buf, 0) == 4);
  CHECK(epoll_wait(ep, out, KINDS, 0) == 0);

  /* The timer ends a wait nothing else would. */
  struct itimerspec its = {{0, 0}, {0, 40 * 1000000}};
  double t0 = check_now_ms();
  CHECK_OK(timerfd_settime(tfd, 0, &its, NULL));
  CHECK(only_one(ep, 3000, &ev) == TIMER);
  double took = check_now_ms() - t0;
  CHECK(took >= 39 && took < 2500);
  uint64_t ticks = 0;
  CHECK(read(tfd, &ticks, sizeof ticks) == 8 && ticks == 1);

  /* All ready at once: all reported, each once. */
  its.it_value.tv_nsec = 1000000;
  CHECK_OK(timerfd_settime(tfd, 0, &its, NULL));
  CHECK(send_to(tx, &ua, "all") == 0);
  CHECK(write(p[1], "x", 1) == 1);
  CHECK_OK(eventfd_write(efd, 2));
  CHECK(send(sv[1], "y", 1, 0) == 1);
  CHECK(readable(udp));
  CHECK(readable_within(tfd, 2000));
  int seen = 0;
  int n = epoll_wait(ep, out, KINDS, 2000);
  CHECK(n == KINDS);
  for (int i = 0; i < n; i++)
    seen |= 1 << out[i].data.u32;
  CHECK(seen == (1 << KINDS) - 1);

  /* poll and select over the same five. */
  struct pollfd pf[KINDS];
  for (int k = 0; k < KINDS; k++)
    pf[k] = (struct pollfd) {fd[k], POLLIN, 0};
  CHECK(poll(pf, KINDS, 0) == KINDS);
  fd_set r;
  FD_ZERO(&r);
  int maxfd = 0;
  for (int k = 0; k < KINDS; k++) {
    FD_SET(fd[k], &r);
    maxfd = fd[k] > maxfd ? fd[k] : maxfd;
  }
  struct timeval tv = {0, 0};
  CHECK(select(maxfd + 1, &r, NULL, NULL, &tv) == KINDS);
  CHECK(recv(udp, buf, sizeof buf, 0) == 3);
  CHECK(read(tfd, &ticks, sizeof ticks) == 8);
  CHECK(recv(sv[0], buf, sizeof buf, 0) == 1);
  CHECK_OK(eventfd_read(efd, &cnt));
  CHECK(poll(pf, KINDS, 0) == 1 && pf[PIPE].revents == POLLIN);

  /* The pipe stays readable (never read again); a datagram must still be
   * seen within the bound, by epoll and by poll. */
  CHECK(send_to(tx, &ua, "late") == 0);
  int found = 0;
  t0 = check_now_ms();
  while (!found && check_now_ms() - t0 < 2000) {
    n = epoll_wait(ep, out, KINDS, 1000);
    for (int i = 0; i < n; i++)
      found |= out[i].data.u32 == UDP;
  }
  CHECK(found);
  CHECK(recv(udp, buf, sizeof buf, 0) == 4);
  CHECK(send_to(tx, &ua, "late2") == 0);
  found = 0;
  t0 = check_now_ms();
  while (!found && check_now_ms() - t0 < 2000)
    found = poll(pf, KINDS, 1000) >= 2 && pf[UDP].revents == POLLIN;
  CHECK(found);
  CHECK(recv(udp, buf, sizeof buf, 0) == 5);

  for (int k = 0; k < KINDS; k++)
    CHECK_OK(close(fd[k]));
  CHECK_OK(close(p[1]));
  CHECK_OK(close(sv[1]));
  CHECK_OK(close(tx));
  CHECK_OK(close(ep));
  CHECK_DONE();
}
