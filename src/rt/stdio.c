/* fds 0, 1 and 2 on wasi:cli stdin/stdout/stderr streams. A stream is
 * opened on first use. Writes block until the host has taken the bytes (the
 * caller's buffer must not be touched after write returns), which also
 * keeps output ordered. */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fd/fd.h"
#include "host/host.h"
#include "host/pending.h"
#include "reactor/reactor.h"
#include "rt/stdio.h"

struct ostream {
  struct p3_file file;
  struct p3_pending op; /* the writable end, joined once */
  int which;            /* 1 stdout, 2 stderr */
  int open;
  int broken;    /* the host dropped its end */
  uint32_t last; /* the status of the write that finished last */
  uint32_t done; /* future<result<_, error-code>> */
};

static const struct p3_end_type bytes_out = {wasi_cli_stdin_stream_u8_cancel_write,
                                             wasi_cli_stdin_stream_u8_drop_writable};
static const struct p3_end_type bytes_in = {wasi_cli_stdin_stream_u8_cancel_read,
                                            wasi_cli_stdin_stream_u8_drop_readable};

static void ostream_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct ostream *s = (struct ostream *) ((char *) w - offsetof(struct ostream, op));
  if (event == COMMAND_EVENT_STREAM_WRITE && p3_pending_event(&s->op, event, code))
    s->last = code;
}

static int ostream_open(struct ostream *s) {
  if (s->open)
    return 0;
  wasi_cli_stdin_stream_u8_writer_t writer;
  wasi_cli_stdin_stream_u8_t reader = HOST(wasi_cli_stdin_stream_u8_new(&writer));
  p3_pending_init(&s->op, P3_STREAM_WRITE, ostream_wake);
  p3_pending_attach(&s->op, writer);
  s->done = s->which == 1 ? HOST(wasi_cli_stdout_write_via_stream(reader))
                          : HOST(wasi_cli_stderr_write_via_stream(reader));
  s->open = 1;
  return 0;
}

static ssize_t ostream_write(struct p3_file *f, const void *buf, size_t len, int nonblock) {
  (void) nonblock; /* stdio always completes: there is no readiness to wait on */
  struct ostream *s = (struct ostream *) f;
  if (s->broken) {
    errno = EPIPE;
    return -1;
  }
  ostream_open(s);
  size_t off = 0;
  while (off < len) {
    uint32_t st =
        HOST(wasi_cli_stdin_stream_u8_write(s->op.handle, (const uint8_t *) buf + off, len - off));
    if (!p3_pending_io(&s->op, st)) {
      while (s->op.busy)
        p3_reactor_wait(UINT64_MAX);
      st = s->last;
    }
    off += COMMAND_WAITABLE_COUNT(st);
    if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED) {
      s->broken = 1;
      if (off)
        return (ssize_t) off;
      errno = EPIPE;
      return -1;
    }
  }
  return (ssize_t) len;
}

static void ostream_finish(struct ostream *s) {
  if (!s->open)
    return;
  s->open = 0;
  p3_pending_detach(&s->op, &bytes_out);
  /* The future resolves once the host has written everything out. */
  wasi_cli_stdout_result_void_error_code_t out_res;
  wasi_cli_stderr_result_void_error_code_t err_res;
  uint32_t st;
  if (s->which == 1)
    st = HOST(wasi_cli_stdout_future_result_void_error_code_read(s->done, &out_res));
  else
    st = HOST(wasi_cli_stderr_future_result_void_error_code_read(s->done, &err_res));
  if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
    p3_reactor_await(s->done, 0);
  if (s->which == 1)
    HOST(wasi_cli_stdout_future_result_void_error_code_drop_readable(s->done));
  else
    HOST(wasi_cli_stderr_future_result_void_error_code_drop_readable(s->done));
}

static unsigned ostream_poll(struct p3_file *f) {
  return ((struct ostream *) f)->broken ? POLLERR : POLLOUT;
}

static int stdio_close(struct p3_file *f) {
  (void) f; /* the streams stay: closing fd 1 must not lose written bytes */
  return 0;
}

/* stdin, kernel style: one host read is kept in flight into a buffer of
 * p3net's own, joined to the reactor, so poll/select/epoll learn of input
 * as it comes (POLLIN is a fact, not a guess) and an O_NONBLOCK read can say
 * EAGAIN. read(0) copies out of that buffer and starts the next host read
 * once it is empty. The extra copy costs little next to a host call. */
#define IN_BUF 16384

struct istream {
  struct p3_file file;
  struct p3_pending op; /* the readable end; busy while a host read into buf is pending */
  int open;
  int dropped; /* the host's end is gone: what is in buf is the last */
  uint32_t done;
  size_t head, len; /* unread bytes: buf[head, head + len) */
  unsigned char buf[IN_BUF];
};

/* The writer is gone: after DROPPED a reader may only drop its end (another
 * stream.read traps), so let go of both handles now. */
static void istream_end(struct istream *s) {
  s->dropped = 1;
  p3_pending_detach(&s->op, &bytes_in);
  HOST(wasi_cli_stdin_future_result_void_error_code_drop_readable(s->done));
}

/* A finished host read: count bytes landed at buf[0] (reads start only
 * when buf is empty); DROPPED may come with the last bytes. */
static void istream_took(struct istream *s, uint32_t code) {
  s->head = 0;
  s->len = COMMAND_WAITABLE_COUNT(code);
  if (COMMAND_WAITABLE_STATE(code) == COMMAND_WAITABLE_DROPPED)
    istream_end(s);
}

static void istream_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct istream *s = (struct istream *) ((char *) w - offsetof(struct istream, op));
  if (event != COMMAND_EVENT_STREAM_READ || !p3_pending_event(&s->op, event, code))
    return;
  istream_took(s, code);
  p3_file_changed(&s->file);
}

/* Starts a host read if none is pending, nothing is buffered and the end
 * has not come. A read the host finishes at once is taken now. */
static void istream_fill(struct istream *s) {
  if (s->op.busy || s->len || s->dropped)
    return;
  if (!s->open) {
    wasi_cli_stdin_tuple2_stream_u8_future_result_void_error_code_t t;
    HOST(wasi_cli_stdin_read_via_stream(&t));
    s->done = t.f1;
    s->open = 1;
    p3_pending_init(&s->op, P3_STREAM_READ, istream_wake);
    p3_pending_attach(&s->op, t.f0);
  }
  uint32_t st = HOST(wasi_cli_stdin_stream_u8_read(s->op.handle, s->buf, sizeof s->buf));
  if (p3_pending_io(&s->op, st))
    istream_took(s, st);
}

static ssize_t istream_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  struct istream *s = (struct istream *) f;
  if (!len)
    return 0;
  int yielded = 0;
  for (;;) {
    istream_fill(s);
    if (s->len) {
      size_t n = len < s->len ? len : s->len;
      memcpy(buf, s->buf + s->head, n);
      s->head += n;
      s->len -= n;
      if (!s->len)
        istream_fill(s); /* the next bytes are on their way before they are asked for */
      return (ssize_t) n;
    }
    if (s->dropped)
      return 0; /* the end stays the end, with no host call */
    if (!s->op.busy)
      continue; /* the host finished a read with no bytes: ask again */
    if (nonblock) {
      /* Let the host deliver what it already has before saying EAGAIN. */
      if (yielded++) {
        errno = EAGAIN;
        return -1;
      }
      p3_reactor_poll();
      continue;
    }
    p3_reactor_wait(UINT64_MAX);
  }
}

static unsigned istream_poll(struct p3_file *f) {
  struct istream *s = (struct istream *) f;
  istream_fill(s); /* readiness needs a read in flight to ever change */
  if (s->len)
    return POLLIN;
  /* At the end a read returns 0 at once: POLLIN for programs that only
   * look at it (a file on Linux), POLLHUP as a pipe whose writer is gone. */
  return s->dropped ? POLLIN | POLLHUP : 0;
}

static int istream_nread(struct p3_file *f, int *out) {
  struct istream *s = (struct istream *) f;
  istream_fill(s);
  *out = (int) s->len;
  return 0;
}

static const struct p3_file_ops ostream_ops = {
    .write = ostream_write,
    .close = stdio_close,
    .poll = ostream_poll,
};
static const struct p3_file_ops istream_ops = {
    .read = istream_read,
    .close = stdio_close,
    .poll = istream_poll,
    .nread = istream_nread,
};

static struct istream in = {.file = {.ops = &istream_ops}};
static struct ostream out = {.file = {.ops = &ostream_ops}, .which = 1};
static struct ostream err = {.file = {.ops = &ostream_ops}, .which = 2};

/* The descriptor table starts with these in fds 0-2. */
struct p3_file *const p3_stdio_files[3] = {&in.file, &out.file, &err.file};

void p3_stdio_finish(void) {
  ostream_finish(&out);
  ostream_finish(&err);
}
