/* eventfd against Linux: the flags, 8-byte reads and writes (EINVAL for a
 * short buffer or the value UINT64_MAX), EAGAIN at 0 and at the ceiling,
 * EFD_SEMAPHORE, eventfd_read/eventfd_write, poll and select bits, a
 * counter shared by dup, and the edges an EPOLLET watch sees: a write wakes
 * readers, a read wakes writers, and neither wakes the other kind. A
 * blocking call that only this program could complete fails with EDEADLK
 * in p3net (Linux would block forever). */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <unistd.h>

#include "check.h"

static short revents(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
  CHECK(poll(&p, 1, 0) >= 0);
  return p.revents;
}

/* How many events epoll_wait reports now; *ev gets the first one's bits. */
static int events_now(int ep, uint32_t *ev) {
  struct epoll_event out[4];
  int n = epoll_wait(ep, out, 4, 0);
  *ev = n > 0 ? out[0].events : 0;
  return n;
}

int main(void) {
  int e = eventfd(0, 0);
  CHECK(e >= 0);
  CHECK((fcntl(e, F_GETFL) & O_ACCMODE) == O_RDWR);
  CHECK(!(fcntl(e, F_GETFL) & O_NONBLOCK));
  CHECK(fcntl(e, F_GETFD) == 0);
  CHECK(revents(e) == POLLOUT);
  CHECK_ERR(eventfd(0, 0x10), EINVAL);
  CHECK_ERR(eventfd(0, EFD_NONBLOCK | 4), EINVAL);

  /* Writes add; a read takes the whole count and leaves 0. */
  uint64_t v = 3;
  CHECK(write(e, &v, sizeof v) == 8);
  v = 4;
  CHECK(write(e, &v, sizeof v) == 8);
  CHECK(revents(e) == (POLLIN | POLLOUT));
  char big[16] = {0};
  CHECK(read(e, big, sizeof big) == 8); /* a longer buffer: still 8 bytes */
  memcpy(&v, big, sizeof v);
  CHECK(v == 7);
  CHECK(revents(e) == POLLOUT);

  /* Short buffers and the one value that is not a count. */
  uint32_t small = 1;
  CHECK_ERR(write(e, &small, sizeof small), EINVAL);
  CHECK_ERR(read(e, &small, sizeof small), EINVAL);
  v = UINT64_MAX;
  CHECK_ERR(write(e, &v, sizeof v), EINVAL);
  CHECK(revents(e) == POLLOUT); /* nothing was added */

  /* O_NONBLOCK: EAGAIN at 0, and at the ceiling UINT64_MAX - 1. */
  CHECK_OK(fcntl(e, F_SETFL, O_NONBLOCK));
  CHECK_ERR(read(e, &v, sizeof v), EAGAIN);
  v = UINT64_MAX - 2;
  CHECK(write(e, &v, sizeof v) == 8);
  CHECK(revents(e) == (POLLIN | POLLOUT));
  v = 1;
  CHECK(write(e, &v, sizeof v) == 8); /* now at the ceiling */
  CHECK(revents(e) == POLLIN);        /* no room for even 1 */
  CHECK_ERR(write(e, &v, sizeof v), EAGAIN);
  v = 0;
  CHECK(write(e, &v, sizeof v) == 8); /* adding 0 always fits */
  CHECK(read(e, &v, sizeof v) == 8);
  CHECK(v == UINT64_MAX - 1);

  /* eventfd_read and eventfd_write are read and write of 8 bytes. */
  eventfd_t got = 99;
  errno = 0;
  CHECK(eventfd_read(e, &got) == -1 && errno == EAGAIN);
  CHECK_OK(eventfd_write(e, 5));
  CHECK_OK(eventfd_read(e, &got));
  CHECK(got == 5);

  /* dup shares the counter (one open file description). */
  int d = dup(e);
  CHECK(d >= 0);
  CHECK_OK(eventfd_write(d, 2));
  CHECK_OK(eventfd_read(e, &got));
  CHECK(got == 2);
  CHECK_OK(close(d));

  /* select sees the counter too. */
  CHECK_OK(eventfd_write(e, 1));
  fd_set r, w;
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_SET(e, &r);
  FD_SET(e, &w);
  struct timeval tv = {0, 0};
  CHECK(select(e + 1, &r, &w, NULL, &tv) == 2);
  CHECK(FD_ISSET(e, &r) && FD_ISSET(e, &w));
  CHECK_OK(eventfd_read(e, &got));
  CHECK(got == 1);
  CHECK_OK(close(e));

  /* EFD_SEMAPHORE: each read takes 1. */
  int s = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
  CHECK(s >= 0);
  CHECK(fcntl(s, F_GETFD) == FD_CLOEXEC);
  CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
  for (int i = 0; i < 3; i++) {
    got = 0;
    CHECK_OK(eventfd_read(s, &got));
    CHECK(got == 1);
  }
  CHECK_ERR(read(s, &v, sizeof v), EAGAIN);

  /* Edges: an EPOLLIN|EPOLLET watch hears every write, not a read; an
   * EPOLLOUT|EPOLLET watch hears every read, not a write. */
  int ep = epoll_create1(0);
  CHECK(ep >= 0);
  struct epoll_event in = {.events = EPOLLIN | EPOLLET, .data.u32 = 1};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &in));
  uint32_t ev;
  CHECK(events_now(ep, &ev) == 0);
  CHECK_OK(eventfd_write(s, 2));
  CHECK(events_now(ep, &ev) == 1 && ev == EPOLLIN);
  CHECK(events_now(ep, &ev) == 0);
  CHECK_OK(eventfd_write(s, 1)); /* still readable, but a write is an edge */
  CHECK(events_now(ep, &ev) == 1 && ev == EPOLLIN);
  CHECK_OK(eventfd_read(s, &got)); /* 2 left: readable, and no edge */
  CHECK(events_now(ep, &ev) == 0);

  int ep2 = epoll_create1(0);
  CHECK(ep2 >= 0);
  struct epoll_event out = {.events = EPOLLOUT | EPOLLET, .data.u32 = 2};
  CHECK_OK(epoll_ctl(ep2, EPOLL_CTL_ADD, s, &out));
  CHECK(events_now(ep2, &ev) == 1 && ev == EPOLLOUT);
  CHECK(events_now(ep2, &ev) == 0);
  CHECK_OK(eventfd_write(s, 1)); /* writable still, but a write wakes readers only */
  CHECK(events_now(ep2, &ev) == 0);
  CHECK_OK(eventfd_read(s, &got));
  CHECK(events_now(ep2, &ev) == 1 && ev == EPOLLOUT);
  CHECK_OK(close(ep2));
  CHECK_OK(close(ep));
  CHECK_OK(close(s));

  /* A blocking read of 0, or a blocking write past the ceiling, waits for
   * another thread on Linux; a component has none to wait for. */
#if defined(__wasi__) || defined(P3SIM)
  int b = eventfd(0, 0);
  CHECK(b >= 0);
  CHECK_ERR(read(b, &v, sizeof v), EDEADLK);
  CHECK_OK(eventfd_write(b, UINT64_MAX - 1));
  v = 1;
  CHECK_ERR(write(b, &v, sizeof v), EDEADLK);
  CHECK_OK(close(b));
#endif
  CHECK_ERR(read(e, &v, sizeof v), EBADF);
  CHECK_DONE();
}
