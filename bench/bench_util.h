/* Shared by the p3net benchmarks: a monotonic clock, loopback sockets, the
 * p3net counters (zero on native and wasi-libc builds), and the one-line
 * result format that scripts/bench.sh collects:
 *
 *   result bench=NAME key=value key=value ...
 */
#ifndef P3NET_BENCH_UTIL_H
#define P3NET_BENCH_UTIL_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The same sources build three ways: natively, with p3cc, and with
 * wasi-libc's own wasip3 sysroot (the reference p3net is compared with),
 * which has neither <p3net.h> nor epoll. */
#if defined(__wasi__) && !__has_include(<p3net.h>)
#define BENCH_WASI_LIBC 1
#else
#define BENCH_WASI_LIBC 0
#endif
#define BENCH_HAVE_EPOLL (!BENCH_WASI_LIBC)

#if defined(__wasi__) && !BENCH_WASI_LIBC
#include <p3net.h>
#define BENCH_HAVE_STATS 1
#else
#define BENCH_HAVE_STATS 0
struct p3net_stats {
  uint64_t host_calls, waits, yields, allocs, datagrams_sent, datagrams_received;
};
static inline void p3net_stats_get(struct p3net_stats *out) {
  memset(out, 0, sizeof *out);
}
#endif

static inline uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static inline void die(const char *what) {
  fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
  exit(1);
}

/* A UDP socket bound to 127.0.0.1:0 (flags: SOCK_NONBLOCK or 0); its
 * address goes to *addr if addr is not NULL. Exits on failure. */
static inline int udp_bound(int flags, struct sockaddr_in *addr) {
  int fd = socket(AF_INET, SOCK_DGRAM | flags, 0);
  if (fd < 0)
    die("socket");
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, (struct sockaddr *) &a, sizeof a) < 0)
    die("bind");
  if (getsockname(fd, (struct sockaddr *) &a, &len) < 0)
    die("getsockname");
  if (addr)
    *addr = a;
  return fd;
}

static inline struct sockaddr_in loopback(int port) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons((unsigned short) port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

/* The result line is built in memory and written with one write: a host
 * that drops output at exit then loses a whole line, which the script
 * notices, never half of one. */
static char result_buf[2048];
static size_t result_len;

__attribute__((format(printf, 1, 2))) static inline void res(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(result_buf + result_len, sizeof result_buf - result_len, fmt, ap);
  va_end(ap);
  if (n > 0)
    result_len += (size_t) n < sizeof result_buf - result_len ? (size_t) n
                                                              : sizeof result_buf - 1 - result_len;
}

static inline void res_end(void) {
  res("\n");
  fwrite(result_buf, 1, result_len, stdout);
  fflush(stdout);
  result_len = 0;
#if defined(__wasi__) && !BENCH_WASI_LIBC
  /* jco's runner exits as soon as run returns, and preview3-shim hands
   * stdout to the terminal from a worker thread: a last write can still be
   * in flight then and be lost (seen in about 1 run in 5 when pinned to one
   * CPU). A pause lets it through; it is outside every measurement. */
  usleep(30000);
#endif
}

/* Per-operation counter deltas: after - before, divided by ops. */
static inline void print_stats(const char *prefix, const struct p3net_stats *before,
                               const struct p3net_stats *after, double ops) {
  if (!BENCH_HAVE_STATS || ops <= 0)
    return;
  res(" %shost_calls=%.3f %swaits=%.3f %syields=%.3f %sallocs=%.3f", prefix,
      (double) (after->host_calls - before->host_calls) / ops, prefix,
      (double) (after->waits - before->waits) / ops, prefix,
      (double) (after->yields - before->yields) / ops, prefix,
      (double) (after->allocs - before->allocs) / ops);
}

static inline int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
  return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of n sorted samples, nearest rank. */
static inline uint64_t quantile(const uint64_t *sorted, size_t n, double q) {
  size_t rank = (size_t) (q * (double) n + 0.999999);
  if (rank < 1)
    rank = 1;
  if (rank > n)
    rank = n;
  return sorted[rank - 1];
}

#endif
