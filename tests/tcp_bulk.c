/* 16 MiB each way through one connection within one program, by poll:
 * every byte arrives, in order (a running checksum of a position-dependent
 * pattern), whatever sizes the reads and writes come in. On wasip3 it also
 * prints what a send and a receive cost: host calls, and bytes p3net
 * copies per byte moved (one copy each way between the program and
 * p3net's buffers; the host's own copy is not counted). */
// P3NET-TIMEOUT: 300
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "tcp_util.h"

#ifdef __wasi__
#include <p3net.h>
#endif

#define TOTAL (16u << 20)

static uint8_t pattern(uint32_t i) {
  return (uint8_t) (i * 2654435761u >> 24);
}

struct end {
  int fd;
  uint32_t sent, got;
  uint64_t sum_out, sum_in;
  long sends, recvs;
};

static void step_send(struct end *e, uint8_t *buf, size_t chunk) {
  size_t n = TOTAL - e->sent < chunk ? TOTAL - e->sent : chunk;
  for (size_t i = 0; i < n; i++)
    buf[i] = pattern(e->sent + (uint32_t) i);
  ssize_t k = send(e->fd, buf, n, MSG_DONTWAIT);
  e->sends++;
  if (k < 0) {
    CHECK(errno == EAGAIN);
    return;
  }
  for (ssize_t i = 0; i < k; i++)
    e->sum_out = e->sum_out * 31 + buf[i];
  e->sent += (uint32_t) k;
}

static void step_recv(struct end *e, uint8_t *buf, size_t chunk) {
  ssize_t k = recv(e->fd, buf, chunk, MSG_DONTWAIT);
  e->recvs++;
  if (k < 0) {
    CHECK(errno == EAGAIN);
    return;
  }
  CHECK(k > 0 || e->got == TOTAL);
  for (ssize_t i = 0; i < k; i++) {
    if (buf[i] != pattern(e->got + (uint32_t) i)) {
      CHECK(buf[i] == pattern(e->got + (uint32_t) i));
      e->got = TOTAL + 1; /* stop: the stream is wrong */
      return;
    }
    e->sum_in = e->sum_in * 31 + buf[i];
  }
  e->got += (uint32_t) k;
}

int main(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  int c, s;
  if (tcp_pair(lst, &la, &c, &s) < 0)
    return 1;
  static uint8_t b1[65536], b2[65536];
  struct end a = {.fd = c}, b = {.fd = s};
#ifdef __wasi__
  struct p3net_stats st0, st1;
  p3net_stats_get(&st0);
#endif
  double start = check_now_ms();
  int rounds = 0;
  while ((a.sent < TOTAL || b.sent < TOTAL || a.got < TOTAL || b.got < TOTAL) &&
         check_now_ms() - start < 200000) {
    struct pollfd p[2] = {{.fd = c, .events = 0}, {.fd = s, .events = 0}};
    if (a.sent < TOTAL)
      p[0].events |= POLLOUT;
    if (a.got < TOTAL)
      p[0].events |= POLLIN;
    if (b.sent < TOTAL)
      p[1].events |= POLLOUT;
    if (b.got < TOTAL)
      p[1].events |= POLLIN;
    int n = poll(p, 2, 5000);
    CHECK(n > 0);
    if (n <= 0)
      break;
    rounds++;
    if (p[0].revents & POLLOUT)
      step_send(&a, b1, sizeof b1);
    if (p[1].revents & POLLIN)
      step_recv(&b, b2, sizeof b2);
    if (p[1].revents & POLLOUT)
      step_send(&b, b2, sizeof b2);
    if (p[0].revents & POLLIN)
      step_recv(&a, b1, sizeof b1);
    CHECK(!(p[0].revents & (POLLERR | POLLHUP | POLLNVAL)));
    CHECK(!(p[1].revents & (POLLERR | POLLHUP | POLLNVAL)));
    if (p[0].revents & (POLLERR | POLLHUP | POLLNVAL) || p[1].revents & (POLLERR | POLLHUP))
      break;
  }
  double ms = check_now_ms() - start;
  CHECK(a.sent == TOTAL && b.sent == TOTAL);
  CHECK(a.got == TOTAL && b.got == TOTAL);
  CHECK(a.sum_out == b.sum_in);
  CHECK(b.sum_out == a.sum_in);
  printf("32 MiB in %.0f ms (%.1f MB/s), %d polls, %ld+%ld sends, %ld+%ld recvs\n", ms,
         2 * TOTAL / ms / 1000, rounds, a.sends, b.sends, a.recvs, b.recvs);
#ifdef __wasi__
  p3net_stats_get(&st1);
  uint64_t calls = st1.host_calls - st0.host_calls;
  long ops = a.sends + b.sends + a.recvs + b.recvs;
  printf("host calls %llu: %.2f per send/recv/poll call, %.1f per 64 KiB moved; "
         "copied %.2f bytes per byte; sent %llu, received %llu\n",
         (unsigned long long) calls, (double) calls / (double) (ops + rounds),
         (double) calls / (2.0 * TOTAL / 65536),
         (double) (st1.bytes_copied - st0.bytes_copied) / (2.0 * TOTAL),
         (unsigned long long) (st1.bytes_sent - st0.bytes_sent),
         (unsigned long long) (st1.bytes_received - st0.bytes_received));
  CHECK(st1.bytes_copied - st0.bytes_copied == 4ull * TOTAL); /* in and out of each buffer */
  CHECK(st1.allocs == st0.allocs);                            /* steady state: nothing allocated */
#endif
  close(c);
  close(s);
  close(lst);
  CHECK_DONE();
}
