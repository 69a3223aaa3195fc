/* Pipes in poll, select and epoll, against Linux: POLLIN with bytes,
 * POLLHUP once the last writer is gone (a dup keeps it), POLLERR once the
 * reader is, select's read and write sets, and the edges an EPOLLET watch
 * gets: every write is one for the read end (a polled pipe), a read is one
 * for the write end only when it frees room in a full pipe, and a close of
 * the other end always is. In p3net a blocking read of an empty pipe, or a
 * blocking write to a full one, fails with EDEADLK: only this same
 * single-threaded program could end the wait (Linux would block). */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

#include "check.h"

static short revents(int fd, short events) {
  struct pollfd p = {.fd = fd, .events = events};
  CHECK(poll(&p, 1, 0) >= 0);
  return p.revents;
}

static int edges(int ep, uint32_t *ev) {
  struct epoll_event out[4];
  int n = epoll_wait(ep, out, 4, 0);
  *ev = n > 0 ? out[0].events : 0;
  return n;
}

static char big[70000];

int main(void) {
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
  int p[2];
  CHECK_OK(pipe(p));

  /* poll: both ends in one call, before and after a write. */
  struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
  CHECK(poll(fds, 2, 0) == 1 && fds[0].revents == 0 && fds[1].revents == POLLOUT);
  CHECK(write(p[1], "x", 1) == 1);
  CHECK(poll(fds, 2, 0) == 2 && fds[0].revents == POLLIN);
  CHECK(revents(p[0], POLLIN | POLLRDNORM) == (POLLIN | POLLRDNORM));
  CHECK(revents(p[1], POLLOUT | POLLWRNORM) == (POLLOUT | POLLWRNORM));
  /* A timed poll with the answer known returns at once. */
  double t0 = check_now_ms();
  CHECK(poll(fds, 1, 5000) == 1);
  CHECK(check_now_ms() - t0 < 1000);

  /* select sees the same. */
  fd_set r, w;
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_SET(p[0], &r);
  FD_SET(p[1], &w);
  struct timeval tv = {0, 0};
  CHECK(select(p[1] + 1, &r, &w, NULL, &tv) == 2);
  char c;
  CHECK(read(p[0], &c, 1) == 1);
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  tv = (struct timeval) {0, 20000};
  CHECK(select(p[0] + 1, &r, NULL, NULL, &tv) == 0);

  /* POLLHUP only when the last writer goes; select then reads the end. */
  int w2 = dup(p[1]);
  CHECK(w2 >= 0);
  CHECK_OK(close(p[1]));
  CHECK(revents(p[0], POLLIN) == 0);
  CHECK_OK(close(w2));
  CHECK(revents(p[0], POLLIN) == POLLHUP);
  CHECK(revents(p[0], 0) == POLLHUP); /* asked for nothing, told anyway */
  FD_ZERO(&r);
  FD_SET(p[0], &r);
  tv = (struct timeval) {0, 0};
  CHECK(select(p[0] + 1, &r, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &r));
  CHECK(read(p[0], &c, 1) == 0);
  CHECK_OK(close(p[0]));

  /* POLLERR when the reader goes, also for a write-set select. */
  CHECK_OK(pipe(p));
  CHECK_OK(close(p[0]));
  CHECK(revents(p[1], POLLOUT) == (POLLOUT | POLLERR));
  CHECK(revents(p[1], 0) == POLLERR);
  FD_ZERO(&w);
  FD_SET(p[1], &w);
  CHECK(select(p[1] + 1, NULL, &w, NULL, &tv) == 1);
  CHECK_ERR(write(p[1], "x", 1), EPIPE);
  CHECK_OK(close(p[1]));

  /* epoll, level-triggered: ready while bytes remain, HUP unasked. */
  CHECK_OK(pipe2(p, O_NONBLOCK));
  int ep = epoll_create1(EPOLL_CLOEXEC);
  CHECK(ep >= 0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
  uint32_t got;
  CHECK(edges(ep, &got) == 0);
  CHECK(write(p[1], "ab", 2) == 2);
  CHECK(edges(ep, &got) == 1 && got == EPOLLIN);
  CHECK(edges(ep, &got) == 1);
  CHECK(read(p[0], &c, 1) == 1);
  CHECK(edges(ep, &got) == 1);
  CHECK(read(p[0], &c, 1) == 1);
  CHECK(edges(ep, &got) == 0);

  /* epoll, edge-triggered: every write is an edge, a read is not. */
  ev.events = EPOLLIN | EPOLLET;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
  CHECK(write(p[1], "a", 1) == 1);
  CHECK(edges(ep, &got) == 1 && got == EPOLLIN);
  CHECK(edges(ep, &got) == 0);
  CHECK(write(p[1], "b", 1) == 1); /* not empty before, still an edge */
  CHECK(edges(ep, &got) == 1);
  CHECK(read(p[0], &c, 1) == 1);
  CHECK(edges(ep, &got) == 0);
  CHECK(read(p[0], &c, 1) == 1);

  /* The write end: an edge when a read frees room in a full pipe only. */
  int ep2 = epoll_create1(0);
  CHECK(ep2 >= 0);
  struct epoll_event wev = {.events = EPOLLOUT | EPOLLET, .data.u32 = 8};
  CHECK_OK(epoll_ctl(ep2, EPOLL_CTL_ADD, p[1], &wev));
  CHECK(edges(ep2, &got) == 1 && got == EPOLLOUT);
  CHECK(write(p[1], "a", 1) == 1);
  CHECK(read(p[0], &c, 1) == 1); /* the pipe was not full: no edge */
  CHECK(edges(ep2, &got) == 0);
  CHECK(write(p[1], big, sizeof big) == 65536);
  CHECK(edges(ep2, &got) == 0);
  CHECK(read(p[0], big, 100) == 100); /* full, but no page freed */
  CHECK(edges(ep2, &got) == 0);
  CHECK(read(p[0], big, 4000) == 4000); /* the first page is free */
  CHECK(edges(ep2, &got) == 1 && got == EPOLLOUT);

  /* Closing the other end is an edge for both kinds of watch. */
  CHECK_OK(close(p[0]));
  CHECK(edges(ep2, &got) == 1 && got == (EPOLLOUT | EPOLLERR));
  CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), EBADF); /* gone with its file */
  CHECK_OK(close(p[1]));
  CHECK_OK(pipe2(p, O_NONBLOCK));
  ev.events = EPOLLIN | EPOLLET;
  CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
  CHECK(edges(ep, &got) == 0);
  CHECK_OK(close(p[1]));
  CHECK(edges(ep, &got) == 1 && got == EPOLLHUP);
  CHECK(edges(ep, &got) == 0);
  CHECK_OK(close(p[0]));
  CHECK_OK(close(ep));
  CHECK_OK(close(ep2));

  /* Blocking calls no one could complete. */
  CHECK_OK(pipe(p));
#if defined(__wasi__) || defined(P3SIM)
  CHECK_ERR(read(p[0], &c, 1), EDEADLK);
  CHECK(write(p[1], big, sizeof big) == 65536); /* what fits; Linux would wait to write the rest */
  CHECK_ERR(write(p[1], "x", 1), EDEADLK);
  CHECK_ERR(write(p[1], big, PIPE_BUF), EDEADLK);
  CHECK(read(p[0], big, sizeof big) == 65536);
#endif
  CHECK(write(p[1], "x", 1) == 1);
  CHECK_OK(close(p[1]));
  CHECK(read(p[0], big, sizeof big) == 1);
  CHECK(read(p[0], &c, 1) == 0); /* a blocking read at the end returns */
  CHECK_OK(close(p[0]));
  CHECK_DONE();
}
