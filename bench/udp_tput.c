/* UDP one-way throughput over loopback: a sender blasts datagrams of a
 * fixed size for a fixed time; the receiver, the program measured, takes
 * them with a nonblocking socket and poll (or epoll_wait), draining each
 * wakeup until EAGAIN (or 256 datagrams).
 *
 *   udp_tput recv poll|epoll [first-wait-ms [max-ms]]
 *                                              prints "port P", then receives
 *   udp_tput send PORT SIZE DURATION-MS        sends to 127.0.0.1:PORT
 *
 * The sender sends as fast as blocking sendto allows, then 20 end markers
 * 5 ms apart. The receiver stops at the first end marker, or 500 ms after
 * the last datagram (end markers can be lost too), or max-ms (default
 * 10000) after the first datagram (a slow receiver whose host queues
 * datagrams without bound, as jco's does, would otherwise drain them for
 * minutes), or when nothing came within first-wait-ms (default 20000).
 * Its rate is taken from the first to the last data datagram. Loss is the
 * sender's "sent" minus the receiver's "received", computed by
 * bench/report.py; datagrams still unread at max-ms count as lost.
 *
 * p3net builds also print host calls, waits, yields and allocations per
 * datagram, counted after the first 1000 datagrams (the warm-up) and
 * without the benchmark's own clock reads. */
#include <fcntl.h>
#include <poll.h>

#include "bench_util.h"
#if BENCH_HAVE_EPOLL
#include <sys/epoll.h>
#endif

#define DATA 'D'
#define END 'E'
#define WARM 1000
#define DRAIN_MAX 256 /* datagrams per wakeup, so the time cap is checked */

/* Counters of the benchmark's own host calls (its clock reads), to take
 * out of the per-datagram figures. */
static uint64_t own_calls;
static uint64_t timed_now(void) {
  struct p3net_stats a, b;
  p3net_stats_get(&a);
  uint64_t t = now_ns();
  p3net_stats_get(&b);
  own_calls += b.host_calls - a.host_calls;
  return t;
}

static int receiver(const char *api, int first_wait_ms, int max_ms) {
  int use_epoll = !strcmp(api, "epoll");
  if (!use_epoll && strcmp(api, "poll")) {
    fprintf(stderr, "udp_tput: api must be poll or epoll\n");
    return 2;
  }
  struct sockaddr_in me;
  int fd = udp_bound(SOCK_NONBLOCK, &me);
  int ep = -1;
#if !BENCH_HAVE_EPOLL
  if (use_epoll) {
    fprintf(stderr, "udp_tput: this libc has no epoll\n");
    return 3;
  }
#else
  if (use_epoll) {
    ep = epoll_create1(0);
    if (ep < 0)
      die("epoll_create1");
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
      die("epoll_ctl");
  }
#endif
  printf("port %d\n", ntohs(me.sin_port));
  fflush(stdout);

  uint64_t received = 0, bytes = 0, wakeups = 0, size = 0, sender_sent = 0, strays = 0;
  uint64_t t_first = 0, t_last = 0, own_at_warm = 0;
  struct p3net_stats warm = {0}, last = {0};
  const char *stop = "first-wait";
  int done = 0;
  static unsigned char buf[65536];
  while (!done) {
    if (received && t_last - t_first >= (uint64_t) max_ms * 1000000u) {
      stop = "max-time";
      break;
    }
    int timeout = received ? 500 : first_wait_ms;
    int n;
#if BENCH_HAVE_EPOLL
    if (use_epoll) {
      struct epoll_event evs[8];
      n = epoll_wait(ep, evs, 8, timeout);
    } else
#endif
    {
      struct pollfd p = {fd, POLLIN, 0};
      n = poll(&p, 1, timeout);
    }
    if (n < 0)
      die(use_epoll ? "epoll_wait" : "poll");
    if (n == 0) {
      stop = received ? "idle" : "first-wait";
      break;
    }
    wakeups++;
    uint64_t got = 0;
    while (got < DRAIN_MAX) {
      ssize_t r = recv(fd, buf, sizeof buf, 0);
      if (r < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
          break;
        die("recv");
      }
      if (r == 9 && buf[0] == END) {
        memcpy(&sender_sent, buf + 1, sizeof sender_sent);
        stop = "end-marker";
        done = 1;
        break;
      }
      if (r < 9 || buf[0] != DATA) {
        strays++; /* another process's datagram to a port we now hold */
        continue;
      }
      if (!received)
        t_first = timed_now();
      received++;
      got++;
      bytes += (uint64_t) r;
      size = (uint64_t) r;
      if (received == WARM) {
        p3net_stats_get(&warm);
        own_at_warm = own_calls;
      }
    }
    if (got) {
      p3net_stats_get(&last); /* as of the last data datagram */
      last.host_calls -= own_calls;
      t_last = timed_now();
    }
  }
  double secs = received > 1 ? (double) (t_last - t_first) / 1e9 : 0;
  res("result bench=tput_recv api=%s dgram_bytes=%llu received=%llu bytes=%llu secs=%.3f "
      "dgrams_per_s=%.0f mb_per_s=%.3f wakeups=%llu per_wakeup=%.2f stop=%s sender_sent=%llu "
      "strays=%llu",
      api, (unsigned long long) size, (unsigned long long) received, (unsigned long long) bytes,
      secs, secs > 0 ? (double) received / secs : 0, secs > 0 ? (double) bytes / secs / 1e6 : 0,
      (unsigned long long) wakeups, wakeups ? (double) received / (double) wakeups : 0, stop,
      (unsigned long long) sender_sent, (unsigned long long) strays);
  if (received > WARM) {
    warm.host_calls -= own_at_warm;
    print_stats("rx_", &warm, &last, (double) (received - WARM));
  }
  res_end();
  if (ep >= 0)
    close(ep);
  close(fd);
  return 0;
}

static int sender(int port, int size, int duration_ms) {
  if (size < 9 || size > 65507 || duration_ms < 1) {
    fprintf(stderr, "udp_tput: SIZE must be 9..65507 and DURATION-MS >= 1\n");
    return 2;
  }
  int fd = udp_bound(0, NULL);
  struct sockaddr_in to = loopback(port);
  static unsigned char msg[65536];
  memset(msg, 'x', (size_t) size);
  msg[0] = DATA;
  uint64_t sent = 0, failed = 0;
  struct p3net_stats warm = {0}, end;
  uint64_t own_at_warm = 0;
  uint64_t t0 = timed_now(), deadline = t0 + (uint64_t) duration_ms * 1000000u, t1 = t0;
  for (;;) {
    if ((sent & 63) == 0 && (t1 = timed_now()) >= deadline)
      break;
    if (sendto(fd, msg, (size_t) size, 0, (struct sockaddr *) &to, sizeof to) == size) {
      sent++;
      if (sent == WARM) {
        p3net_stats_get(&warm);
        own_at_warm = own_calls;
      }
    } else if (errno == ENOBUFS || errno == EAGAIN || errno == ECONNREFUSED) {
      failed++; /* counted, not retried: the receiver's loss is what we report */
      if (failed > 1000000)
        break;
    } else {
      die("sendto");
    }
  }
  p3net_stats_get(&end);
  end.host_calls -= own_calls;
  warm.host_calls -= own_at_warm;
  /* End markers carry the count sent; several, as any may be dropped. */
  unsigned char mark[9] = {END};
  memcpy(mark + 1, &sent, sizeof sent);
  for (int i = 0; i < 20; i++) {
    sendto(fd, mark, sizeof mark, 0, (struct sockaddr *) &to, sizeof to);
    usleep(5000);
  }
  double secs = (double) (t1 - t0) / 1e9;
  res("result bench=tput_send size=%d sent=%llu failed=%llu secs=%.3f dgrams_per_s=%.0f "
      "mb_per_s=%.3f",
      size, (unsigned long long) sent, (unsigned long long) failed, secs, (double) sent / secs,
      (double) sent * size / secs / 1e6);
  if (sent > WARM)
    print_stats("tx_", &warm, &end, (double) (sent - WARM));
  res_end();
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 3 && !strcmp(argv[1], "recv"))
    return receiver(argv[2], argc > 3 ? atoi(argv[3]) : 20000, argc > 4 ? atoi(argv[4]) : 10000);
  if (argc == 5 && !strcmp(argv[1], "send"))
    return sender(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
  fprintf(stderr, "usage: udp_tput recv poll|epoll [first-wait-ms [max-ms]] | "
                  "udp_tput send PORT SIZE DURATION-MS\n");
  return 2;
}
