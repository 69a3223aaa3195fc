/* pipe and pipe2 inside the component, checked against Linux: the access
 * modes and flags, bytes in order, end of file once the writer is gone,
 * EPIPE once the reader is, EBADF for the wrong end, and the buffer: 64 KiB
 * in 4 KiB pages, PIPE_BUF-sized writes whole or not at all, POLLOUT while
 * a page is free, F_GETPIPE_SZ/F_SETPIPE_SZ and FIONREAD. */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

static char big[70000];
static char got[70000];

static short revents(int fd) {
  struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
  CHECK(poll(&p, 1, 0) >= 0);
  return p.revents;
}

int main(void) {
  CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR); /* Linux would kill us on EPIPE */
  int p[2];
  CHECK_OK(pipe(p));
  CHECK(p[0] >= 0 && p[1] == p[0] + 1);
  CHECK((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY);
  CHECK((fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
  CHECK(!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
  CHECK(fcntl(p[0], F_GETFD) == 0);
  CHECK(fcntl(p[0], F_GETPIPE_SZ) == 65536);
  CHECK(fcntl(p[1], F_GETPIPE_SZ) == 65536);
  CHECK(revents(p[0]) == 0);
  CHECK(revents(p[1]) == POLLOUT);

  /* Bytes in order, in whatever pieces the reader asks for. */
  CHECK(write(p[1], "hello ", 6) == 6);
  CHECK(write(p[1], "world", 5) == 5);
  CHECK(revents(p[0]) == POLLIN);
  int n = -1;
  CHECK_OK(ioctl(p[0], FIONREAD, &n));
  CHECK(n == 11);
  char buf[32] = {0};
  CHECK(read(p[0], buf, 3) == 3);
  CHECK(memcmp(buf, "hel", 3) == 0);
  struct iovec iov[2] = {{buf, 4}, {buf + 4, 10}};
  CHECK(readv(p[0], iov, 2) == 8);
  CHECK(memcmp(buf, "lo world", 8) == 0);
  CHECK(read(p[0], buf, 0) == 0);
  struct iovec out[3] = {{"ab", 2}, {NULL, 0}, {"cde", 3}};
  CHECK(writev(p[1], out, 3) == 5);
  CHECK(read(p[0], buf, sizeof buf) == 5);
  CHECK(memcmp(buf, "abcde", 5) == 0);

  /* The wrong end, and what a pipe cannot do. */
  CHECK_ERR(read(p[1], buf, 1), EBADF);
  CHECK_ERR(write(p[0], "x", 1), EBADF);
  CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
  CHECK_ERR(fcntl(p[0], F_SETPIPE_SZ, -1), EINVAL);
  CHECK_ERR(fcntl(p[0], F_SETPIPE_SZ, 1 << 30), EPERM);

  /* The writer goes: what is left is read, then end of file, POLLHUP. */
  CHECK(write(p[1], "tail", 4) == 4);
  CHECK_OK(close(p[1]));
  CHECK(revents(p[0]) == (POLLIN | POLLHUP));
  CHECK(read(p[0], buf, sizeof buf) == 4);
  CHECK(read(p[0], buf, sizeof buf) == 0);
  CHECK(revents(p[0]) == POLLHUP);
  CHECK_OK(close(p[0]));

  /* The reader goes: EPIPE, POLLERR, and a write of nothing still works. */
  CHECK_OK(pipe(p));
  CHECK_OK(close(p[0]));
  CHECK_ERR(write(p[1], "x", 1), EPIPE);
  CHECK(write(p[1], "", 0) == 0);
  CHECK(revents(p[1]) == (POLLOUT | POLLERR));
  CHECK_OK(close(p[1]));

  /* pipe2's flags, and what it refuses. */
  CHECK_OK(pipe2(p, O_NONBLOCK | O_CLOEXEC));
  CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
  CHECK(fcntl(p[1], F_GETFL) & O_NONBLOCK);
  CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC);
  CHECK(fcntl(p[1], F_GETFD) == FD_CLOEXEC);
  int q[2] = {-1, -1};
  CHECK_ERR(pipe2(q, 0x1), EINVAL);
  CHECK_ERR(pipe2(q, O_NONBLOCK | 0x10), EINVAL);
  CHECK(q[0] == -1 && q[1] == -1);
  CHECK_ERR(pipe(NULL), EFAULT);
  /* Packet mode: Linux has it, p3net not (a declared difference). */
#if defined(__wasi__) || defined(P3SIM)
  CHECK_ERR(pipe2(q, O_DIRECT), EINVAL);
#else
  CHECK_OK(pipe2(q, O_DIRECT));
  close(q[0]);
  close(q[1]);
#endif

  /* The buffer: an empty nonblocking pipe says EAGAIN... */
  CHECK_ERR(read(p[0], buf, 1), EAGAIN);
  /* ...a big write takes 64 KiB and no more... */
  CHECK(write(p[1], big, sizeof big) == 65536);
  CHECK(revents(p[0]) == POLLIN);
  CHECK(revents(p[1]) == 0);
  CHECK_ERR(write(p[1], "x", 1), EAGAIN);
  CHECK_OK(ioctl(p[0], FIONREAD, &n));
  CHECK(n == 65536);
  /* ...a byte read frees no page: still full... */
  CHECK(read(p[0], got, 1) == 1);
  CHECK(revents(p[1]) == 0);
  CHECK_ERR(write(p[1], "x", 1), EAGAIN);
  /* ...the rest of the first page frees it: room for one page again. */
  CHECK(read(p[0], got, 4095) == 4095);
  CHECK(revents(p[1]) == POLLOUT);
  CHECK(write(p[1], big, 4096) == 4096);
  CHECK_ERR(write(p[1], "x", 1), EAGAIN);
  CHECK_ERR(fcntl(p[1], F_SETPIPE_SZ, 4096), EBUSY);
  CHECK(read(p[0], got, sizeof got) == 65536);
  CHECK(revents(p[1]) == POLLOUT);

  /* PIPE_BUF writes are atomic: one that does not fit writes nothing. */
  CHECK(write(p[1], big, 60000) == 60000);       /* 14 pages and 2656 bytes of a 15th */
  CHECK(write(p[1], big, 1440) == 1440);         /* merges into the 15th page: 4096 */
  CHECK(write(p[1], big, PIPE_BUF) == PIPE_BUF); /* the 16th page */
  CHECK_ERR(write(p[1], big, 100), EAGAIN);      /* no page left */
  CHECK(read(p[0], got, 4096) == 4096);
  CHECK(write(p[1], big, 4000) == 4000);
  CHECK_ERR(write(p[1], big, 200), EAGAIN); /* 96 bytes left in that page: not whole */
  CHECK(write(p[1], big, 96) == 96);        /* these fit whole */
  CHECK(read(p[0], got, sizeof got) == 65536);
  /* A write larger than PIPE_BUF may be split: what fits goes. */
  CHECK(write(p[1], big, 10000) == 10000);     /* 2 pages and 1808 bytes */
  CHECK(write(p[1], big, 60000) == 13 * 4096); /* no merge: 2656 > 2288 left */
  CHECK(read(p[0], got, sizeof got) == 10000 + 13 * 4096);

  /* F_SETPIPE_SZ rounds up to a power of two pages, and is obeyed. */
  CHECK(fcntl(p[1], F_SETPIPE_SZ, 5000) == 8192);
  CHECK(fcntl(p[0], F_GETPIPE_SZ) == 8192);
  CHECK(write(p[1], big, sizeof big) == 8192);
  CHECK(read(p[0], got, sizeof got) == 8192);
  CHECK(fcntl(p[1], F_SETPIPE_SZ, 0) == 4096);
  CHECK(fcntl(p[1], F_SETPIPE_SZ, 200000) == 262144);
  CHECK(write(p[1], big, sizeof big) == (ssize_t) sizeof big);

  /* Bytes arrive intact across pages. */
  for (size_t i = 0; i < sizeof big; i++)
    big[i] = (char) (i * 7 + 3);
  CHECK(read(p[0], got, sizeof got) == (ssize_t) sizeof got);
  CHECK(write(p[1], big, sizeof big) == (ssize_t) sizeof big);
  size_t at = 0;
  while (at < sizeof got) {
    ssize_t k = read(p[0], got + at, 777);
    CHECK(k > 0);
    if (k <= 0)
      break;
    at += (size_t) k;
  }
  CHECK(memcmp(big, got, sizeof big) == 0);
  CHECK_OK(close(p[0]));
  CHECK_OK(close(p[1]));

  /* F_GETPIPE_SZ on what is not a pipe, and closed fds. */
  CHECK_ERR(fcntl(1, F_GETPIPE_SZ), EBADF);
  CHECK_ERR(read(p[0], buf, 1), EBADF);
  CHECK_ERR(write(p[1], buf, 1), EBADF);
  {
    /* fstat tells a pipe from a socket (the sysroot's headers could not) */
    int pf[2];
    struct stat st;
    CHECK_OK(pipe(pf));
    CHECK_OK(fstat(pf[0], &st));
    CHECK(S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode));
    CHECK_OK(fstat(pf[1], &st));
    CHECK(S_ISFIFO(st.st_mode));
    CHECK_ERR(lseek(pf[0], 0, SEEK_CUR), ESPIPE);
    CHECK_OK(close(pf[0]));
    CHECK_OK(close(pf[1]));
  }
  CHECK_DONE();
}
