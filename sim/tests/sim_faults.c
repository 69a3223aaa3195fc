/* Host errors on udp-socket.send, injected by the simulator at random
 * (P3SIM_FAIL_SEND): some fail at once, some after the send has started.
 * Whatever the host does, every sendto either succeeds or fails with an
 * errno a send can have; an error that arrives after sendto returned shows
 * up once (SO_ERROR), never twice (like Linux, later errors may overwrite
 * an unread one); datagrams arrive intact, in order, none twice, and none
 * that sendto reported as failed; nothing leaks (LeakSanitizer checks the
 * error payloads the host allocates). Natively no send fails. */
// P3SIM-ENV: P3SIM_FAIL_SEND=0.3
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

static int send_errno_ok(int e) {
  return e == ECONNREFUSED || e == EHOSTUNREACH || e == ENOMEM || e == EACCES || e == EIO ||
         e == EPERM || e == ENOBUFS;
}

int main(void) {
  int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(rx >= 0 && tx >= 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK_OK(bind(rx, (struct sockaddr *) &a, sizeof a));
  socklen_t len = sizeof a;
  CHECK_OK(getsockname(rx, (struct sockaddr *) &a, &len));

  int ok = 0, failed = 0, late = 0;
  unsigned char sent_ok[200] = {0};
  for (unsigned i = 0; i < 200; i++) {
    unsigned v = i;
    errno = 0;
    ssize_t n = sendto(tx, &v, sizeof v, 0, (struct sockaddr *) &a, sizeof a);
    if (n == (ssize_t) sizeof v) {
      sent_ok[v] = 1;
      ok++;
    } else {
      CHECK(n == -1 && send_errno_ok(errno));
      if (n != -1 || !send_errno_ok(errno))
        fprintf(stderr, "send %u: %zd errno %d\n", i, n, errno);
      failed++;
    }
    /* An error that came after the send returned is pending: read it. */
    int soerr = -1;
    socklen_t sl = sizeof soerr;
    CHECK_OK(getsockopt(tx, SOL_SOCKET, SO_ERROR, &soerr, &sl));
    if (soerr) {
      CHECK(send_errno_ok(soerr));
      late++;
      sl = sizeof soerr;
      CHECK_OK(getsockopt(tx, SOL_SOCKET, SO_ERROR, &soerr, &sl));
      CHECK(soerr == 0); /* reported once */
    }
  }
  /* Every datagram that the sender believes sent, and possibly some whose
   * failure came late (the host may fail a send after sendto returned):
   * in order, none twice. */
  unsigned got = 0, last = 0;
  int first = 1;
  for (;;) {
    struct pollfd p = {rx, POLLIN, 0};
    if (poll(&p, 1, 300) != 1)
      break;
    unsigned v;
    ssize_t n = recv(rx, &v, sizeof v, 0);
    CHECK(n == (ssize_t) sizeof v);
    if (n != (ssize_t) sizeof v)
      break;
    CHECK(v < 200 && sent_ok[v]); /* a send that failed at once sent nothing */
    CHECK(first || v > last);
    first = 0;
    last = v;
    got++;
  }
  CHECK((int) got <= ok);
  CHECK(late || (int) got == ok); /* only late failures lose datagrams */
  printf("sent %d, failed at once %d, failed late %d, received %u\n", ok, failed, late, got);
  CHECK_OK(close(tx));
  CHECK_OK(close(rx));
  CHECK_DONE();
}
