/* The byte streams of an open file. One read stream and one write stream
 * may be kept per file: a read (or pread) that starts where the kept
 * stream stands goes on with it, so a file read front to back costs one
 * stream.read per call. Anything else ends the stream first. A write
 * stream is ended before the file is read, stat'ed, seeked to its end or
 * closed, so those see every byte written: the host says it is done with
 * them by resolving the write's future. */
#include <errno.h>
#include <poll.h>

#include "fs/fs.h"

static wasi_filesystem_types_borrow_descriptor_t borrow(struct p3_fs_file *f) {
  return (wasi_filesystem_types_borrow_descriptor_t) {(int32_t) f->desc};
}

/* Reads a future<result<_, error-code>> to its end and drops it; -1 with
 * errno if the host reports an error. */
static int take_result(uint32_t fut) {
  wasi_filesystem_types_result_void_error_code_t r = {0};
  uint32_t st = HOST(wasi_filesystem_types_future_result_void_error_code_read(fut, &r));
  if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
    p3_reactor_await(fut, 0);
  HOST(wasi_filesystem_types_future_result_void_error_code_drop_readable(fut));
  return r.is_err ? p3_fs_fail(&r.val.err) : 0;
}

void p3_fs_stop_reading(struct p3_fs_file *f) {
  if (!f->rs_open)
    return;
  f->rs_open = 0;
  p3_reactor_leave(f->rs);
  HOST(wasi_filesystem_types_stream_u8_drop_readable(f->rs));
  HOST(wasi_filesystem_types_future_result_void_error_code_drop_readable(f->rf));
}

void p3_fs_flush(struct p3_fs_file *f) {
  if (!f->ws_open)
    return;
  f->ws_open = 0;
  p3_reactor_leave(f->ws);
  HOST(wasi_filesystem_types_stream_u8_drop_writable(f->ws));
  if (take_result(f->wf) < 0 && !f->werr)
    f->werr = errno;
}

/* The host has ended the read stream: the file's end, or an error its
 * future reports. */
static int read_ended(struct p3_fs_file *f) {
  f->rs_open = 0;
  p3_reactor_leave(f->rs);
  HOST(wasi_filesystem_types_stream_u8_drop_readable(f->rs));
  return take_result(f->rf);
}

ssize_t p3_fs_read_at(struct p3_fs_file *f, void *buf, size_t len, uint64_t at) {
  p3_fs_flush(f);
  if (f->rs_open && f->rs_pos != at)
    p3_fs_stop_reading(f);
  size_t got = 0;
  while (got < len) {
    if (!f->rs_open) {
      wasi_filesystem_types_tuple2_stream_u8_future_result_void_error_code_t t;
      HOST(wasi_filesystem_types_method_descriptor_read_via_stream(borrow(f), at + got, &t));
      f->rs = t.f0;
      f->rf = t.f1;
      f->rs_pos = at + got;
      f->rs_open = 1;
      p3_reactor_join(f->rs, &f->idle);
    }
    uint32_t st =
        HOST(wasi_filesystem_types_stream_u8_read(f->rs, (uint8_t *) buf + got, len - got));
    if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
      st = p3_reactor_await(f->rs, 1);
    size_t n = COMMAND_WAITABLE_COUNT(st);
    got += n;
    f->rs_pos += n;
    if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED) {
      if (read_ended(f) < 0 && !got)
        return -1;
      break; /* the end of the file */
    }
  }
  return (ssize_t) got;
}

ssize_t p3_fs_write_at(struct p3_fs_file *f, const void *buf, size_t len, uint64_t at) {
  p3_fs_stop_reading(f); /* what it read ahead may now be stale */
  int app = p3_fs_appending(f);
  if (f->ws_open && (f->ws_append != app || (!app && f->ws_pos != at)))
    p3_fs_flush(f);
  if (f->werr) {
    errno = f->werr;
    f->werr = 0;
    return -1;
  }
  if (!f->ws_open) {
    wasi_filesystem_types_stream_u8_writer_t w;
    wasi_filesystem_types_stream_u8_t r = HOST(wasi_filesystem_types_stream_u8_new(&w));
    f->wf = app ? HOST(wasi_filesystem_types_method_descriptor_append_via_stream(borrow(f), r))
                : HOST(wasi_filesystem_types_method_descriptor_write_via_stream(borrow(f), r, at));
    f->ws = w;
    f->ws_pos = at;
    f->ws_open = 1;
    f->ws_append = app;
    p3_reactor_join(f->ws, &f->idle);
  }
  size_t off = 0;
  while (off < len) {
    uint32_t st =
        HOST(wasi_filesystem_types_stream_u8_write(f->ws, (const uint8_t *) buf + off, len - off));
    if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
      st = p3_reactor_await(f->ws, 1);
    size_t n = COMMAND_WAITABLE_COUNT(st);
    off += n;
    f->ws_pos += n;
    if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED) {
      /* The host stopped taking bytes: its future says why. */
      p3_fs_flush(f);
      if (off)
        return (ssize_t) off;
      errno = f->werr ? f->werr : EIO;
      f->werr = 0;
      return -1;
    }
  }
  return (ssize_t) len;
}
