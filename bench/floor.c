/* The host floor: the UDP benchmarks done with nothing but the host calls
 * they cannot avoid, written directly against the generated bindings
 * (src/bindings/). What this costs on a host is the least any libc layer
 * on that host can cost; bench/report.py divides p3net's figures by it.
 *
 *   floor rtt-server [idle-ms]              echo server; prints "port P"
 *   floor rtt-client PORT ROUNDS WARMUP     as udp_rtt client
 *   floor recv [max-ms]                     as udp_tput recv; prints "port P"
 *   floor send PORT SIZE DURATION-MS        as udp_tput send
 *   floor calls [N]                         ns per cheap host call: the
 *                                           clock, a yield, an empty
 *                                           waitable-set poll, a receive
 *                                           that finds nothing (started,
 *                                           then cancelled: not counted)
 *
 * The result lines have udp_rtt's and udp_tput's keys, so the report reads
 * them alike. The unavoidable calls: a send or receive the host finishes
 * at once is one call; one it only starts also needs a join to a waitable
 * set, the wait for its event and the drop of its subtask (four). A
 * blocking receive waits in the host rather than polling; no readiness
 * call, no timeout clock: the floor leaves out everything a POSIX call
 * needs beyond the datagram itself. Its one timer (a stop at idle-ms or
 * max-ms after the start) is armed once, outside every count.
 *
 * Built with p3cc only for its C runtime (main, stdio, malloc): no p3net
 * socket, poll or reactor code is reached. Received lists come from
 * cabi_realloc and go back with free(). */
#include <stdbool.h>

#include "bench_util.h"
#include "bindings/command.h"

#define PAYLOAD 64
#define DATA 'D'
#define END 'E'
#define WARM 1000

typedef wasi_sockets_types_own_udp_socket_t own_sock;
typedef wasi_sockets_types_borrow_udp_socket_t borrow_sock;
typedef wasi_sockets_types_ip_socket_address_t wasi_addr;
typedef wasi_sockets_types_result_tuple2_list_u8_ip_socket_address_error_code_t recv_result;

/* Host calls made on the measured paths, counted as p3net counts them. */
static uint64_t calls;
#define H(call) (calls++, (call))

static command_waitable_set_t set;
static uint32_t timer; /* the stop timer's subtask; 0 once it has fired */

static void fail(const char *what) {
  fprintf(stderr, "floor: %s failed\n", what);
  exit(1);
}

static wasi_addr loopback_addr(uint16_t port) {
  wasi_addr a = {.tag = WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4};
  a.val.ipv4.port = port;
  a.val.ipv4.address = (wasi_sockets_types_ipv4_address_t) {127, 0, 0, 1};
  return a;
}

/* A UDP socket bound to 127.0.0.1:0; its port goes to *port. */
static own_sock bound_socket(uint16_t *port) {
  own_sock s;
  wasi_sockets_types_error_code_t err;
  if (!wasi_sockets_types_static_udp_socket_create(WASI_SOCKETS_TYPES_IP_ADDRESS_FAMILY_IPV4, &s,
                                                   &err))
    fail("udp create-socket");
  wasi_addr a = loopback_addr(0);
  borrow_sock b = wasi_sockets_types_borrow_udp_socket(s);
  if (!wasi_sockets_types_method_udp_socket_bind(b, &a, &err))
    fail("udp bind");
  if (!wasi_sockets_types_method_udp_socket_get_local_address(b, &a, &err))
    fail("udp get-local-address");
  *port = a.val.ipv4.port;
  return s;
}

/* Arms the stop timer ms from now: one subtask, joined once. */
static void arm_stop(int ms) {
  set = command_waitable_set_new();
  uint64_t at = wasi_clocks_monotonic_clock_now() + (uint64_t) ms * 1000000u;
  command_subtask_status_t st = wasi_clocks_monotonic_clock_wait_until(at);
  if (COMMAND_SUBTASK_STATE(st) == COMMAND_SUBTASK_RETURNED)
    fail("the stop timer");
  timer = COMMAND_SUBTASK_HANDLE(st);
  command_waitable_join(timer, set);
}

/* Waits for subtask h (joined to the set) to return. 0, or -1 when the
 * stop timer fired first: h is then cancelled and dropped. */
static int await(uint32_t h) {
  for (;;) {
    command_event_t ev;
    H(command_waitable_set_wait(set, &ev));
    if (ev.event != COMMAND_EVENT_SUBTASK || ev.code != COMMAND_SUBTASK_RETURNED)
      continue;
    if (ev.waitable == h) {
      H(command_subtask_drop(h));
      return 0;
    }
    if (ev.waitable == timer) {
      command_subtask_drop(timer);
      timer = 0;
      command_waitable_join(h, 0);
      command_subtask_cancel(h);
      command_subtask_drop(h);
      return -1;
    }
  }
}

/* One call that may only start: 0 when it has returned, -1 on the stop. */
static int finish(command_subtask_status_t st) {
  if (COMMAND_SUBTASK_STATE(st) == COMMAND_SUBTASK_RETURNED)
    return 0;
  uint32_t h = COMMAND_SUBTASK_HANDLE(st);
  H(command_waitable_join(h, set));
  return await(h);
}

/* Receives one datagram into *r (its list is the caller's to free). */
static int receive(borrow_sock b, recv_result *r) {
  if (finish(H(wasi_sockets_types_method_udp_socket_receive(b, r))) < 0)
    return -1;
  if (r->is_err)
    fail("udp receive");
  return 0;
}

static int send_to(borrow_sock b, const void *data, size_t len, const wasi_addr *to) {
  wasi_sockets_types_method_udp_socket_send_args_t args = {
      b, {(uint8_t *) data, len}, {to != NULL, to ? *to : (wasi_addr) {0}}};
  wasi_sockets_types_result_void_error_code_t res;
  if (finish(H(wasi_sockets_types_method_udp_socket_send(&args, &res))) < 0)
    return -1;
  return res.is_err ? 1 : 0;
}

static uint64_t clock_ns(void) {
  return wasi_clocks_monotonic_clock_now();
}

static void print_port(uint16_t port) {
  printf("port %u\n", port);
  fflush(stdout);
}

static int rtt_server(int idle_ms) {
  uint16_t port;
  own_sock s = bound_socket(&port);
  borrow_sock b = wasi_sockets_types_borrow_udp_socket(s);
  arm_stop(idle_ms);
  print_port(port);
  uint64_t echoed = 0, rx = 0, tx = 0;
  const char *why = "idle";
  for (;;) {
    recv_result r;
    uint64_t c0 = calls;
    if (receive(b, &r) < 0)
      break;
    uint64_t c1 = calls;
    command_list_u8_t d = r.val.ok.f0;
    if (d.len == 4 && !memcmp(d.ptr, "quit", 4)) {
      why = "quit";
      free(d.ptr);
      break;
    }
    if (send_to(b, d.ptr, d.len, &r.val.ok.f1) < 0)
      break;
    free(d.ptr);
    rx += c1 - c0;
    tx += calls - c1;
    echoed++;
  }
  res("result bench=rtt_server stop=%s echoed=%llu", why, (unsigned long long) echoed);
  if (echoed)
    res(" rx_host_calls=%.3f tx_host_calls=%.3f rx_allocs=0 tx_allocs=0",
        (double) rx / (double) echoed, (double) tx / (double) echoed);
  res_end();
  return 0;
}

static int rtt_client(int port, long rounds, long warmup) {
  if (rounds < 1 || warmup < 0)
    fail("ROUNDS >= 1 and WARMUP >= 0");
  uint16_t me;
  own_sock s = bound_socket(&me);
  borrow_sock b = wasi_sockets_types_borrow_udp_socket(s);
  wasi_addr srv = loopback_addr((uint16_t) port);
  wasi_sockets_types_error_code_t err;
  if (!wasi_sockets_types_method_udp_socket_connect(b, &srv, &err))
    fail("udp connect");
  arm_stop(60000);
  uint64_t *samples = malloc((size_t) rounds * sizeof *samples);
  if (!samples)
    fail("malloc");
  unsigned char msg[PAYLOAD];
  memset(msg, 'p', sizeof msg);
  uint64_t tx = 0, rx = 0, stale = 0;
  for (long i = -warmup; i < rounds; i++) {
    uint64_t seq = (uint64_t) (i + warmup);
    memcpy(msg, &seq, sizeof seq);
    uint64_t t0 = clock_ns(), c0 = calls;
    if (send_to(b, msg, sizeof msg, NULL))
      fail("udp send");
    uint64_t c1 = calls;
    for (;;) {
      recv_result r;
      if (receive(b, &r) < 0)
        fail("a reply (timed out)");
      command_list_u8_t d = r.val.ok.f0;
      int mine = d.len == sizeof msg && !memcmp(d.ptr, &seq, sizeof seq);
      free(d.ptr);
      if (mine)
        break;
      stale++;
    }
    uint64_t t1 = clock_ns();
    if (i >= 0) {
      samples[i] = t1 - t0;
      tx += c1 - c0;
      rx += calls - c1;
    }
  }
  for (int k = 0; k < 3; k++)
    send_to(b, "quit", 4, NULL);
  qsort(samples, (size_t) rounds, sizeof *samples, cmp_u64);
  double sum = 0, n = (double) rounds;
  for (long i = 0; i < rounds; i++)
    sum += (double) samples[i];
  res("result bench=rtt rounds=%ld warmup=%ld median_us=%.2f p99_us=%.2f min_us=%.2f "
      "mean_us=%.2f max_us=%.2f lost=0 stale=%llu",
      rounds, warmup, quantile(samples, (size_t) rounds, 0.5) / 1e3,
      quantile(samples, (size_t) rounds, 0.99) / 1e3, samples[0] / 1e3, sum / n / 1e3,
      samples[rounds - 1] / 1e3, (unsigned long long) stale);
  res(" tx_host_calls=%.3f rx_host_calls=%.3f tx_allocs=0 rx_allocs=0", (double) tx / n,
      (double) rx / n);
  res_end();
  free(samples);
  return 0;
}

static int receiver(int max_ms) {
  uint16_t port;
  own_sock s = bound_socket(&port);
  borrow_sock b = wasi_sockets_types_borrow_udp_socket(s);
  arm_stop(max_ms);
  print_port(port);
  uint64_t received = 0, bytes = 0, size = 0, sender_sent = 0, strays = 0;
  uint64_t t_first = 0, t_last = 0, c_warm = 0, c_last = 0;
  const char *stop = "max-time";
  for (;;) {
    recv_result r;
    if (receive(b, &r) < 0)
      break;
    command_list_u8_t d = r.val.ok.f0;
    if (d.len == 9 && d.ptr[0] == END) {
      memcpy(&sender_sent, d.ptr + 1, sizeof sender_sent);
      free(d.ptr);
      stop = "end-marker";
      break;
    }
    if (d.len < 9 || d.ptr[0] != DATA) {
      strays++;
      free(d.ptr);
      continue;
    }
    /* The clock is read at the first datagram and then once per 64: on
     * this path that is the receiver's own cost, not the datagram's. */
    if (!received)
      t_first = clock_ns();
    received++;
    bytes += d.len;
    size = d.len;
    free(d.ptr);
    c_last = calls;
    if (received == WARM)
      c_warm = calls;
    if ((received & 63) == 0)
      t_last = clock_ns();
  }
  if (received)
    t_last = clock_ns(); /* the last datagram's time, closely enough at this rate */
  double secs = received > 1 ? (double) (t_last - t_first) / 1e9 : 0;
  res("result bench=tput_recv api=floor dgram_bytes=%llu received=%llu bytes=%llu secs=%.3f "
      "dgrams_per_s=%.0f mb_per_s=%.3f wakeups=%llu per_wakeup=1.00 stop=%s sender_sent=%llu "
      "strays=%llu",
      (unsigned long long) size, (unsigned long long) received, (unsigned long long) bytes, secs,
      secs > 0 ? (double) received / secs : 0, secs > 0 ? (double) bytes / secs / 1e6 : 0,
      (unsigned long long) received, stop, (unsigned long long) sender_sent,
      (unsigned long long) strays);
  if (received > WARM)
    res(" rx_host_calls=%.3f rx_allocs=0", (double) (c_last - c_warm) / (double) (received - WARM));
  res_end();
  return 0;
}

static int sender(int port, int size, int duration_ms) {
  if (size < 9 || size > 65507 || duration_ms < 1)
    fail("SIZE 9..65507 and DURATION-MS >= 1");
  uint16_t me;
  own_sock s = bound_socket(&me);
  borrow_sock b = wasi_sockets_types_borrow_udp_socket(s);
  arm_stop(duration_ms + 60000);
  wasi_addr to = loopback_addr((uint16_t) port);
  static unsigned char msg[65536];
  memset(msg, 'x', (size_t) size);
  msg[0] = DATA;
  uint64_t sent = 0, failed = 0, c_warm = 0;
  uint64_t t0 = clock_ns(), deadline = t0 + (uint64_t) duration_ms * 1000000u, t1 = t0;
  for (;;) {
    if ((sent & 63) == 0 && (t1 = clock_ns()) >= deadline)
      break;
    int r = send_to(b, msg, (size_t) size, &to);
    if (r < 0)
      break;
    if (r == 0) {
      sent++;
      if (sent == WARM)
        c_warm = calls;
    } else if (++failed > 1000000) {
      break;
    }
  }
  uint64_t c_end = calls;
  unsigned char mark[9] = {END};
  memcpy(mark + 1, &sent, sizeof sent);
  for (int i = 0; i < 20; i++) {
    send_to(b, mark, sizeof mark, &to);
    usleep(5000);
  }
  double secs = (double) (t1 - t0) / 1e9;
  res("result bench=tput_send size=%d sent=%llu failed=%llu secs=%.3f dgrams_per_s=%.0f "
      "mb_per_s=%.3f",
      size, (unsigned long long) sent, (unsigned long long) failed, secs, (double) sent / secs,
      (double) sent * size / secs / 1e6);
  if (sent > WARM)
    res(" tx_host_calls=%.3f tx_allocs=0", (double) (c_end - c_warm) / (double) (sent - WARM));
  res_end();
  return 0;
}

/* What the host's cheapest calls cost: the price of each call p3net makes
 * beyond the floor's (a clock read for SO_RCVTIMEO, a readiness yield and
 * poll). */
static int call_costs(long n) {
  command_waitable_set_t ws = command_waitable_set_new();
  uint64_t t0 = clock_ns(), sink = 0;
  for (long i = 0; i < n; i++)
    sink += wasi_clocks_monotonic_clock_now();
  uint64_t t1 = clock_ns();
  for (long i = 0; i < n; i++)
    command_thread_yield();
  uint64_t t2 = clock_ns();
  for (long i = 0; i < n; i++) {
    command_event_t ev;
    command_waitable_set_poll(ws, &ev);
  }
  uint64_t t3 = clock_ns();
  uint16_t port;
  own_sock s = bound_socket(&port);
  borrow_sock b = wasi_sockets_types_borrow_udp_socket(s);
  long m = n / 10 ? n / 10 : 1;
  uint64_t t4 = clock_ns();
  for (long i = 0; i < m; i++) {
    recv_result r;
    command_subtask_status_t st = wasi_sockets_types_method_udp_socket_receive(b, &r);
    if (COMMAND_SUBTASK_STATE(st) == COMMAND_SUBTASK_RETURNED)
      fail("a receive with nothing sent");
    uint32_t h = COMMAND_SUBTASK_HANDLE(st);
    command_waitable_join(h, ws);
    command_waitable_join(h, 0);
    command_subtask_cancel(h);
    command_subtask_drop(h);
  }
  uint64_t t5 = clock_ns();
  double dn = (double) n;
  res("result bench=host_calls n=%ld clock_now_ns=%.1f yield_ns=%.1f set_poll_ns=%.1f "
      "receive_join_leave_cancel_drop_ns=%.1f sink=%llu",
      n, (double) (t1 - t0) / dn, (double) (t2 - t1) / dn, (double) (t3 - t2) / dn,
      (double) (t5 - t4) / (double) m, (unsigned long long) (sink & 1));
  res_end();
  return 0;
}

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  if (!strcmp(m, "rtt-server"))
    return rtt_server(argc > 2 ? atoi(argv[2]) : 10000);
  if (!strcmp(m, "rtt-client") && argc == 5)
    return rtt_client(atoi(argv[2]), atol(argv[3]), atol(argv[4]));
  if (!strcmp(m, "recv"))
    return receiver(argc > 2 ? atoi(argv[2]) : 10000);
  if (!strcmp(m, "send") && argc == 5)
    return sender(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
  if (!strcmp(m, "calls"))
    return call_costs(argc > 2 ? atol(argv[2]) : 200000);
  fprintf(stderr, "usage: floor rtt-server [idle-ms] | rtt-client PORT ROUNDS WARMUP | "
                  "recv [max-ms] | send PORT SIZE DURATION-MS | calls [N]\n");
  return 2;
}
