/* A datagram can be waiting the moment a socket is bound (a peer that was
 * sending to the port): the simulated host sends one then
 * (P3SIM_BIND_DATAGRAM), so p3net's first receive, started at bind,
 * finishes at once. epoll sets registered before the bind, level- and
 * edge-triggered, must be told, like for any other arrival. */
// P3SIM-ENV: P3SIM_BIND_DATAGRAM=1
// P3SIM-POLICIES: asan:immediate asan:random:seed=1 asan:jco:seed=1 valgrind:immediate
#include <sys/epoll.h>

#include "check.h"
#include "sock_util.h"

int main(void) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int lt = epoll_create1(0), et = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = s}, out[2];
  CHECK_OK(epoll_ctl(lt, EPOLL_CTL_ADD, s, &ev));
  ev.events = EPOLLIN | EPOLLET;
  CHECK_OK(epoll_ctl(et, EPOLL_CTL_ADD, s, &ev));
  CHECK(epoll_wait(lt, out, 2, 0) == 0 && epoll_wait(et, out, 2, 0) == 0);
  bind_loopback4(s, 0);
  CHECK(epoll_wait(et, out, 2, 2000) == 1 && out[0].data.fd == s);
  CHECK(epoll_wait(lt, out, 2, 2000) == 1 && out[0].data.fd == s);
  CHECK(epoll_wait(et, out, 2, 0) == 0); /* one arrival, one edge */
  char buf[64];
  ssize_t n = recv(s, buf, sizeof buf, 0);
  CHECK(n == 20 && !memcmp(buf, "p3sim: bind datagram", 20));
  CHECK(epoll_wait(lt, out, 2, 0) == 0);
  close(lt);
  close(et);
  close(s);
  CHECK_DONE();
}
