/* pipe and pipe2: both ends inside the component, on a byte queue that
 * follows Linux's pipe buffer: 16 pages of 4 KiB (F_GETPIPE_SZ 65536), a
 * write of at most PIPE_BUF bytes lands whole or not at all, a write's
 * sub-page remainder merges into the last page if it fits and the rest
 * takes fresh pages, and a page is free again once read to its end. That
 * makes POLLOUT, EAGAIN and short writes agree with Linux byte for byte.
 *
 * A component is single-threaded: nothing can empty a full pipe or fill
 * an empty one while a blocking call waits, and no host event touches a
 * pipe. Such a call fails at once with EDEADLK instead of hanging (a
 * blocking write that got some bytes in returns that count). Nor is there
 * SIGPIPE: a write with no reader fails with EPIPE only. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd/fd.h"
#include "host/host.h"
#include "pipe/queue.h"

#define DEFAULT_PAGES 16
#define MAX_SIZE (1 << 20) /* Linux's fs.pipe-max-size for unprivileged callers */

struct p3_pipe {
  struct p3_file rd, wr; /* the two ends: one open file description each */
  int rd_open, wr_open;
  size_t max_pages;
  struct p3_queue q;
};

static struct p3_pipe *of_rd(struct p3_file *f) {
  return (struct p3_pipe *) ((char *) f - offsetof(struct p3_pipe, rd));
}

static struct p3_pipe *of_wr(struct p3_file *f) {
  return (struct p3_pipe *) ((char *) f - offsetof(struct p3_pipe, wr));
}

static ssize_t pipe_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  struct p3_pipe *p = of_rd(f);
  size_t want;
  if (p3_iov_total(iov, iovcnt, &want) < 0)
    return -1;
  if (!want)
    return 0;
  if (!p->q.bytes) {
    if (!p->wr_open)
      return 0; /* end of file */
    errno = nonblock ? EAGAIN : EDEADLK;
    return -1;
  }
  int was_full = p->q.pages >= p->max_pages;
  struct p3_iovcur c = {iov, iovcnt, 0};
  size_t n = p3_queue_take(&p->q, &c, want, 0);
  /* Linux wakes writers only when a full pipe gets a page back. */
  if (was_full && p->q.pages < p->max_pages)
    p3_file_changed(&p->wr);
  return (ssize_t) n;
}

static ssize_t pipe_writev(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  struct p3_pipe *p = of_wr(f);
  size_t total;
  if (p3_iov_total(iov, iovcnt, &total) < 0)
    return -1;
  if (!total)
    return 0; /* as Linux, even with no reader */
  if (!p->rd_open) {
    errno = EPIPE;
    return -1;
  }
  struct p3_iovcur c = {iov, iovcnt, 0};
  size_t done = 0;
  int nomem = 0;
  size_t chars = total % P3_PAGE;
  if (chars && p3_queue_tail_room(&p->q) >= chars) {
    p3_queue_merge(&p->q, &c, chars);
    done = chars;
  }
  while (done < total && p->q.pages < p->max_pages) {
    size_t n = total - done < P3_PAGE ? total - done : P3_PAGE;
    if (p3_queue_push(&p->q, &c, n) < 0) {
      nomem = 1;
      break;
    }
    done += n;
  }
  if (done) /* Linux wakes readers on every write that adds bytes */
    p3_file_changed(&p->rd);
  if (!done) {
    errno = nomem ? ENOMEM : nonblock ? EAGAIN : EDEADLK;
    return -1;
  }
  return (ssize_t) done;
}

static ssize_t pipe_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  struct iovec iov = {buf, len};
  return pipe_readv(f, &iov, 1, nonblock);
}

static ssize_t pipe_write(struct p3_file *f, const void *buf, size_t len, int nonblock) {
  struct iovec iov = {(void *) buf, len};
  return pipe_writev(f, &iov, 1, nonblock);
}

/* The wrong end: Linux says the fd is not open for that. */
static ssize_t no_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  (void) f;
  (void) buf;
  (void) len;
  (void) nonblock;
  errno = EBADF;
  return -1;
}

static ssize_t no_write(struct p3_file *f, const void *buf, size_t len, int nonblock) {
  return no_read(f, (void *) buf, len, nonblock);
}

static ssize_t no_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock) {
  (void) iov;
  (void) iovcnt;
  return no_read(f, NULL, 0, nonblock);
}

static unsigned rd_poll(struct p3_file *f) {
  struct p3_pipe *p = of_rd(f);
  return (p->q.bytes ? POLLIN | POLLRDNORM : 0) | (p->wr_open ? 0 : POLLHUP);
}

static unsigned wr_poll(struct p3_file *f) {
  struct p3_pipe *p = of_wr(f);
  return (p->q.pages < p->max_pages ? POLLOUT | POLLWRNORM : 0) | (p->rd_open ? 0 : POLLERR);
}

static void pipe_free_if_done(struct p3_pipe *p) {
  if (p->rd_open || p->wr_open)
    return;
  p3_queue_free(&p->q);
  free(p);
}

static int rd_close(struct p3_file *f) {
  struct p3_pipe *p = of_rd(f);
  p->rd_open = 0;
  if (p->wr_open)
    p3_file_changed(&p->wr); /* POLLERR; a write fails with EPIPE */
  pipe_free_if_done(p);
  return 0;
}

static int wr_close(struct p3_file *f) {
  struct p3_pipe *p = of_wr(f);
  p->wr_open = 0;
  if (p->rd_open)
    p3_file_changed(&p->rd); /* POLLHUP, and a read ends at end of file */
  pipe_free_if_done(p);
  return 0;
}

static int pipe_nread(struct p3_pipe *p, int *out) {
  *out = p->q.bytes > INT_MAX ? INT_MAX : (int) p->q.bytes;
  return 0;
}

static int rd_nread(struct p3_file *f, int *out) {
  return pipe_nread(of_rd(f), out);
}

static int wr_nread(struct p3_file *f, int *out) {
  return pipe_nread(of_wr(f), out);
}

/* F_SETPIPE_SZ as Linux rounds it: at least a page, a power of two. */
static int pipe_size(struct p3_pipe *p, int set, int size) {
  if (!set)
    return (int) (p->max_pages * P3_PAGE);
  if (size < 0) {
    errno = EINVAL;
    return -1;
  }
  if (size > MAX_SIZE) {
    errno = EPERM;
    return -1;
  }
  size_t pages = 1;
  while (pages * P3_PAGE < (size_t) size)
    pages *= 2;
  if (pages < p->q.pages) {
    errno = EBUSY; /* the bytes held would not fit */
    return -1;
  }
  p->max_pages = pages;
  p3_file_changed(&p->wr);
  return (int) (pages * P3_PAGE);
}

static int rd_size(struct p3_file *f, int set, int size) {
  return pipe_size(of_rd(f), set, size);
}

static int wr_size(struct p3_file *f, int set, int size) {
  return pipe_size(of_wr(f), set, size);
}

static const struct p3_file_ops rd_ops = {
    .read = pipe_read,
    .write = no_write,
    .readv = pipe_readv,
    .writev = no_readv,
    .close = rd_close,
    .poll = rd_poll,
    .nread = rd_nread,
    .pipe_size = rd_size,
    .mode = S_IFIFO,
    .access = P3_ACCESS_RDONLY,
};

static const struct p3_file_ops wr_ops = {
    .read = no_read,
    .write = pipe_write,
    .readv = no_readv,
    .writev = pipe_writev,
    .close = wr_close,
    .poll = wr_poll,
    .nread = wr_nread,
    .pipe_size = wr_size,
    .mode = S_IFIFO,
    .access = P3_ACCESS_WRONLY,
};

int pipe2(int fds[2], int flags) {
  /* O_DIRECT (packet mode) is Linux's too, but not p3net's. */
  if (flags & ~(O_NONBLOCK | O_CLOEXEC)) {
    errno = EINVAL;
    return -1;
  }
  if (!fds) {
    errno = EFAULT;
    return -1;
  }
  struct p3_pipe *p = calloc(1, sizeof *p);
  if (!p) {
    errno = ENOMEM;
    return -1;
  }
  p3_stats.allocs++;
  int status = flags & O_NONBLOCK;
  p->rd = (struct p3_file) {.ops = &rd_ops, .status_flags = status};
  p->wr = (struct p3_file) {.ops = &wr_ops, .status_flags = status};
  p->max_pages = DEFAULT_PAGES;
  int cloexec = !!(flags & O_CLOEXEC);
  int r = p3_fd_install(&p->rd, cloexec);
  if (r < 0) {
    free(p);
    return -1;
  }
  int w = p3_fd_install(&p->wr, cloexec);
  if (w < 0) {
    int e = errno;
    p3_fd_remove(r); /* not released: the pipe never opened */
    free(p);
    errno = e;
    return -1;
  }
  p->rd_open = p->wr_open = 1;
  fds[0] = r;
  fds[1] = w;
  return 0;
}

int pipe(int fds[2]) {
  return pipe2(fds, 0);
}
