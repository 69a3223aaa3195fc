/* UDP ping-pong round-trip time over loopback, 64-byte datagrams.
 *
 *   udp_rtt server [idle-ms [warm]]      echo server; prints "port P"
 *   udp_rtt client PORT ROUNDS WARMUP    ping-pong against 127.0.0.1:PORT
 *
 * The server echoes every datagram to its sender with poll + recvfrom +
 * sendto, and stops on a "quit" datagram or after idle-ms (default 10000)
 * without traffic; its counters start after `warm` echoes (default 100). The client sends a
 * datagram carrying a sequence number, waits for its echo (blocking recv, SO_RCVTIMEO 1 s: a lost
 * datagram is counted and sent again), and records each round trip after WARMUP unrecorded ones. It
 * prints the median and p99 of the sorted samples, then sends "quit". On p3net builds both also
 * print host calls, waits and allocations per datagram. */
#include <poll.h>

#include "bench_util.h"

#define PAYLOAD 64

static int server(int idle_ms, uint64_t warm) {
  struct sockaddr_in me;
  int fd = udp_bound(0, &me);
  printf("port %d\n", ntohs(me.sin_port));
  fflush(stdout);

  struct p3net_stats a, b;
  uint64_t echoed = 0, counted = 0, recv_calls = 0, send_calls = 0, recv_allocs = 0,
           send_allocs = 0;
  const char *why = "idle";
  for (;;) {
    p3net_stats_get(&a);
    struct pollfd p = {fd, POLLIN, 0};
    int n = poll(&p, 1, idle_ms);
    if (n < 0)
      die("poll");
    if (n == 0)
      break;
    char buf[2048];
    struct sockaddr_in from;
    socklen_t flen = sizeof from;
    ssize_t r = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *) &from, &flen);
    if (r < 0)
      die("recvfrom");
    if (r == 4 && !memcmp(buf, "quit", 4)) {
      why = "quit";
      break;
    }
    p3net_stats_get(&b);
    if (echoed >= warm) {
      recv_calls += b.host_calls - a.host_calls;
      recv_allocs += b.allocs - a.allocs;
    }
    if (sendto(fd, buf, (size_t) r, 0, (struct sockaddr *) &from, flen) < 0)
      die("sendto");
    p3net_stats_get(&a);
    if (echoed >= warm) {
      send_calls += a.host_calls - b.host_calls;
      send_allocs += a.allocs - b.allocs;
      counted++;
    }
    echoed++;
  }
  res("result bench=rtt_server stop=%s echoed=%llu", why, (unsigned long long) echoed);
  if (BENCH_HAVE_STATS && counted)
    res(" rx_host_calls=%.3f tx_host_calls=%.3f rx_allocs=%.3f tx_allocs=%.3f",
        (double) recv_calls / (double) counted, (double) send_calls / (double) counted,
        (double) recv_allocs / (double) counted, (double) send_allocs / (double) counted);
  res_end();
  close(fd);
  return 0;
}

static int client(int port, long rounds, long warmup) {
  if (rounds < 1 || warmup < 0) {
    fprintf(stderr, "udp_rtt: ROUNDS must be >= 1 and WARMUP >= 0\n");
    return 2;
  }
  int fd = udp_bound(0, NULL);
  struct sockaddr_in srv = loopback(port);
  if (connect(fd, (struct sockaddr *) &srv, sizeof srv) < 0)
    die("connect");
  struct timeval tv = {1, 0};
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0)
    die("setsockopt SO_RCVTIMEO");

  uint64_t *samples = malloc((size_t) rounds * sizeof *samples);
  if (!samples)
    die("malloc");
  uint64_t lost = 0, stale = 0, tx_calls = 0, rx_calls = 0, tx_waits = 0, rx_waits = 0,
           tx_allocs = 0, rx_allocs = 0;
  unsigned char msg[PAYLOAD], reply[2048];
  memset(msg, 'p', sizeof msg);
  for (long i = -warmup; i < rounds;) {
    uint64_t seq = (uint64_t) (i + warmup);
    memcpy(msg, &seq, sizeof seq);
    /* The clock is read outside the counted span: on p3net it is a host
     * call of its own, which is the benchmark's, not the datagram's. */
    struct p3net_stats s0, s1, s2;
    uint64_t t0 = now_ns();
    p3net_stats_get(&s0);
    if (send(fd, msg, sizeof msg, 0) != (ssize_t) sizeof msg)
      die("send");
    p3net_stats_get(&s1);
    ssize_t r;
    for (;;) {
      r = recv(fd, reply, sizeof reply, 0);
      if (r == (ssize_t) sizeof msg && !memcmp(reply, &seq, sizeof seq))
        break;
      if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (r < 0)
        die("recv");
      stale++; /* the late echo of a datagram counted lost */
    }
    p3net_stats_get(&s2);
    uint64_t t1 = now_ns();
    if (r < 0) {
      lost++;
      if (lost > 100) {
        fprintf(stderr, "udp_rtt: more than 100 datagrams lost, giving up\n");
        return 1;
      }
      continue; /* the same round again */
    }
    if (i >= 0) {
      samples[i] = t1 - t0;
      tx_calls += s1.host_calls - s0.host_calls;
      rx_calls += s2.host_calls - s1.host_calls;
      tx_waits += s1.waits - s0.waits;
      rx_waits += s2.waits - s1.waits;
      tx_allocs += s1.allocs - s0.allocs;
      rx_allocs += s2.allocs - s1.allocs;
    }
    i++;
  }
  for (int k = 0; k < 3; k++)
    send(fd, "quit", 4, 0);

  qsort(samples, (size_t) rounds, sizeof *samples, cmp_u64);
  double sum = 0;
  for (long i = 0; i < rounds; i++)
    sum += (double) samples[i];
  double n = (double) rounds;
  res("result bench=rtt rounds=%ld warmup=%ld median_us=%.2f p99_us=%.2f min_us=%.2f "
      "mean_us=%.2f max_us=%.2f lost=%llu stale=%llu",
      rounds, warmup, quantile(samples, (size_t) rounds, 0.5) / 1e3,
      quantile(samples, (size_t) rounds, 0.99) / 1e3, samples[0] / 1e3, sum / n / 1e3,
      samples[rounds - 1] / 1e3, (unsigned long long) lost, (unsigned long long) stale);
  if (BENCH_HAVE_STATS)
    res(" tx_host_calls=%.3f rx_host_calls=%.3f tx_waits=%.3f rx_waits=%.3f tx_allocs=%.3f "
        "rx_allocs=%.3f",
        tx_calls / n, rx_calls / n, tx_waits / n, rx_waits / n, tx_allocs / n, rx_allocs / n);
  res_end();
  free(samples);
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 2 && !strcmp(argv[1], "server"))
    return server(argc > 2 ? atoi(argv[2]) : 10000, argc > 3 ? (uint64_t) atol(argv[3]) : 100);
  if (argc == 5 && !strcmp(argv[1], "client"))
    return client(atoi(argv[2]), atol(argv[3]), atol(argv[4]));
  fprintf(stderr, "usage: udp_rtt server [idle-ms [warm]] | udp_rtt client PORT ROUNDS WARMUP\n");
  return 2;
}
