/* An epoll server with 100 clients at once, all in one program: every
 * client connects without blocking, the server accepts by epoll
 * (edge-triggered, so each accept loop runs to EAGAIN), each client sends
 * its own line, the server echoes it, each client checks its echo, and
 * every connection ends with the client's FIN and the server's close. */
// P3NET-TIMEOUT: 120
// P3NET-WASMTIME-FLAGS: -Smax-resources=4000
#include <sys/epoll.h>

#include "check.h"
#include "tcp_util.h"

#define N 100

int main(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  CHECK_OK(listen(lst, 128));
  set_nonblock(lst, 1);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u32 = 1000};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, lst, &ev));

  int cli[N];
  for (int i = 0; i < N; i++) {
    cli[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int r = connect(cli[i], (struct sockaddr *) &la, sockaddr_len(&la));
    CHECK(r == 0 || errno == EINPROGRESS);
    ev = (struct epoll_event) {.events = EPOLLOUT | EPOLLONESHOT, .data.u32 = (uint32_t) i};
    CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, cli[i], &ev));
  }
  int accepted = 0, sent = 0, echoed = 0, checked = 0, closed = 0;
  double start = check_now_ms();
  while (closed < N && check_now_ms() - start < 60000) {
    struct epoll_event evs[64];
    int n = epoll_wait(ep, evs, 64, 5000);
    CHECK(n > 0);
    if (n <= 0)
      break;
    for (int k = 0; k < n; k++) {
      uint32_t id = evs[k].data.u32;
      char line[32], buf[64];
      if (id == 1000) { /* the listener: take every waiting connection */
        int s;
        while ((s = accept4(lst, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          ev = (struct epoll_event) {.events = EPOLLIN | EPOLLRDHUP,
                                     .data.u32 = 2000u + (uint32_t) s};
          CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
          accepted++;
        }
        CHECK(errno == EAGAIN);
      } else if (id >= 2000) { /* a server end: echo, or close at the end */
        int s = (int) (id - 2000);
        ssize_t r;
        while ((r = recv(s, buf, sizeof buf, 0)) > 0) {
          CHECK(send(s, buf, (size_t) r, 0) == r);
          echoed++;
        }
        if (r == 0) {
          CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL));
          close(s);
          closed++;
        } else {
          CHECK(errno == EAGAIN);
        }
      } else if (evs[k].events & EPOLLOUT) { /* a client is connected: send */
        int n2 = snprintf(line, sizeof line, "client %u\n", id);
        CHECK(send(cli[id], line, (size_t) n2, 0) == n2);
        sent++;
        ev = (struct epoll_event) {.events = EPOLLIN, .data.u32 = id};
        CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, cli[id], &ev));
      } else if (evs[k].events & EPOLLIN) { /* its echo */
        int n2 = snprintf(line, sizeof line, "client %u\n", id);
        ssize_t r = recv(cli[id], buf, sizeof buf, MSG_PEEK);
        if (r < n2)
          continue; /* part of it yet: level-triggered, it comes again */
        CHECK(recv(cli[id], buf, sizeof buf, 0) == n2 && !memcmp(buf, line, (size_t) n2));
        checked++;
        CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, cli[id], NULL));
        CHECK_OK(shutdown(cli[id], SHUT_WR));
      }
    }
  }
  printf("%d accepted, %d sent, %d echoed, %d checked, %d closed in %.0f ms\n", accepted, sent,
         echoed, checked, closed, check_now_ms() - start);
  CHECK(accepted == N && sent == N && checked == N && closed == N);
  for (int i = 0; i < N; i++)
    close(cli[i]);
  close(ep);
  close(lst);
  CHECK_DONE();
}
