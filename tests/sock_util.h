/* Helpers shared by the socket tests: loopback addresses, UDP sockets bound
 * to a port the system picks, bounded waits for a datagram. They live here
 * so that every test builds its sockets and waits the same way; a test keeps
 * in its own file only what it alone needs. Every helper is static inline:
 * each test uses some of them, and an unused one must not warn (-Werror).
 * Helpers that CHECK report this file's lines; the test's tally counts them. */
#ifndef P3NET_TESTS_SOCK_UTIL_H
#define P3NET_TESTS_SOCK_UTIL_H

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"

/* 127.0.0.1:port (port in network order; 0: the system picks one when
 * bound). The address most tests bind and send to. */
static inline struct sockaddr_in loopback4(in_port_t port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = port;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

/* [::1]:port (port in network order), flowinfo and scope id 0: the IPv6
 * counterpart of loopback4. */
static inline struct sockaddr_in6 loopback6(in_port_t port) {
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof a);
  a.sin6_family = AF_INET6;
  a.sin6_port = port;
  a.sin6_addr.s6_addr[15] = 1;
  return a;
}

/* No receive on fd may block for more than 2 s, whatever goes wrong: a
 * failing test then ends instead of hanging the run. */
static inline void limit_wait(int fd) {
  struct timeval tv = {.tv_sec = 2, .tv_usec = 0};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
}

/* Waits at most ms for fd to become readable (POLLIN). A datagram sent on
 * loopback is queued at once on Linux but arrives later on wasip3, so tests
 * wait for it before receiving. */
static inline int readable_within(int fd, int ms) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

/* readable_within with the tests' usual bound of 2 s. */
static inline int readable(int fd) {
  return readable_within(fd, 2000);
}

/* True when a non-blocking receive finds nothing queued (EAGAIN): checks
 * that a datagram was dropped or that a queue was drained. */
static inline int nothing_queued(int fd) {
  char b;
  errno = 0;
  return recv(fd, &b, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN;
}

/* Binds fd to 127.0.0.1:port (0: the system picks) and returns the name the
 * socket got; both calls are CHECKed. */
static inline struct sockaddr_in bind_loopback4(int fd, in_port_t port) {
  struct sockaddr_in a = loopback4(port);
  CHECK_OK(bind(fd, (struct sockaddr *) &a, sizeof a));
  socklen_t len = sizeof a;
  CHECK_OK(getsockname(fd, (struct sockaddr *) &a, &len));
  return a;
}

/* A socket of the given type (SOCK_DGRAM, maybe | SOCK_NONBLOCK) bound to
 * 127.0.0.1:port, every step CHECKed; its name goes to *name. */
static inline int bound4_at(int type, in_port_t port, struct sockaddr_in *name) {
  int fd = socket(AF_INET, type, 0);
  CHECK(fd >= 0);
  *name = bind_loopback4(fd, port);
  return fd;
}

/* bound4_at, and no receive on the socket waits more than 2 s. */
static inline int bound4_limited(int type, in_port_t port, struct sockaddr_in *name) {
  int fd = bound4_at(type, port, name);
  limit_wait(fd);
  return fd;
}

/* The common case: a blocking UDP socket on 127.0.0.1 at a port the system
 * picks, receives bounded to 2 s; its name goes to *name. */
static inline int bound4(struct sockaddr_in *name) {
  return bound4_limited(SOCK_DGRAM, 0, name);
}

/* Receives one datagram (waiting at most 2 s) and CHECKs that its payload
 * is msg, printing what came instead; returns the source address (zeroed if
 * nothing came) for the caller to check. */
static inline struct sockaddr_in recv_expect(int fd, const char *msg) {
  CHECK(readable(fd));
  char buf[64];
  struct sockaddr_in from;
  memset(&from, 0, sizeof from);
  socklen_t len = sizeof from;
  ssize_t n = recvfrom(fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *) &from, &len);
  size_t want = strlen(msg);
  if (n != (ssize_t) want || memcmp(buf, msg, want) != 0)
    fprintf(stderr, "expected \"%s\", got %zd bytes \"%.*s\"\n", msg, n, n > 0 ? (int) n : 0, buf);
  CHECK(n == (ssize_t) want && memcmp(buf, msg, want) == 0);
  return from;
}

/* A UDP socket bound to 127.0.0.1:0; its address goes to *addr. Nothing is
 * CHECKed: -1 on any failure (the readiness tests check the result). */
static inline int udp_bound(int flags, struct sockaddr_in *addr) {
  int fd = socket(AF_INET, SOCK_DGRAM | flags, 0);
  if (fd < 0)
    return -1;
  struct sockaddr_in a = loopback4(0);
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

/* Sends the string msg (without its NUL) to *to: 0 when all of it went. */
static inline int send_to(int fd, const struct sockaddr_in *to, const char *msg) {
  size_t n = strlen(msg);
  return sendto(fd, msg, n, 0, (const struct sockaddr *) to, sizeof *to) == (ssize_t) n ? 0 : -1;
}

#endif
