/* Many datagrams to many sockets, taken through epoll in edge-triggered,
 * level-triggered and one-shot mode while the host completes receives in
 * whatever order its policy picks: every datagram arrives exactly once, in
 * the order it was sent to its socket, and an edge-triggered loop that
 * drains to EAGAIN never stalls with data left. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "sock_util.h"

#define NS 8
#define PER 40

static void run(uint32_t mode) {
  int fd[NS], next[NS];
  struct sockaddr_in a[NS];
  int ep = epoll_create1(EPOLL_CLOEXEC);
  CHECK(ep >= 0);
  for (int i = 0; i < NS; i++) {
    fd[i] = bound4_at(SOCK_DGRAM | SOCK_NONBLOCK, 0, &a[i]);
    next[i] = 0;
    struct epoll_event ev = {.events = EPOLLIN | mode, .data.u32 = (uint32_t) i};
    CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &ev));
  }
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(tx >= 0);
  int sent = 0, got = 0;
  for (int k = 0; k < PER; k++)
    for (int i = 0; i < NS; i++) {
      int v = k;
      if (sendto(tx, &v, sizeof v, 0, (struct sockaddr *) &a[(i * 3 + k) % NS], sizeof a[0]) ==
          (ssize_t) sizeof v)
        sent++;
    }
  /* Sender order per destination: socket d receives 0..PER-1 in order. */
  double t0 = check_now_ms();
  while (got < sent && check_now_ms() - t0 < 5000) {
    struct epoll_event out[4];
    int n = epoll_wait(ep, out, 4, 1000);
    CHECK(n >= 0);
    for (int j = 0; j < n; j++) {
      int i = (int) out[j].data.u32;
      CHECK(i >= 0 && i < NS && (out[j].events & EPOLLIN));
      for (;;) { /* drain: required for EPOLLET, harmless otherwise */
        int v;
        ssize_t r = recv(fd[i], &v, sizeof v, 0);
        if (r < 0) {
          CHECK(errno == EAGAIN);
          break;
        }
        CHECK(r == (ssize_t) sizeof v);
        if (v != next[i])
          fprintf(stderr, "socket %d: got %d, want %d\n", i, v, next[i]);
        CHECK(v == next[i]);
        next[i] = v + 1;
        got++;
        if (mode == 0 && got % 3 == 0)
          break; /* level-triggered: leave some for the next wait */
      }
      if (mode & EPOLLONESHOT) {
        struct epoll_event ev = {.events = EPOLLIN | mode, .data.u32 = (uint32_t) i};
        CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, fd[i], &ev));
      }
    }
  }
  if (got != sent)
    fprintf(stderr, "mode %#x: got %d of %d\n", mode, got, sent);
  CHECK(got == sent && sent == NS * PER);
  for (int i = 0; i < NS; i++)
    CHECK_OK(close(fd[i]));
  CHECK_OK(close(tx));
  CHECK_OK(close(ep));
}

int main(void) {
  run(EPOLLET);
  run(0);
  run(EPOLLONESHOT);
  run(EPOLLET | EPOLLONESHOT);
  CHECK_DONE();
}
