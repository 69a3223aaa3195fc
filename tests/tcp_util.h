/* Helpers shared by the TCP tests: a listener on loopback, and a connected
 * pair made within one program (a component is single-threaded, so the
 * connect is nonblocking, the accept waits by poll, and both ends are then
 * made blocking with a 5 s bound on every wait). */
#ifndef P3NET_TESTS_TCP_UTIL_H
#define P3NET_TESTS_TCP_UTIL_H

#include <fcntl.h>
#include <netinet/tcp.h>

#include "sock_util.h"

/* Binds a TCP socket to family's loopback with a port the system picks and
 * listens; *name gets the address (room for either family). -1 on error. */
static inline int tcp_listener(int family, struct sockaddr_storage *name) {
  int s = socket(family, SOCK_STREAM, 0);
  if (s < 0)
    return -1;
  memset(name, 0, sizeof *name);
  socklen_t len;
  if (family == AF_INET) {
    struct sockaddr_in a = loopback4(0);
    memcpy(name, &a, sizeof a);
    len = sizeof a;
  } else {
    struct sockaddr_in6 a = loopback6(0);
    memcpy(name, &a, sizeof a);
    len = sizeof a;
  }
  if (bind(s, (struct sockaddr *) name, len) < 0 || listen(s, 16) < 0 ||
      getsockname(s, (struct sockaddr *) name, &len) < 0) {
    close(s);
    return -1;
  }
  return s;
}

static inline socklen_t sockaddr_len(const struct sockaddr_storage *a) {
  return a->ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
}

static inline void set_nonblock(int fd, int on) {
  int fl = fcntl(fd, F_GETFL);
  CHECK_OK(fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK));
}

/* Both directions of every wait bounded by 5 s. */
static inline void limit_both(int fd) {
  struct timeval tv = {.tv_sec = 5, .tv_usec = 0};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
}

/* The server half of a two-process test: listens on 127.0.0.1, prints
 * "PORT n" for the harness, and accepts the one connection the peer makes
 * (within 20 s), then closes the listener. The accepted socket is
 * blocking and limited, or -1 (checks fail). */
static inline int tcp_serve_one(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  if (lst < 0)
    return -1;
  printf("PORT %d\n", ntohs(((struct sockaddr_in *) &la)->sin_port));
  fflush(stdout);
  struct pollfd p = {.fd = lst, .events = POLLIN};
  CHECK(poll(&p, 1, 20000) == 1);
  int s = accept(lst, NULL, NULL);
  CHECK(s >= 0);
  close(lst);
  if (s >= 0)
    limit_both(s);
  return s;
}

/* Connects a new socket to the listener lst at addr and accepts it: *cli
 * and *srv are blocking, limited, connected ends. 0, or -1 (checks fail). */
static inline int tcp_pair(int lst, const struct sockaddr_storage *addr, int *cli, int *srv) {
  *cli = *srv = -1;
  int c = socket(addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK(c >= 0);
  if (c < 0)
    return -1;
  int r = connect(c, (const struct sockaddr *) addr, sockaddr_len(addr));
  CHECK(r == 0 || errno == EINPROGRESS);
  struct pollfd p = {.fd = lst, .events = POLLIN};
  CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN));
  int s = accept(lst, NULL, NULL);
  CHECK(s >= 0);
  struct pollfd q = {.fd = c, .events = POLLOUT};
  CHECK(poll(&q, 1, 5000) == 1 && (q.revents & POLLOUT));
  int err = -1;
  socklen_t elen = sizeof err;
  CHECK_OK(getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen));
  CHECK(err == 0);
  if (s < 0 || err) {
    close(c);
    if (s >= 0)
      close(s);
    return -1;
  }
  set_nonblock(c, 0);
  limit_both(c);
  limit_both(s);
  *cli = c;
  *srv = s;
  return 0;
}

/* Sends from nonblocking fd until nothing more goes for 300 ms (every
 * buffer on the way is full: the peer does not read), at most cap bytes.
 * Returns the bytes sent. */
static inline long tcp_fill(int fd, long cap) {
  static char chunk[65536];
  long total = 0;
  while (total < cap) {
    ssize_t k = send(fd, chunk, sizeof chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (k > 0) {
      total += k;
      continue;
    }
    CHECK(k == -1 && errno == EAGAIN);
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    if (k != -1 || poll(&p, 1, 300) != 1)
      break;
  }
  return total;
}

#endif
