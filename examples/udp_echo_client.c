/* A UDP echo client in plain POSIX C: it resolves host and port with
 * getaddrinfo, sends numbered datagrams, waits for each echo with a
 * timeout, and reports round-trip times. It ends by sending "quit".
 *
 *   udp_echo_client host port [count] */
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s host port [count]\n", argv[0]);
    return 2;
  }
  int count = argc > 3 ? atoi(argv[3]) : 10;
  struct addrinfo hints = {0}, *res;
  hints.ai_family = AF_INET; /* the example server listens on IPv4 loopback */
  hints.ai_socktype = SOCK_DGRAM;
  int e = getaddrinfo(argv[1], argv[2], &hints, &res);
  if (e) {
    fprintf(stderr, "getaddrinfo %s %s: %s\n", argv[1], argv[2], gai_strerror(e));
    return 1;
  }
  /* Use the first address a socket can be made for; connect, so that only
   * the server's answers arrive and send() needs no address. */
  int fd = -1;
  for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(res);
  if (fd < 0) {
    perror("socket/connect");
    return 1;
  }

  int got = 0;
  double total = 0, best = 1e18, worst = 0;
  for (int i = 0; i < count; i++) {
    char msg[64], buf[64];
    int len = snprintf(msg, sizeof msg, "ping %d", i);
    double t0 = now_us();
    if (send(fd, msg, (size_t) len, 0) < 0) {
      perror("send");
      return 1;
    }
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 1000) != 1) {
      printf("client: no echo for \"%s\" within 1 s\n", msg);
      continue;
    }
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    double rtt = now_us() - t0;
    if (r != len || memcmp(buf, msg, (size_t) len)) {
      printf("client: wrong echo for \"%s\"\n", msg);
      continue;
    }
    got++;
    total += rtt;
    best = rtt < best ? rtt : best;
    worst = rtt > worst ? rtt : worst;
    if (i < 3)
      printf("client: \"%s\" echoed in %.0f us\n", msg, rtt);
  }
  printf("client: %d/%d echoed; round trip min %.0f / mean %.0f / max %.0f us\n", got, count,
         got ? best : 0, got ? total / got : 0, got ? worst : 0);
  send(fd, "quit", 4, 0);
  close(fd);
  return got == count ? 0 : 1;
}
