/* A socket's first receive can finish the moment it starts: here the
 * socket is bound implicitly by a first send the host takes 300 ms to
 * finish, and a peer (a child process on raw system calls, outside p3net)
 * answers within that time. The answer is then already there when p3net
 * starts the receive at the implicit bind, and the epoll sets registered
 * before any bind (one level-, one edge-triggered) must hear of it like
 * of any other arrival. */
// P3SIM-ENV: P3SIM_SEND_DELAY_MS=300
// P3SIM-POLICIES: asan:immediate asan:random:seed=1 valgrind:immediate
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "sock_util.h"

/* The peer: one datagram in, the same back, then exit. Raw system calls
 * only, so nothing of p3net (linked into this program) runs in it. */
static void peer(int fd) {
  char buf[64];
  struct sockaddr_in from;
  socklen_t flen = sizeof from;
  long n = syscall(SYS_recvfrom, fd, buf, sizeof buf, 0, &from, &flen);
  if (n > 0)
    syscall(SYS_sendto, fd, buf, n, 0, &from, flen);
  syscall(SYS_exit_group, 0);
}

int main(void) {
  struct sockaddr_in pa = loopback4(0);
  socklen_t plen = sizeof pa;
  long pfd = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
  CHECK(pfd >= 0);
  CHECK(syscall(SYS_bind, pfd, &pa, sizeof pa) == 0);
  CHECK(syscall(SYS_getsockname, pfd, &pa, &plen) == 0);
  pid_t child = fork();
  if (child == 0)
    peer((int) pfd);
  syscall(SYS_close, pfd);

  int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int lt = epoll_create1(0), et = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = s};
  CHECK_OK(epoll_ctl(lt, EPOLL_CTL_ADD, s, &ev));
  ev.events = EPOLLIN | EPOLLET;
  CHECK_OK(epoll_ctl(et, EPOLL_CTL_ADD, s, &ev));
  struct epoll_event out[2];
  CHECK(epoll_wait(lt, out, 2, 0) == 0 && epoll_wait(et, out, 2, 0) == 0);

  CHECK(send_to(s, &pa, "ping") == 0); /* binds s; returns once the host has finished it */
  CHECK(epoll_wait(lt, out, 2, 2000) == 1 && out[0].data.fd == s);
  CHECK(epoll_wait(et, out, 2, 2000) == 1 && out[0].data.fd == s);
  CHECK(epoll_wait(et, out, 2, 0) == 0); /* one edge, reported once */
  char buf[16];
  CHECK(recv(s, buf, sizeof buf, 0) == 4 && !memcmp(buf, "ping", 4));
  CHECK(epoll_wait(lt, out, 2, 0) == 0);
  int status = -1;
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status));
  close(lt);
  close(et);
  close(s);
  CHECK_DONE();
}
