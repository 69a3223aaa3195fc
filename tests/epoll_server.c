/* A server loop over 100 sockets with epoll and with poll: one sender
 * keeps one socket busy; every datagram is received exactly once, in
 * order, and the idle sockets are never reported. */
#include <poll.h>
#include <sys/epoll.h>

#include "check.h"
#include "sock_util.h"

#define NSOCK 100
#define NMSG 300

static int socks[NSOCK];

static int run(int use_epoll, int busy) {
  struct sockaddr_in addr;
  int ep = -1, failures = 0;
  for (int i = 0; i < NSOCK; i++) {
    socks[i] = udp_bound(SOCK_NONBLOCK, i == busy ? &addr : NULL);
    if (socks[i] < 0)
      return 1;
  }
  if (use_epoll) {
    ep = epoll_create1(0);
    for (int i = 0; i < NSOCK; i++) {
      struct epoll_event ev = {EPOLLIN, {.u32 = (uint32_t) i}};
      if (epoll_ctl(ep, EPOLL_CTL_ADD, socks[i], &ev) < 0)
        return 1;
    }
  }
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  int next_send = 0, next_recv = 0;
  double t0 = check_now_ms();
  while (next_recv < NMSG && check_now_ms() - t0 < 10000) {
    /* Keep a few datagrams in flight. */
    while (next_send < NMSG && next_send - next_recv < 4) {
      char m[16];
      snprintf(m, sizeof m, "%d", next_send++);
      send_to(tx, &addr, m);
    }
    int ready[NSOCK], nready = 0;
    if (use_epoll) {
      struct epoll_event out[16];
      int n = epoll_wait(ep, out, 16, 1000);
      for (int k = 0; k < n; k++)
        ready[nready++] = (int) out[k].data.u32;
    } else {
      struct pollfd p[NSOCK];
      for (int i = 0; i < NSOCK; i++)
        p[i] = (struct pollfd) {socks[i], POLLIN, 0};
      int n = poll(p, NSOCK, 1000);
      for (int i = 0; i < NSOCK && n > 0; i++)
        if (p[i].revents)
          ready[nready++] = i;
    }
    for (int k = 0; k < nready; k++) {
      if (ready[k] != busy) {
        fprintf(stderr, "idle socket %d reported ready\n", ready[k]);
        failures++;
        continue;
      }
      char buf[16];
      ssize_t r;
      while ((r = recv(socks[busy], buf, sizeof buf - 1, 0)) > 0) {
        buf[r] = 0;
        if (atoi(buf) != next_recv) {
          fprintf(stderr, "got %s, expected %d\n", buf, next_recv);
          failures++;
        }
        next_recv++;
      }
    }
  }
  if (next_recv != NMSG) {
    fprintf(stderr, "%s: received %d of %d\n", use_epoll ? "epoll" : "poll", next_recv, NMSG);
    failures++;
  }
  for (int i = 0; i < NSOCK; i++)
    close(socks[i]);
  close(tx);
  if (ep >= 0)
    close(ep);
  return failures;
}

int main(void) {
  check_failures += run(1, 57);
  check_failures += run(0, 13);
  CHECK_DONE();
}
