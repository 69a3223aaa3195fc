/* TCP over loopback: one-connection throughput, 64-byte request/response
 * round trips, connections per second, and epoll_wait with many idle
 * connections.
 *
 *   tcp sink [idle-ms]              accepts one connection and reads it to
 *                                   EOF (64 KiB reads); prints "port P"
 *   tcp stream PORT MS              writes 64 KiB blocks to PORT for MS ms
 *   tcp echo [idle-ms]              accepts one connection and echoes
 *                                   64-byte messages until EOF; "port P"
 *   tcp rr PORT ROUNDS WARMUP       64-byte request, 64-byte reply, timed
 *   tcp cps MS [MAX]                in one process: connect + accept +
 *                                   close of both ends, for MS ms (at most
 *                                   MAX connections, default 3000: each
 *                                   leaves a TIME_WAIT behind)
 *   tcp idle N [budget-ms]          N idle connections plus one whose
 *                                   peer sent a byte never read; the cost
 *                                   of one epoll_wait (timeouts 0 and
 *                                   100 ms), which returns it at once
 *
 * The throughput figure is the sink's: bytes from its first read to EOF.
 * p3net builds add host calls and allocations per operation (read, write,
 * round trip, connection, call); the benchmark's own clock reads are left
 * out. Without epoll (wasi-libc) `idle` says so and exits 3. */
#include <netinet/tcp.h>
#include <poll.h>

#include "bench_util.h"
#if BENCH_HAVE_EPOLL
#include <sys/epoll.h>
#endif

#define BLOCK 65536
#define MSG 64

static uint64_t own_calls; /* host calls of the benchmark's clock reads */
static uint64_t timed_now(void) {
  struct p3net_stats a, b;
  p3net_stats_get(&a);
  uint64_t t = now_ns();
  p3net_stats_get(&b);
  own_calls += b.host_calls - a.host_calls;
  return t;
}

static int tcp_listener(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    die("socket");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  if (bind(fd, (struct sockaddr *) &a, sizeof a) < 0)
    die("bind");
  if (listen(fd, 1024) < 0)
    die("listen");
  if (getsockname(fd, (struct sockaddr *) &a, &len) < 0)
    die("getsockname");
  *port = ntohs(a.sin_port);
  return fd;
}

static int tcp_connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    die("socket");
  struct sockaddr_in a = loopback(port);
  if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0)
    die("connect");
  return fd;
}

/* Accepts one connection, or exits after idle-ms without one. */
static int accept_one(int l, int idle_ms) {
  struct pollfd p = {l, POLLIN, 0};
  if (poll(&p, 1, idle_ms) != 1) {
    fprintf(stderr, "tcp: no connection within %d ms\n", idle_ms);
    exit(1);
  }
  int c = accept(l, NULL, NULL);
  if (c < 0)
    die("accept");
  return c;
}

static void nodelay(int fd) {
  int one = 1;
  if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
    die("setsockopt TCP_NODELAY");
}

static void print_port(int port) {
  printf("port %d\n", port);
  fflush(stdout);
}

/* Reads exactly n bytes; 0 at EOF before any, 1 when done. */
static int read_full(int fd, unsigned char *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, buf + got, n - got);
    if (r < 0)
      die("read");
    if (r == 0) {
      if (got)
        die("short message");
      return 0;
    }
    got += (size_t) r;
  }
  return 1;
}

static void write_full(int fd, const unsigned char *buf, size_t n) {
  size_t put = 0;
  while (put < n) {
    ssize_t w = write(fd, buf + put, n - put);
    if (w < 0)
      die("write");
    put += (size_t) w;
  }
}

static int sink(int idle_ms) {
  int port, l = tcp_listener(&port);
  print_port(port);
  int c = accept_one(l, idle_ms);
  static unsigned char buf[BLOCK];
  uint64_t bytes = 0, reads = 0, t0 = 0, t1 = 0;
  struct p3net_stats s0 = {0}, s1;
  uint64_t own0 = 0;
  for (;;) {
    ssize_t r = read(c, buf, sizeof buf);
    if (r < 0)
      die("read");
    if (r == 0)
      break;
    if (!bytes) {
      t0 = timed_now();
      p3net_stats_get(&s0);
      own0 = own_calls;
    } else {
      reads++;
    }
    bytes += (uint64_t) r;
  }
  t1 = timed_now();
  p3net_stats_get(&s1);
  s1.host_calls -= own_calls - own0;
  double secs = (double) (t1 - t0) / 1e9;
  res("result bench=tcp_sink bytes=%llu reads=%llu secs=%.3f mb_per_s=%.1f bytes_per_read=%.0f",
      (unsigned long long) bytes, (unsigned long long) reads, secs,
      secs > 0 ? (double) bytes / secs / 1e6 : 0, reads ? (double) bytes / (double) reads : 0);
  print_stats("rd_", &s0, &s1, (double) reads);
  res_end();
  close(c);
  close(l);
  return 0;
}

static int stream(int port, int ms) {
  int fd = tcp_connect(port);
  static unsigned char buf[BLOCK];
  memset(buf, 'x', sizeof buf);
  uint64_t writes = 0, t0 = timed_now(), deadline = t0 + (uint64_t) ms * 1000000u, t1 = t0;
  struct p3net_stats s0, s1;
  p3net_stats_get(&s0);
  uint64_t own0 = own_calls;
  for (;;) {
    if ((writes & 15) == 0 && (t1 = timed_now()) >= deadline)
      break;
    write_full(fd, buf, sizeof buf);
    writes++;
  }
  p3net_stats_get(&s1);
  s1.host_calls -= own_calls - own0;
  close(fd);
  double secs = (double) (t1 - t0) / 1e9;
  res("result bench=tcp_stream writes=%llu bytes=%llu secs=%.3f mb_per_s=%.1f",
      (unsigned long long) writes, (unsigned long long) writes * BLOCK, secs,
      (double) writes * BLOCK / secs / 1e6);
  print_stats("wr_", &s0, &s1, (double) writes);
  res_end();
  return 0;
}

static int echo(int idle_ms) {
  int port, l = tcp_listener(&port);
  print_port(port);
  int c = accept_one(l, idle_ms);
  nodelay(c);
  unsigned char buf[MSG];
  uint64_t n = 0;
  while (read_full(c, buf, sizeof buf)) {
    write_full(c, buf, sizeof buf);
    n++;
  }
  res("result bench=tcp_echo echoed=%llu", (unsigned long long) n);
  res_end();
  close(c);
  close(l);
  return 0;
}

static int rr(int port, long rounds, long warmup) {
  if (rounds < 1 || warmup < 0) {
    fprintf(stderr, "tcp: ROUNDS must be >= 1 and WARMUP >= 0\n");
    return 2;
  }
  int fd = tcp_connect(port);
  nodelay(fd);
  uint64_t *samples = malloc((size_t) rounds * sizeof *samples);
  if (!samples)
    die("malloc");
  unsigned char msg[MSG], reply[MSG];
  memset(msg, 'r', sizeof msg);
  uint64_t calls = 0, allocs = 0;
  for (long i = -warmup; i < rounds; i++) {
    struct p3net_stats a, b;
    uint64_t t0 = now_ns();
    p3net_stats_get(&a);
    write_full(fd, msg, sizeof msg);
    if (!read_full(fd, reply, sizeof reply))
      die("EOF from the echo server");
    p3net_stats_get(&b);
    uint64_t t1 = now_ns();
    if (i >= 0) {
      samples[i] = t1 - t0;
      calls += b.host_calls - a.host_calls;
      allocs += b.allocs - a.allocs;
    }
  }
  close(fd);
  qsort(samples, (size_t) rounds, sizeof *samples, cmp_u64);
  res("result bench=tcp_rr rounds=%ld median_us=%.2f p99_us=%.2f min_us=%.2f", rounds,
      quantile(samples, (size_t) rounds, 0.5) / 1e3, quantile(samples, (size_t) rounds, 0.99) / 1e3,
      samples[0] / 1e3);
  if (BENCH_HAVE_STATS)
    res(" host_calls=%.3f allocs=%.3f", (double) calls / (double) rounds,
        (double) allocs / (double) rounds);
  res_end();
  free(samples);
  return 0;
}

static int cps(int ms, long max) {
  int port, l = tcp_listener(&port);
  struct p3net_stats s0, s1;
  uint64_t n = 0, t0 = timed_now(), deadline = t0 + (uint64_t) ms * 1000000u, t1 = t0;
  p3net_stats_get(&s0);
  uint64_t own0 = own_calls;
  for (;;) {
    if ((n & 15) == 0 && ((t1 = timed_now()) >= deadline || (long) n >= max))
      break;
    int c = tcp_connect(port);
    int a = accept(l, NULL, NULL);
    if (a < 0)
      die("accept");
    close(c);
    close(a);
    n++;
  }
  p3net_stats_get(&s1);
  s1.host_calls -= own_calls - own0;
  double secs = (double) (t1 - t0) / 1e9;
  res("result bench=tcp_cps conns=%llu secs=%.3f conns_per_s=%.0f", (unsigned long long) n, secs,
      (double) n / secs);
  print_stats("", &s0, &s1, (double) n);
  res_end();
  close(l);
  return 0;
}

#if BENCH_HAVE_EPOLL
static void idle_measure(int ep, int n, int timeout, int budget_ms) {
  struct epoll_event ev[8];
  if (epoll_wait(ep, ev, 8, timeout) != 1) {
    fprintf(stderr, "tcp: the active connection is not reported ready\n");
    exit(1);
  }
  uint64_t calls = 0, wrong = 0, elapsed = 0, batch = 8, own = 0;
  uint64_t budget = (uint64_t) budget_ms * 1000000u;
  struct p3net_stats s0, s1, c0, c1;
  p3net_stats_get(&s0);
  while (elapsed < budget) {
    p3net_stats_get(&c0);
    uint64_t t0 = now_ns();
    p3net_stats_get(&c1);
    own += c1.host_calls - c0.host_calls;
    for (uint64_t i = 0; i < batch; i++)
      wrong += epoll_wait(ep, ev, 8, timeout) != 1;
    p3net_stats_get(&c0);
    uint64_t dt = now_ns() - t0;
    p3net_stats_get(&c1);
    own += c1.host_calls - c0.host_calls;
    elapsed += dt;
    calls += batch;
    if (dt < 2000000 && batch < (1u << 20))
      batch *= 2;
  }
  p3net_stats_get(&s1);
  s1.host_calls -= own;
  res("result bench=tcp_idle idle=%d timeout_ms=%d calls=%llu ns_per_call=%.1f wrong=%llu", n,
      timeout, (unsigned long long) calls, (double) elapsed / (double) calls,
      (unsigned long long) wrong);
  print_stats("", &s0, &s1, (double) calls);
  res_end();
}
#endif

static int idle(int n, int budget_ms) {
#if !BENCH_HAVE_EPOLL
  (void) n;
  (void) budget_ms;
  fprintf(stderr, "tcp: this libc has no epoll\n");
  return 3;
#else
  int port, l = tcp_listener(&port);
  int ep = epoll_create1(0);
  if (ep < 0)
    die("epoll_create1");
  int *fds = calloc(2 * ((size_t) n + 1), sizeof *fds);
  if (!fds)
    die("calloc");
  for (int i = 0; i <= n; i++) {
    fds[2 * i] = tcp_connect(port);
    int a = accept(l, NULL, NULL);
    if (a < 0)
      die("accept");
    fds[2 * i + 1] = a;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = a};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev) < 0)
      die("epoll_ctl");
  }
  /* The last connection's client sends one byte, never read. */
  if (write(fds[2 * n], "x", 1) != 1)
    die("write");
  struct pollfd p = {fds[2 * n + 1], POLLIN, 0};
  if (poll(&p, 1, 5000) != 1) {
    fprintf(stderr, "tcp: the byte did not arrive\n");
    return 1;
  }
  idle_measure(ep, n, 0, budget_ms);
  idle_measure(ep, n, 100, budget_ms);
  for (int i = 0; i < 2 * (n + 1); i++)
    close(fds[i]);
  free(fds);
  close(ep);
  close(l);
  return 0;
#endif
}

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  if (!strcmp(m, "sink"))
    return sink(argc > 2 ? atoi(argv[2]) : 20000);
  if (!strcmp(m, "stream") && argc == 4)
    return stream(atoi(argv[2]), atoi(argv[3]));
  if (!strcmp(m, "echo"))
    return echo(argc > 2 ? atoi(argv[2]) : 20000);
  if (!strcmp(m, "rr") && argc == 5)
    return rr(atoi(argv[2]), atol(argv[3]), atol(argv[4]));
  if (!strcmp(m, "cps") && argc >= 3)
    return cps(atoi(argv[2]), argc > 3 ? atol(argv[3]) : 3000);
  if (!strcmp(m, "idle") && argc >= 3)
    return idle(atoi(argv[2]), argc > 3 ? atoi(argv[3]) : 250);
  fprintf(stderr, "usage: tcp sink [idle-ms] | stream PORT MS | echo [idle-ms] | "
                  "rr PORT ROUNDS WARMUP | cps MS [MAX] | idle N [budget-ms]\n");
  return 2;
}
