/* A peer that vanishes mid-transfer: two processes on the same target
 * (P3NET-PEER-TARGET: same). The server accepts, reads 1 MiB of what the
 * client sends, then ends its process without closing anything (bytes it
 * never read are queued, so the system resets the connection). The client
 * keeps sending in 64 KiB blocking writes, each bounded by SO_SNDTIMEO:
 * within 20 s a send fails with ECONNRESET or EPIPE (never a hang, a trap
 * or EAGAIN), later sends fail with EPIPE, and the socket polls POLLHUP. */
// P3NET-PEER: server
// P3NET-PEER-TARGET: same
// P3NET-TIMEOUT: 90
#include <stdlib.h>

#include "check.h"
#include "tcp_util.h"

#define READ_BEFORE_VANISHING (1u << 20)

static int server(void) {
  int s = tcp_serve_one();
  if (s < 0)
    return 1;
  static char buf[65536];
  unsigned long got = 0;
  ssize_t n = 1;
  while (got < READ_BEFORE_VANISHING && (n = recv(s, buf, sizeof buf, 0)) > 0)
    got += (unsigned long) n;
  CHECK(got >= READ_BEFORE_VANISHING);
  fprintf(stderr, "server: read %lu bytes, vanishing\n", got);
  fflush(stderr);
  _exit(check_failures ? 1 : 0); /* no close, no exit handlers */
}

static int client(int port) {
  struct sockaddr_in a = loopback4(htons((unsigned short) port));
  int c = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(c >= 0);
  CHECK_OK(connect(c, (struct sockaddr *) &a, sizeof a));
  limit_both(c);
  static char chunk[65536];
  unsigned long sent = 0;
  int err = 0;
  double t0 = check_now_ms();
  while (!err && check_now_ms() - t0 < 20000) {
    ssize_t k = send(c, chunk, sizeof chunk, MSG_NOSIGNAL);
    if (k > 0)
      sent += (unsigned long) k;
    else
      err = errno;
  }
  printf("client: sent %lu bytes, then %s after %.0f ms\n", sent, strerror(err),
         check_now_ms() - t0);
  CHECK(sent >= READ_BEFORE_VANISHING);
  CHECK(err == ECONNRESET || err == EPIPE);
  CHECK_ERR(send(c, chunk, 1, MSG_NOSIGNAL), EPIPE);
  struct pollfd p = {.fd = c, .events = POLLOUT};
  CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLHUP));
  close(c);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "server"))
    server();
  else
    client(atoi(argv[argc - 1]));
  CHECK_DONE();
}
