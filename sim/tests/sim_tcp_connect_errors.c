/* connect's errors that loopback cannot provoke, from the host's error
 * codes (P3SIM_CONNECT_ERRORS: every other one of the first seven
 * connects fails without sending anything, whatever the address): `timeout` is ETIMEDOUT and
 * `remote-unreachable` EHOSTUNREACH, blocking (connect says it) and
 * nonblocking (EINPROGRESS, then POLLOUT|POLLERR|POLLHUP and SO_ERROR
 * once, as Linux reports a failed attempt). After each failure the same
 * socket connects again, for real, to the listener. */
// P3SIM-ENV: P3SIM_CONNECT_ERRORS=timeout,ok,remote-unreachable,ok,timeout,ok,remote-unreachable
#include "check.h"
#include "tcp_util.h"

static int so_error(int fd) {
  int e = -1;
  socklen_t len = sizeof e;
  CHECK_OK(getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len));
  return e;
}

/* The socket failed: it connects again, to the listener, and works. */
static void again(int lst, const struct sockaddr_storage *la, int s) {
  set_nonblock(s, 0);
  CHECK_OK(connect(s, (const struct sockaddr *) la, sockaddr_len(la)));
  struct pollfd p = {.fd = lst, .events = POLLIN};
  CHECK(poll(&p, 1, 5000) == 1);
  int a = p.revents & POLLIN ? accept(lst, NULL, NULL) : -1;
  CHECK(a >= 0);
  char b;
  CHECK(send(s, "k", 1, 0) == 1);
  CHECK(a >= 0 && recv(a, &b, 1, 0) == 1 && b == 'k');
  if (a >= 0)
    close(a);
  close(s);
}

static void blocking(int lst, const struct sockaddr_storage *la, int want) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  CHECK_ERR(connect(s, (const struct sockaddr *) la, sockaddr_len(la)), want);
  CHECK(so_error(s) == 0); /* connect told it */
  again(lst, la, s);
}

static void nonblocking(int lst, const struct sockaddr_storage *la, int want) {
  int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  CHECK_ERR(connect(s, (const struct sockaddr *) la, sockaddr_len(la)), EINPROGRESS);
  struct pollfd p = {.fd = s, .events = POLLIN | POLLOUT};
  CHECK(poll(&p, 1, 5000) == 1);
  CHECK(p.revents == (POLLIN | POLLOUT | POLLERR | POLLHUP));
  CHECK(so_error(s) == want);
  CHECK(so_error(s) == 0);
  again(lst, la, s);
}

int main(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  blocking(lst, &la, ETIMEDOUT);
  blocking(lst, &la, EHOSTUNREACH);
  nonblocking(lst, &la, ETIMEDOUT);
  nonblocking(lst, &la, EHOSTUNREACH);
  close(lst);
  CHECK_DONE();
}
