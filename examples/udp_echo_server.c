/* A UDP echo server in plain POSIX C: it echoes every datagram back to its
 * sender, using poll so that it also notices when it has been idle too
 * long. A datagram "quit" stops it.
 *
 *   udp_echo_server [port] [idle-seconds]
 *
 * Port 0 (the default) lets the system choose; the chosen port is printed
 * as "listening on 127.0.0.1:PORT". */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 0;
  int idle_s = argc > 2 ? atoi(argv[2]) : 30;

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short) port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0) {
    perror("bind");
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(fd, (struct sockaddr *) &addr, &len);
  printf("server: listening on 127.0.0.1:%d\n", ntohs(addr.sin_port));

  unsigned long echoed = 0, bytes = 0;
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    int n = poll(&p, 1, idle_s * 1000);
    if (n < 0) {
      perror("poll");
      return 1;
    }
    if (n == 0) {
      printf("server: idle for %d s, stopping\n", idle_s);
      break;
    }
    char buf[65536];
    struct sockaddr_in from;
    socklen_t flen = sizeof from;
    ssize_t r = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *) &from, &flen);
    if (r < 0) {
      perror("recvfrom");
      continue;
    }
    char who[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &from.sin_addr, who, sizeof who);
    if (r == 4 && !memcmp(buf, "quit", 4)) {
      printf("server: quit from %s:%d\n", who, ntohs(from.sin_port));
      break;
    }
    if (sendto(fd, buf, (size_t) r, 0, (struct sockaddr *) &from, flen) < 0)
      perror("sendto");
    echoed++;
    bytes += (unsigned long) r;
    if (echoed <= 3)
      printf("server: echoed %zd bytes to %s:%d\n", r, who, ntohs(from.sin_port));
  }
  printf("server: echoed %lu datagrams, %lu bytes\n", echoed, bytes);
  close(fd);
  return 0;
}
