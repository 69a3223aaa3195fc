/* Huge SO_RCVTIMEO and SO_SNDTIMEO values mean "practically forever", as
 * on Linux: a receive with such a timeout waits for the datagram that is
 * still on its way and returns it, instead of failing with EAGAIN at once
 * because tv_sec * 1e9 wrapped into a deadline in the past. Linux treats a
 * timeout too long for its timer as none and reads it back as {0, 0}; one
 * that fits (10^12 s, far beyond 64-bit nanoseconds) reads back exactly.
 * A negative timeout is stored as 0 jiffies by Linux: a receive then fails
 * with EAGAIN at once, and getsockopt reads {0, 0}.
 *
 * The datagram must arrive while the receive waits. Natively a child sends
 * it 100 ms later; where p3net runs (wasip3, and the simulated host, built
 * with -DP3SIM) a datagram sent just before the receive is still in the
 * host when the receive starts, so the receive has to wait for it too. */
#include "check.h"

#include <stdint.h>
#include <sys/time.h>

#include "sock_util.h"

#if !defined(__wasi__) && !defined(P3SIM)
#include <sys/wait.h>
#define FORK_SENDER 1
#endif

/* Sends msg to `to` from a fresh socket, after delay_ms natively. */
static void send_later(const struct sockaddr_in *to, const char *msg, int delay_ms) {
#ifdef FORK_SENDER
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    usleep((useconds_t) delay_ms * 1000);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    _exit(s >= 0 && send_to(s, to, msg) == 0 ? 0 : 1);
  }
#else
  (void) delay_ms;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  CHECK(send_to(s, to, msg) == 0);
  close(s);
#endif
}

static void reap(void) {
#ifdef FORK_SENDER
  int st;
  CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
#endif
}

static struct timeval get_timeo(int fd, int name) {
  struct timeval tv = {-7, -7};
  socklen_t len = sizeof tv;
  CHECK_OK(getsockopt(fd, SOL_SOCKET, name, &tv, &len));
  CHECK(len == sizeof tv);
  return tv;
}

/* A receive with timeout {sec, 0} gets a datagram sent while it waits. */
static void recv_waits(time_t sec, const char *msg) {
  struct sockaddr_in me;
  int fd = bound4_at(SOCK_DGRAM, 0, &me);
  struct timeval tv = {sec, 0};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  send_later(&me, msg, 100);
  char buf[32];
  double t0 = check_now_ms();
  errno = 0;
  ssize_t n = recv(fd, buf, sizeof buf, 0);
  double dt = check_now_ms() - t0;
  if (n != (ssize_t) strlen(msg))
    fprintf(stderr, "timeout %lld s: recv gave %zd (errno %d) after %.0f ms\n", (long long) sec, n,
            errno, dt);
  CHECK(n == (ssize_t) strlen(msg) && memcmp(buf, msg, (size_t) n) == 0);
  reap();
  close(fd);
}

int main(void) {
  const time_t huge = (time_t) INT64_MAX; /* time_t is 64-bit on both */
  const time_t fits = (time_t) 1000000000000LL;

  recv_waits(huge, "forever");
  recv_waits(fits, "for ages");
  recv_waits((time_t) 18446744074LL, "wraps to 0.3 s");

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  struct timeval tv = {huge, 999999};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
  struct timeval got = get_timeo(fd, SO_SNDTIMEO);
  CHECK(got.tv_sec == 0 && got.tv_usec == 0);
  tv = (struct timeval) {fits, 0};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
  got = get_timeo(fd, SO_SNDTIMEO);
  CHECK(got.tv_sec == fits && got.tv_usec == 0);
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  got = get_timeo(fd, SO_RCVTIMEO);
  CHECK(got.tv_sec == fits && got.tv_usec == 0);
  close(fd);

  /* Negative: no waiting at all, and read back as {0, 0}. */
  struct sockaddr_in me;
  fd = bound4_at(SOCK_DGRAM, 0, &me);
  tv = (struct timeval) {-1, 0};
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  got = get_timeo(fd, SO_RCVTIMEO);
  CHECK(got.tv_sec == 0 && got.tv_usec == 0);
  char b;
  double t0 = check_now_ms();
  CHECK_ERR(recv(fd, &b, 1, 0), EAGAIN);
  CHECK(check_now_ms() - t0 < 500);
  close(fd);
  CHECK_DONE();
}
