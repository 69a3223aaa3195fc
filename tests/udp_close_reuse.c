// P3NET-WASMTIME-FLAGS: -Smax-resources=100
// P3NET-ARGS(jco): 500 50
/* Closing UDP sockets releases everything. 10000 cycles of socket, bind,
 * sendto self, recv, close must each get the same (lowest free) descriptor
 * back, and so must sockets closed in the other states a program leaves
 * them in: just bound, with a receive attempted but nothing arrived, with
 * an unread datagram queued, connected, polled. A closed socket's port is
 * free to bind again at once. Under Wasmtime the harness caps host
 * resources at 100 (the directive above), so any per-socket leak of host
 * handles fails the run long before 10000 cycles. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock_util.h"

/* Counts may be lowered on the command line (jco needs ~2.5 ms per host
 * call, so the harness gives it fewer cycles: see P3NET-ARGS(jco)). */
static int CYCLES = 10000;
static int STATE_CYCLES = 1000;

/* A socket bound to 127.0.0.1:0; its name in *name. */
static int bound(struct sockaddr_in *name) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0)
    return fd;
  struct sockaddr_in a = loopback4(0);
  if (bind(fd, (struct sockaddr *) &a, sizeof a) != 0)
    return -1;
  socklen_t len = sizeof *name;
  if (getsockname(fd, (struct sockaddr *) name, &len) != 0)
    return -1;
  return fd;
}

/* The closing states; each returns the fd it used, or -1. */
static int state_bound(int peer, const struct sockaddr_in *pn) {
  (void) peer;
  (void) pn;
  struct sockaddr_in n;
  int fd = bound(&n);
  return fd >= 0 && close(fd) == 0 ? fd : -1;
}

static int state_recv_attempted(int peer, const struct sockaddr_in *pn) {
  (void) peer;
  (void) pn;
  struct sockaddr_in n;
  int fd = bound(&n);
  char b;
  errno = 0;
  int ok = fd >= 0 && recv(fd, &b, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN;
  return ok && close(fd) == 0 ? fd : -1;
}

static int state_unread(int peer, const struct sockaddr_in *pn) {
  (void) peer;
  (void) pn;
  struct sockaddr_in n;
  int fd = bound(&n);
  int ok = fd >= 0 && sendto(fd, "u", 1, 0, (struct sockaddr *) &n, sizeof n) == 1;
  struct pollfd p = {.fd = fd, .events = POLLIN};
  ok = ok && poll(&p, 1, 2000) == 1;
  return ok && close(fd) == 0 ? fd : -1;
}

static int state_connected(int peer, const struct sockaddr_in *pn) {
  (void) peer;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int ok = fd >= 0 && connect(fd, (const struct sockaddr *) pn, sizeof *pn) == 0;
  return ok && close(fd) == 0 ? fd : -1;
}

static int state_sent(int peer, const struct sockaddr_in *pn) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int ok = fd >= 0 && sendto(fd, "s", 1, 0, (const struct sockaddr *) pn, sizeof *pn) == 1;
  /* Drain the peer so its buffer never fills. */
  struct pollfd p = {.fd = peer, .events = POLLIN};
  char b;
  ok = ok && poll(&p, 1, 2000) == 1 && recv(peer, &b, 1, 0) == 1;
  return ok && close(fd) == 0 ? fd : -1;
}

static int state_polled(int peer, const struct sockaddr_in *pn) {
  (void) peer;
  (void) pn;
  struct sockaddr_in n;
  int fd = bound(&n);
  struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
  int ok = fd >= 0 && poll(&p, 1, 0) == 1 && p.revents == POLLOUT;
  return ok && close(fd) == 0 ? fd : -1;
}

static const struct {
  const char *name;
  int (*run)(int peer, const struct sockaddr_in *pn);
} states[] = {
    {"bound", state_bound},
    {"recv attempted", state_recv_attempted},
    {"unread datagram", state_unread},
    {"connected", state_connected},
    {"sent", state_sent},
    {"polled", state_polled},
};

int main(int argc, char **argv) {
  if (argc > 2) {
    CYCLES = atoi(argv[1]);
    STATE_CYCLES = atoi(argv[2]);
  }
  double t0 = check_now_ms();

  /* The main cycle. */
  int first = -1, failures = 0;
  for (int i = 0; i < CYCLES && failures < 5; i++) {
    struct sockaddr_in n;
    int fd = bound(&n);
    if (first == -1)
      first = fd;
    char buf[8];
    int ok = fd >= 0 && fd == first;
    ok = ok && sendto(fd, "cycle", 5, 0, (struct sockaddr *) &n, sizeof n) == 5;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    ok = ok && poll(&p, 1, 2000) == 1;
    ok = ok && recv(fd, buf, sizeof buf, 0) == 5 && memcmp(buf, "cycle", 5) == 0;
    ok = ok && close(fd) == 0;
    if (!ok) {
      fprintf(stderr, "cycle %d: fd %d (first %d) failed: %s\n", i, fd, first, strerror(errno));
      check_failures++;
      failures++;
    }
  }
  CHECK(first >= 0);

  /* The other closing states, each repeatedly. */
  struct sockaddr_in pn;
  int peer = bound(&pn);
  CHECK(peer >= 0);
  int next = -1;
  for (size_t s = 0; s < sizeof states / sizeof *states; s++) {
    failures = 0;
    for (int i = 0; i < STATE_CYCLES && failures < 3; i++) {
      int fd = states[s].run(peer, &pn);
      if (next == -1)
        next = fd;
      if (fd < 0 || fd != next) {
        fprintf(stderr, "%s, cycle %d: fd %d, expected %d (errno %d: %s)\n", states[s].name, i, fd,
                next, errno, strerror(errno));
        check_failures++;
        failures++;
      }
    }
  }
  CHECK(next >= 0);
  CHECK_OK(close(peer));
  /* With the peer closed, the lowest free fd is the first cycle's again. */
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd == first);

  /* A closed socket's port can be bound again at once. */
  for (int i = 0; i < 100; i++) {
    struct sockaddr_in n;
    int a = bound(&n);
    CHECK(a >= 0);
    CHECK_OK(close(a));
    int b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in again = loopback4(n.sin_port);
    CHECK_OK(bind(b, (struct sockaddr *) &again, sizeof again));
    CHECK_OK(close(b));
  }
  CHECK_OK(close(fd));

  double dt = check_now_ms() - t0;
  if (dt >= 10000)
    fprintf(stderr, "took %.0f ms\n", dt);
  CHECK(dt < 10000);
  CHECK_DONE();
}
