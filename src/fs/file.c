/* An open file as a p3net file: the descriptor operations for regular
 * files and directories. Regular files are always ready (poll says
 * POLLIN | POLLOUT, as Linux does) and their reads and writes block until
 * the host is done, O_NONBLOCK or not. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/fs.h"

static wasi_filesystem_types_borrow_descriptor_t borrow(struct p3_fs_file *f) {
  return (wasi_filesystem_types_borrow_descriptor_t) {(int32_t) f->desc};
}

/* 0 if f's access mode allows the operation (not_mode: the mode that
 * forbids it), else -1 with EBADF as Linux. */
static int allowed(struct p3_file *pf, int not_mode) {
  if ((int) pf->ops->access != not_mode)
    return 0;
  errno = EBADF;
  return -1;
}

static int is_dir(struct p3_fs_file *f) {
  return p3_fs_type(f) == WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY;
}

static int end_position(struct p3_fs_file *f) {
  if (!f->pos_at_end)
    return 0;
  struct stat st;
  if (p3_fs_stat_of(f, &st) < 0)
    return -1;
  f->pos = (uint64_t) st.st_size;
  f->pos_at_end = 0;
  return 0;
}

static ssize_t file_read(struct p3_file *pf, void *buf, size_t len, int nonblock) {
  (void) nonblock; /* files are always ready */
  struct p3_fs_file *f = (struct p3_fs_file *) pf;
  if (allowed(pf, P3_ACCESS_WRONLY) < 0)
    return -1;
  if (f->type == WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY) {
    errno = EISDIR;
    return -1;
  }
  if (!len)
    return 0;
  if (end_position(f) < 0)
    return -1;
  ssize_t n = p3_fs_read_at(f, buf, len, f->pos);
  if (n > 0)
    f->pos += (uint64_t) n;
  return n;
}

static ssize_t file_write(struct p3_file *pf, const void *buf, size_t len, int nonblock) {
  (void) nonblock;
  struct p3_fs_file *f = (struct p3_fs_file *) pf;
  if (allowed(pf, P3_ACCESS_RDONLY) < 0)
    return -1;
  if (!len)
    return 0;
  ssize_t n = p3_fs_write_at(f, buf, len, f->pos);
  if (n > 0) {
    if (p3_fs_appending(f))
      f->pos_at_end = 1;
    else
      f->pos += (uint64_t) n;
  }
  return n;
}

static ssize_t file_pread(struct p3_file *pf, void *buf, size_t len, off_t off) {
  struct p3_fs_file *f = (struct p3_fs_file *) pf;
  if (allowed(pf, P3_ACCESS_WRONLY) < 0)
    return -1;
  if (is_dir(f)) {
    errno = EISDIR;
    return -1;
  }
  return len ? p3_fs_read_at(f, buf, len, (uint64_t) off) : 0;
}

static ssize_t file_pwrite(struct p3_file *pf, const void *buf, size_t len, off_t off) {
  struct p3_fs_file *f = (struct p3_fs_file *) pf;
  if (allowed(pf, P3_ACCESS_RDONLY) < 0)
    return -1;
  if (!len)
    return 0;
  /* Linux's pwrite on an O_APPEND file appends too; so does this. */
  return p3_fs_write_at(f, buf, len, (uint64_t) off);
}

static off_t file_seek(struct p3_file *pf, off_t off, int whence) {
  struct p3_fs_file *f = (struct p3_fs_file *) pf;
  int64_t base;
  if (whence == SEEK_SET) {
    base = 0;
  } else if (whence == SEEK_CUR) {
    if (end_position(f) < 0)
      return -1;
    base = (int64_t) f->pos;
  } else if (whence == SEEK_END) {
    struct stat st;
    if (p3_fs_stat_of(f, &st) < 0)
      return -1;
    base = st.st_size;
  } else {
    errno = EINVAL;
    return -1;
  }
  if ((off > 0 && base > INT64_MAX - off) || base + off < 0) {
    errno = off > 0 ? EOVERFLOW : EINVAL;
    return -1;
  }
  f->pos = (uint64_t) (base + off);
  f->pos_at_end = 0;
  return (off_t) f->pos;
}

static int file_stat(struct p3_file *pf, struct stat *st) {
  return p3_fs_stat_of((struct p3_fs_file *) pf, st);
}

static int file_truncate(struct p3_file *pf, off_t len) {
  struct p3_fs_file *f = (struct p3_fs_file *) pf;
  if (is_dir(f)) {
    errno = EISDIR;
    return -1;
  }
  p3_fs_flush(f);
  p3_fs_stop_reading(f);
  wasi_filesystem_types_result_void_error_code_t r;
  p3_fs_finish(
      HOST(wasi_filesystem_types_method_descriptor_set_size(borrow(f), (uint64_t) len, &r)));
  return r.is_err ? p3_fs_fail(&r.val.err) : 0;
}

static int file_sync(struct p3_file *pf, int data_only) {
  struct p3_fs_file *f = (struct p3_fs_file *) pf;
  p3_fs_flush(f);
  if (f->werr) {
    errno = f->werr;
    f->werr = 0;
    return -1;
  }
  wasi_filesystem_types_result_void_error_code_t r;
  p3_fs_finish(data_only ? HOST(wasi_filesystem_types_method_descriptor_sync_data(borrow(f), &r))
                         : HOST(wasi_filesystem_types_method_descriptor_sync(borrow(f), &r)));
  return r.is_err ? p3_fs_fail(&r.val.err) : 0;
}

static unsigned file_poll(struct p3_file *pf) {
  (void) pf;
  return POLLIN | POLLOUT;
}

static int file_close(struct p3_file *pf) {
  struct p3_fs_file *f = (struct p3_fs_file *) pf;
  p3_fs_flush(f);
  p3_fs_stop_reading(f);
  int err = f->werr;
  HOST(wasi_filesystem_types_descriptor_drop_own(
      (wasi_filesystem_types_own_descriptor_t) {(int32_t) f->desc}));
  free(f);
  if (err) {
    errno = err; /* a write the host refused after write() returned */
    return -1;
  }
  return 0;
}

#define FILE_OPS(acc)                                                                              \
  {                                                                                                \
      .read = file_read,                                                                           \
      .write = file_write,                                                                         \
      .close = file_close,                                                                         \
      .poll = file_poll,                                                                           \
      .seek = file_seek,                                                                           \
      .pread = file_pread,                                                                         \
      .pwrite = file_pwrite,                                                                       \
      .stat = file_stat,                                                                           \
      .truncate = file_truncate,                                                                   \
      .sync = file_sync,                                                                           \
      .no_epoll = 1,                                                                               \
      .access = acc,                                                                               \
  }

/* One table per access mode, so F_GETFL reports the mode it was opened
 * with; reads and writes the mode forbids are refused before these. */
static const struct p3_file_ops ops_rdwr = FILE_OPS(P3_ACCESS_RDWR);
static const struct p3_file_ops ops_rdonly = FILE_OPS(P3_ACCESS_RDONLY);
static const struct p3_file_ops ops_wronly = FILE_OPS(P3_ACCESS_WRONLY);

struct p3_fs_file *p3_fs_file_of(int fd) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return NULL;
  if (f->ops != &ops_rdwr && f->ops != &ops_rdonly && f->ops != &ops_wronly) {
    errno = ENOTDIR;
    return NULL;
  }
  return (struct p3_fs_file *) f;
}

int p3_fs_type(struct p3_fs_file *f) {
  if (f->type < 0) {
    wasi_filesystem_types_result_descriptor_type_error_code_t r;
    p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_get_type(borrow(f), &r)));
    if (r.is_err) {
      p3_fs_fail(&r.val.err);
      return -1;
    }
    if (r.val.ok.tag == WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_OTHER && r.val.ok.val.other.is_some &&
        r.val.ok.val.other.val.len)
      free(r.val.ok.val.other.val.ptr);
    f->type = r.val.ok.tag;
  }
  return f->type;
}

static void idle_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  (void) w, (void) event, (void) code; /* no stream op is pending between calls */
}

int p3_fs_open(uint32_t dir, const char *rel, int oflags) {
  int acc = oflags & O_ACCMODE;
  if (acc == O_ACCMODE) {
    errno = EINVAL;
    return -1;
  }
  wasi_filesystem_types_method_descriptor_open_at_args_t a = {0};
  a.self = (wasi_filesystem_types_borrow_descriptor_t) {(int32_t) dir};
  a.path_flags = oflags & O_NOFOLLOW ? 0 : WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW;
  a.path = (command_string_t) {(uint8_t *) rel, strlen(rel)};
  if (oflags & O_CREAT)
    a.open_flags |= WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE;
  if (oflags & O_DIRECTORY)
    a.open_flags |= WASI_FILESYSTEM_TYPES_OPEN_FLAGS_DIRECTORY;
  if ((oflags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
    a.open_flags |= WASI_FILESYSTEM_TYPES_OPEN_FLAGS_EXCLUSIVE;
  if (oflags & O_TRUNC)
    a.open_flags |= WASI_FILESYSTEM_TYPES_OPEN_FLAGS_TRUNCATE;
  if (acc != O_WRONLY)
    a.flags |= WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ;
  if (acc != O_RDONLY)
    a.flags |= WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_WRITE;
  if (oflags & O_DIRECTORY) /* so files can be made under it (openat) */
    a.flags |= WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_MUTATE_DIRECTORY;
  if (oflags & O_DSYNC)
    a.flags |= WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_DATA_INTEGRITY_SYNC;
  if ((oflags & O_SYNC) == O_SYNC)
    a.flags |= WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_FILE_INTEGRITY_SYNC;
  struct p3_fs_file *f = calloc(1, sizeof *f);
  if (!f) {
    errno = ENOMEM;
    return -1;
  }
  wasi_filesystem_types_result_own_descriptor_error_code_t r;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_open_at(&a, &r)));
  if (r.is_err) {
    free(f);
    return p3_fs_fail(&r.val.err);
  }
  f->file.ops = acc == O_RDONLY ? &ops_rdonly : acc == O_WRONLY ? &ops_wronly : &ops_rdwr;
  f->file.status_flags = oflags & (O_NONBLOCK | O_APPEND);
  f->idle.wake = idle_wake;
  f->desc = (uint32_t) r.val.ok.__handle;
  f->type = oflags & O_DIRECTORY ? WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY : -1;
  int fd = p3_fd_install(&f->file, !!(oflags & O_CLOEXEC));
  if (fd < 0) {
    int e = errno;
    file_close(&f->file);
    errno = e;
  }
  return fd;
}
