/* A program in the style of wasi-libc's own tests (plain POSIX, its own
 * assertion macro, nothing of p3net or of this test suite): dup, dup2 and
 * dup3 over pipes and stdio, poll on pipes and on closed descriptors, and
 * a UDP socket used through a dup. It must compile unchanged with p3cc
 * and behave as on Linux. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int failures;

#define EXPECT(cond)                                                                               \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: expected %s (errno %d)\n", __FILE__, __LINE__, #cond, errno);        \
      failures++;                                                                                  \
    }                                                                                              \
  } while (0)

static void bad_fd_poll(void) {
  int p[2];
  EXPECT(pipe(p) == 0);
  EXPECT(close(p[0]) == 0);
  struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
  EXPECT(poll(fds, 2, 0) == 2);
  EXPECT(fds[0].revents == POLLNVAL);
  EXPECT(fds[1].revents == (POLLOUT | POLLERR)); /* the reader is gone */
  fds[0].fd = -1;                                /* ignored */
  EXPECT(poll(fds, 1, 0) == 0 && fds[0].revents == 0);
  EXPECT(close(p[1]) == 0);
}

static void pipe_through_dups(void) {
  int p[2];
  EXPECT(pipe(p) == 0);
  int r2 = dup(p[0]);
  int w2 = fcntl(p[1], F_DUPFD_CLOEXEC, 20);
  EXPECT(r2 > p[1] && w2 >= 20);
  EXPECT(fcntl(w2, F_GETFD) == FD_CLOEXEC);
  EXPECT(write(w2, "ping", 4) == 4);
  struct pollfd fds[2] = {{p[0], POLLIN, 0}, {r2, POLLIN, 0}};
  EXPECT(poll(fds, 2, 1000) == 2 && fds[0].revents == POLLIN && fds[1].revents == POLLIN);
  char buf[8] = {0};
  EXPECT(read(r2, buf, 2) == 2 && memcmp(buf, "pi", 2) == 0);
  EXPECT(read(p[0], buf, sizeof buf) == 2 && memcmp(buf, "ng", 2) == 0);
  EXPECT(close(p[1]) == 0);
  EXPECT(poll(fds, 2, 0) == 0); /* w2 still holds the write end */
  EXPECT(close(w2) == 0);
  EXPECT(poll(fds, 2, 0) == 2 && fds[0].revents == POLLHUP);
  EXPECT(read(p[0], buf, sizeof buf) == 0);
  EXPECT(close(p[0]) == 0 && close(r2) == 0);
}

static void stdio_redirected(void) {
  int p[2];
  EXPECT(pipe(p) == 0);
  int saved_out = dup(STDOUT_FILENO), saved_in = dup(STDIN_FILENO);
  EXPECT(saved_out >= 0 && saved_in >= 0);
  EXPECT(dup2(p[1], STDOUT_FILENO) == STDOUT_FILENO);
  EXPECT(write(STDOUT_FILENO, "to stdout", 9) == 9);
  EXPECT(dup2(saved_out, STDOUT_FILENO) == STDOUT_FILENO);
  EXPECT(dup3(p[0], STDIN_FILENO, O_CLOEXEC) == STDIN_FILENO);
  EXPECT(fcntl(STDIN_FILENO, F_GETFD) == FD_CLOEXEC);
  struct pollfd in = {STDIN_FILENO, POLLIN, 0};
  EXPECT(poll(&in, 1, 1000) == 1 && in.revents == POLLIN);
  char buf[16] = {0};
  EXPECT(read(STDIN_FILENO, buf, sizeof buf) == 9 && memcmp(buf, "to stdout", 9) == 0);
  EXPECT(dup2(saved_in, STDIN_FILENO) == STDIN_FILENO);
  EXPECT(close(saved_out) == 0 && close(saved_in) == 0);
  EXPECT(close(p[0]) == 0 && close(p[1]) == 0);
}

static void socket_through_dup(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  int d = dup(s);
  EXPECT(s >= 0 && d >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT(bind(d, (struct sockaddr *) &a, sizeof a) == 0);
  socklen_t len = sizeof a;
  EXPECT(getsockname(s, (struct sockaddr *) &a, &len) == 0 && a.sin_port != 0);
  EXPECT(close(s) == 0);
  int t = socket(AF_INET, SOCK_DGRAM, 0);
  EXPECT(sendto(t, "dgram", 5, 0, (struct sockaddr *) &a, sizeof a) == 5);
  struct pollfd pd = {d, POLLIN, 0};
  EXPECT(poll(&pd, 1, 2000) == 1 && pd.revents == POLLIN);
  char buf[8];
  EXPECT(recv(d, buf, sizeof buf, 0) == 5);
  EXPECT(close(d) == 0 && close(t) == 0);
}

int main(void) {
  bad_fd_poll();
  pipe_through_dups();
  stdio_redirected();
  socket_through_dup();
  if (failures)
    fprintf(stderr, "%d failed\n", failures);
  return failures ? 1 : 0;
}
