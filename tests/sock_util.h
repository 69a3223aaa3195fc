/* Helpers shared by the readiness tests: loopback UDP sockets bound to a
 * port the system picks. */
#ifndef P3NET_TESTS_SOCK_UTIL_H
#define P3NET_TESTS_SOCK_UTIL_H

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/* A UDP socket bound to 127.0.0.1:0; its address goes to *addr. */
static int udp_bound(int flags, struct sockaddr_in *addr) {
  int fd = socket(AF_INET, SOCK_DGRAM | flags, 0);
  if (fd < 0)
    return -1;
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, (struct sockaddr *) &a, sizeof a) < 0 ||
      getsockname(fd, (struct sockaddr *) &a, &len) < 0) {
    close(fd);
    return -1;
  }
  if (addr)
    *addr = a;
  return fd;
}

static int send_to(int fd, const struct sockaddr_in *to, const char *msg) {
  size_t n = strlen(msg);
  return sendto(fd, msg, n, 0, (const struct sockaddr *) to, sizeof *to) == (ssize_t) n ? 0 : -1;
}

#endif
