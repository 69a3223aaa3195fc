/* fds 0, 1 and 2 on wasi:cli stdin/stdout/stderr streams. A stream is
 * opened on first use. Writes block until the host has taken the bytes (the
 * caller's buffer must not be touched after write returns), which also
 * keeps output ordered. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>

#include "fd/fd.h"
#include "host/host.h"
#include "reactor/reactor.h"
#include "rt/stdio.h"

struct ostream {
  struct p3_file file;
  int which; /* 1 stdout, 2 stderr */
  int open;
  int broken; /* the host dropped its end */
  uint32_t writer;
  uint32_t done; /* future<result<_, error-code>> */
};

static int ostream_open(struct ostream *s) {
  if (s->open)
    return 0;
  wasi_cli_stdin_stream_u8_writer_t writer;
  wasi_cli_stdin_stream_u8_t reader = HOST(wasi_cli_stdin_stream_u8_new(&writer));
  s->writer = writer;
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
        HOST(wasi_cli_stdin_stream_u8_write(s->writer, (const uint8_t *) buf + off, len - off));
    if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
      st = p3_reactor_await(s->writer, 0);
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
  HOST(wasi_cli_stdin_stream_u8_drop_writable(s->writer));
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

/* stdin: one read at a time straight into the caller's buffer. */
struct istream {
  struct p3_file file;
  int open;
  int eof;
  uint32_t reader;
  uint32_t done;
};

static ssize_t istream_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  (void) nonblock;
  struct istream *s = (struct istream *) f;
  if (s->eof || !len)
    return 0;
  if (!s->open) {
    wasi_cli_stdin_tuple2_stream_u8_future_result_void_error_code_t t;
    HOST(wasi_cli_stdin_read_via_stream(&t));
    s->reader = t.f0;
    s->done = t.f1;
    s->open = 1;
  }
  for (;;) {
    uint32_t st = HOST(wasi_cli_stdin_stream_u8_read(s->reader, buf, len));
    if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
      st = p3_reactor_await(s->reader, 0);
    uint32_t n = COMMAND_WAITABLE_COUNT(st);
    if (n)
      return n;
    if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED) {
      s->eof = 1;
      return 0;
    }
  }
}

static unsigned istream_poll(struct p3_file *f) {
  (void) f;
  return POLLIN; /* a read may block: stdin readiness is not tracked */
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
