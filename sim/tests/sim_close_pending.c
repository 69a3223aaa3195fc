/* Closing sockets while the host is still busy with them: a receive in
 * flight (cancelled; on jco it goes on and writes into its result area
 * later), a datagram waiting unread, sends not yet finished. Rounds of
 * sockets are opened and closed so that the host reuses handle numbers at
 * once: a stale reference to a dropped subtask or socket shows up as a host
 * trap, a use-after-free (ASan) or a datagram in the wrong place. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "sock_util.h"

#define N 6

int main(void) {
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(tx >= 0);
  for (int round = 0; round < 30; round++) {
    int fd[N];
    struct sockaddr_in a[N];
    for (int i = 0; i < N; i++)
      fd[i] = bound4_at(SOCK_DGRAM, 0, &a[i]);
    /* Some get a datagram (left unread or half-read), some get nothing. */
    for (int i = 0; i < N; i += 2) {
      char msg[32];
      int n = snprintf(msg, sizeof msg, "r%d s%d", round, i);
      CHECK(sendto(tx, msg, (size_t) n, 0, (struct sockaddr *) &a[i], sizeof a[i]) == n);
      CHECK(sendto(tx, msg, (size_t) n, 0, (struct sockaddr *) &a[i], sizeof a[i]) == n);
    }
    if (round % 3 == 0) {
      struct pollfd p = {fd[0], POLLIN, 0};
      CHECK(poll(&p, 1, 2000) == 1);
      char buf[32];
      CHECK(recv(fd[0], buf, sizeof buf, 0) > 0);
    }
    /* Sends in flight at close: a burst from a socket closed at once. */
    int burst = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(burst >= 0);
    for (int k = 0; k < 5; k++)
      CHECK(sendto(burst, "burst", 5, MSG_DONTWAIT, (struct sockaddr *) &a[1], sizeof a[1]) == 5);
    CHECK_OK(close(burst));
    for (int i = N - 1; i >= 0; i--)
      CHECK_OK(close(fd[i]));
  }
  /* After all that, a fresh pair still works end to end. */
  struct sockaddr_in ra;
  int rx = bound4_at(SOCK_DGRAM, 0, &ra);
  CHECK(sendto(tx, "last", 4, 0, (struct sockaddr *) &ra, sizeof ra) == 4);
  struct pollfd p = {rx, POLLIN, 0};
  CHECK(poll(&p, 1, 2000) == 1);
  char buf[8];
  CHECK(recv(rx, buf, sizeof buf, 0) == 4 && !memcmp(buf, "last", 4));
  CHECK_OK(close(rx));
  CHECK_OK(close(tx));
  CHECK_DONE();
}
