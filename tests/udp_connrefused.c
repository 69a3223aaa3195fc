/* A connected UDP socket that sends to a port nobody listens on hears of
 * it later (on Linux through ICMP): the error is kept on the socket, poll
 * reports POLLERR, and it is handed out once, by SO_ERROR or by the next
 * recv, as ECONNREFUSED. After that the socket works as before. */
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "sock_util.h"

/* Waits (bounded) until fd reports POLLERR. */
static int error_pending(int fd) {
  double t0 = check_now_ms();
  while (check_now_ms() - t0 < 2000) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 100) == 1 && (p.revents & POLLERR))
      return 1;
  }
  return 0;
}

int main(void) {
  struct sockaddr_in gone, live;
  int g = udp_bound(0, &gone);
  CHECK_OK(close(g)); /* its port is now closed */
  int a = udp_bound(0, NULL), peer = udp_bound(0, &live);
  CHECK(a >= 0 && peer >= 0);
  struct timeval tv = {2, 0};
  CHECK_OK(setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  CHECK_OK(connect(a, (struct sockaddr *) &gone, sizeof gone));

  /* The send itself succeeds; the refusal comes afterwards. */
  CHECK(send(a, "x", 1, 0) == 1);
  CHECK(error_pending(a));
  int err = -1;
  socklen_t len = sizeof err;
  CHECK_OK(getsockopt(a, SOL_SOCKET, SO_ERROR, &err, &len));
  CHECK(err == ECONNREFUSED);
  err = -1;
  CHECK_OK(getsockopt(a, SOL_SOCKET, SO_ERROR, &err, &len));
  CHECK(err == 0); /* handed out once */

  /* Again, this time collected by recv. */
  CHECK(send(a, "y", 1, 0) == 1);
  CHECK(error_pending(a));
  char buf[8];
  CHECK_ERR(recv(a, buf, sizeof buf, 0), ECONNREFUSED);

  /* The socket still works: connect to a live peer and talk. */
  CHECK_OK(connect(a, (struct sockaddr *) &live, sizeof live));
  CHECK(send(a, "ok", 2, 0) == 2);
  struct pollfd p = {peer, POLLIN, 0};
  CHECK(poll(&p, 1, 2000) == 1);
  CHECK(recv(peer, buf, sizeof buf, 0) == 2 && !memcmp(buf, "ok", 2));

  close(a);
  close(peer);
  CHECK_DONE();
}
