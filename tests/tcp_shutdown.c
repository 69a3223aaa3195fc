/* Half-closes and their readiness, as Linux: SHUT_WR sends the FIN after
 * the queued bytes (the peer reads them, then 0 for good, polls
 * POLLIN|POLLRDHUP, and still writes back); a send after SHUT_WR is EPIPE
 * (with MSG_NOSIGNAL or without: a component raises no SIGPIPE);
 * both sides shut is POLLHUP. A peer that closes with bytes it never read
 * resets the connection: ECONNRESET once, then the end, and EPIPE to send
 * (on wasip3 the reset may follow a FIN: then the end, and a send fails). */
#include <signal.h>

#include "check.h"
#include "tcp_util.h"

static short revents(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP};
  return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

/* Waits up to 5 s for any of want on fd. */
static short wait_for(int fd, short want) {
  struct pollfd p = {.fd = fd, .events = want};
  return poll(&p, 1, 5000) == 1 ? p.revents : 0;
}

static void half_close(int lst, const struct sockaddr_storage *la) {
  int c, s;
  if (tcp_pair(lst, la, &c, &s) < 0)
    return;
  CHECK(revents(c) == POLLOUT);
  CHECK(send(c, "last words", 10, 0) == 10);
  CHECK_OK(shutdown(c, SHUT_WR));
  CHECK_ERR(send(c, "more", 4, MSG_NOSIGNAL), EPIPE);
  /* Without MSG_NOSIGNAL too: no SIGPIPE ends a component (natively it is
   * ignored in main), EPIPE is the answer. */
  CHECK_ERR(write(c, "more", 4), EPIPE);
  CHECK_ERR(send(c, "more", 4, 0), EPIPE);
  char buf[32];
  CHECK(recv(s, buf, 10, MSG_WAITALL) == 10 && !memcmp(buf, "last words", 10));
  CHECK(wait_for(s, POLLRDHUP) & POLLRDHUP);
  CHECK(revents(s) == (POLLIN | POLLOUT | POLLRDHUP));
  CHECK(recv(s, buf, sizeof buf, 0) == 0);
  CHECK(recv(s, buf, sizeof buf, MSG_DONTWAIT) == 0);
  /* The peer still writes; the half-closed end still reads. */
  CHECK(send(s, "reply", 5, 0) == 5);
  CHECK(recv(c, buf, 5, MSG_WAITALL) == 5 && !memcmp(buf, "reply", 5));
  CHECK(revents(c) == POLLOUT);
  CHECK_OK(shutdown(s, SHUT_WR));
  CHECK(wait_for(c, POLLRDHUP) & POLLRDHUP);
  CHECK(recv(c, buf, sizeof buf, 0) == 0);
  /* Both ways shut: POLLHUP on both ends. */
  CHECK(revents(c) == (POLLIN | POLLOUT | POLLRDHUP | POLLHUP));
  CHECK(revents(s) == (POLLIN | POLLOUT | POLLRDHUP | POLLHUP));
  CHECK_ERR(shutdown(c, 7), EINVAL);
  close(c);
  close(s);
}

static void reset(int lst, const struct sockaddr_storage *la) {
  int c, s;
  if (tcp_pair(lst, la, &c, &s) < 0)
    return;
  /* s never reads: more than every buffer between holds stays unread, so
   * its close resets the connection (Linux sends RST for unread data). */
  long sent = tcp_fill(c, 32l << 20);
  CHECK(sent > 0);
  close(s);
  short ev = wait_for(c, POLLERR | POLLHUP | POLLIN);
  char buf[16];
#ifdef __wasi__
  /* wasi:sockets has no abortive close: the host may let the FIN go out
   * before the reset (Wasmtime does under load), and then the first recv
   * reads the end. Either way the connection is gone: a send soon fails. */
  CHECK(ev);
  ssize_t r = recv(c, buf, sizeof buf, 0);
  CHECK(r == 0 || (r == -1 && errno == ECONNRESET));
  int failed = 0;
  for (int i = 0; i < 200 && !failed; i++) {
    if (send(c, "x", 1, MSG_NOSIGNAL) < 0) {
      CHECK(errno == EPIPE || errno == ECONNRESET);
      failed = 1;
    } else {
      struct pollfd p = {.fd = c, .events = POLLERR};
      poll(&p, 1, 20);
    }
  }
  CHECK(failed);
#else
  CHECK(ev & (POLLERR | POLLHUP));
  CHECK_ERR(recv(c, buf, sizeof buf, 0), ECONNRESET);
  CHECK(recv(c, buf, sizeof buf, 0) == 0);
  CHECK_ERR(send(c, "x", 1, MSG_NOSIGNAL), EPIPE);
#endif
  close(c);
}

int main(void) {
#ifndef __wasi__
  signal(SIGPIPE, SIG_IGN); /* a component has no SIGPIPE to ignore */
#endif
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  half_close(lst, &la);
  reset(lst, &la);
  close(lst);
  CHECK_DONE();
}
