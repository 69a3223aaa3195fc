/* A TCP echo server in plain POSIX C: an epoll loop over a nonblocking
 * listener and its connections, echoing every byte back. It stops after
 * serving the given number of connections, or when idle too long.
 *
 *   tcp_echo_server [port] [connections] [idle-seconds]
 *
 * Port 0 (the default) lets the system choose; the chosen port is printed
 * as "listening on 127.0.0.1:PORT". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 0;
  int want = argc > 2 ? atoi(argv[2]) : 1;
  int idle_s = argc > 3 ? atoi(argv[3]) : 30;

  int lst = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (lst < 0) {
    perror("socket");
    return 1;
  }
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short) port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(lst, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(lst, 64) < 0) {
    perror("bind/listen");
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(lst, (struct sockaddr *) &addr, &len);
  printf("server: listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));
  fflush(stdout);

  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = lst};
  epoll_ctl(ep, EPOLL_CTL_ADD, lst, &ev);
  int served = 0, open = 0;
  unsigned long bytes = 0;
  while (served < want || open) {
    struct epoll_event evs[16];
    int n = epoll_wait(ep, evs, 16, idle_s * 1000);
    if (n <= 0) {
      printf("server: idle for %d s, stopping\n", idle_s);
      break;
    }
    for (int i = 0; i < n; i++) {
      int fd = evs[i].data.fd;
      if (fd == lst) {
        struct sockaddr_in from;
        socklen_t flen = sizeof from;
        int c = accept4(lst, (struct sockaddr *) &from, &flen, SOCK_NONBLOCK);
        if (c < 0)
          continue;
        char who[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &from.sin_addr, who, sizeof who);
        printf("server: connection from %s:%d\n", who, ntohs(from.sin_port));
        struct epoll_event cev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = c};
        epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
        open++;
        continue;
      }
      char buf[16384];
      ssize_t r;
      while ((r = recv(fd, buf, sizeof buf, 0)) > 0) {
        /* The client reads its echo as it goes, so the send side drains. */
        for (ssize_t off = 0; off < r;) {
          ssize_t w = send(fd, buf + off, (size_t) (r - off), MSG_NOSIGNAL);
          if (w < 0 && errno != EAGAIN)
            break;
          off += w > 0 ? w : 0;
        }
        bytes += (unsigned long) r;
      }
      if (r == 0 || (r < 0 && errno != EAGAIN)) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
        close(fd);
        open--;
        served++;
      }
    }
  }
  printf("server: served %d connections, echoed %lu bytes\n", served, bytes);
  close(ep);
  close(lst);
  return served == want ? 0 : 1;
}
