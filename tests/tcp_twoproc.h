/* Two processes over loopback TCP: a server that prints "PORT n", accepts
 * one connection and echoes every byte until the end, and a client that
 * connects to n and sends 16 MiB in 64 KiB chunks, reading each chunk's
 * echo back and checking it (a position-dependent pattern, so a lost,
 * doubled or reordered byte shows), then closes its side and waits for the
 * server's end. The harness runs one side as the test's target and the
 * other as the native peer (P3NET-PEER, P3NET-PEER-AFTER). */
#ifndef P3NET_TESTS_TCP_TWOPROC_H
#define P3NET_TESTS_TCP_TWOPROC_H

#include <stdint.h>
#include <stdlib.h>

#include "tcp_util.h"

#define TWOPROC_TOTAL (16u << 20)
#define TWOPROC_CHUNK (64u << 10)

static uint8_t twoproc_byte(uint32_t i) {
  return (uint8_t) (i * 2654435761u >> 24);
}

static int twoproc_server(void) {
  int s = tcp_serve_one();
  if (s < 0)
    return 1;
  static char buf[TWOPROC_CHUNK];
  unsigned long echoed = 0;
  ssize_t n;
  while ((n = recv(s, buf, sizeof buf, 0)) > 0) {
    CHECK(send(s, buf, (size_t) n, 0) == n);
    echoed += (unsigned long) n;
  }
  CHECK(n == 0);
  CHECK(echoed == TWOPROC_TOTAL);
  fprintf(stderr, "server: echoed %lu bytes\n", echoed);
  close(s);
  return 0;
}

static int twoproc_client(int port) {
  struct sockaddr_in a = loopback4(htons((unsigned short) port));
  int c = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(c >= 0);
  CHECK_OK(connect(c, (struct sockaddr *) &a, sizeof a));
  limit_both(c);
  static uint8_t out[TWOPROC_CHUNK], in[TWOPROC_CHUNK];
  uint32_t pos = 0;
  int bad = 0;
  double t0 = check_now_ms();
  while (pos < TWOPROC_TOTAL && !bad) {
    for (uint32_t i = 0; i < TWOPROC_CHUNK; i++)
      out[i] = twoproc_byte(pos + i);
    if (send(c, out, sizeof out, 0) != (ssize_t) sizeof out) {
      CHECK(!"send");
      break;
    }
    if (recv(c, in, sizeof in, MSG_WAITALL) != (ssize_t) sizeof in || memcmp(in, out, sizeof in))
      bad = 1;
    pos += TWOPROC_CHUNK;
  }
  CHECK(!bad);
  CHECK(pos == TWOPROC_TOTAL);
  CHECK_OK(shutdown(c, SHUT_WR));
  char x;
  CHECK(recv(c, &x, 1, 0) == 0);
  double ms = check_now_ms() - t0;
  printf("client: 16 MiB each way in %.0f ms (%.1f MB/s each way)\n", ms,
         TWOPROC_TOTAL / ms / 1000);
  close(c);
  return 0;
}

/* server, or client PORT: the harness appends the port. */
static int twoproc_main(int argc, char **argv, int run_as_server) {
  if (argc > 1 && !strcmp(argv[1], "server"))
    run_as_server = 1;
  else if (argc > 1 && !strcmp(argv[1], "client"))
    run_as_server = 0;
  if (run_as_server)
    twoproc_server();
  else
    twoproc_client(atoi(argv[argc - 1]));
  CHECK_DONE();
}

#endif
