/* The simulated host's wasi:filesystem: descriptors are real Linux fds
 * (through raw system calls, since p3net interposes open, stat and their
 * kin), preopens come from P3SIM_DIRS (colon-separated host paths, each
 * under its own name). Async calls return at once or through a subtask
 * that returns at the next host step (sim/host.c decides by policy);
 * stream operations complete at once, with short counts in the random
 * modes so that p3net's loops are exercised. Paths that leave their
 * directory (absolute, or "..") are refused, as a sandboxing host does. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "sim.h"

uint32_t p3sim_fs_handle(int kept);
void p3sim_fs_check(uint32_t h, const char *call);
void p3sim_fs_release(uint32_t h, const char *call);
command_subtask_status_t p3sim_fs_return(void *result, void *tmp, size_t size);
void *cabi_realloc(void *ptr, size_t old, size_t align, size_t size);

enum fk { F_NONE, F_DESC, F_READER, F_PIPE_R, F_PIPE_W, F_FUTURE, F_DIRLIST };

/* What an H_FS handle is, by handle number. */
struct fsh {
  int kind;
  int fd;          /* F_DESC, F_READER, F_PIPE_W (the target), F_DIRLIST */
  uint64_t off;    /* F_READER, F_PIPE_W: where the next byte goes */
  int append;      /* F_PIPE_W */
  int ended;       /* F_READER, F_DIRLIST: DROPPED was returned */
  uint32_t future; /* F_READER, F_PIPE_W, F_DIRLIST: the result's future */
  uint32_t peer;   /* F_PIPE_W: its readable end, until a call takes it */
  int err_tag;     /* F_FUTURE: error tag + 1, 0 for ok */
  int resolved;    /* F_FUTURE: the value is there */
  /* F_DIRLIST: getdents64 buffer */
  char dbuf[4096];
  long dlen, dpos;
};

static struct fsh **fsh;
static uint32_t nfsh;

static struct fsh *at(uint32_t h) {
  if (h >= nfsh) {
    uint32_t n = nfsh ? nfsh : 64;
    while (n <= h)
      n *= 2;
    struct fsh **t = realloc(fsh, n * sizeof *t);
    if (!t)
      p3sim_trap("out of memory (fs table)");
    memset(t + nfsh, 0, (n - nfsh) * sizeof *t);
    fsh = t;
    nfsh = n;
  }
  if (!fsh[h] && !(fsh[h] = calloc(1, sizeof *fsh[h])))
    p3sim_trap("out of memory (fs handle)");
  return fsh[h];
}

static uint32_t new_h(int kind, int kept) {
  uint32_t h = p3sim_fs_handle(kept);
  struct fsh *e = at(h);
  memset(e, 0, sizeof *e);
  e->kind = kind;
  e->fd = -1;
  return h;
}

static struct fsh *get_h(uint32_t h, int kind, const char *call) {
  p3sim_fs_check(h, call);
  struct fsh *e = at(h);
  if (e->kind != kind)
    p3sim_trap("%s: handle %u is the wrong kind of filesystem handle", call, h);
  return e;
}

static void drop_h(uint32_t h, int kind, const char *call) {
  struct fsh *e = get_h(h, kind, call);
  if (e->fd >= 0 && (kind == F_DESC || kind == F_READER || kind == F_DIRLIST))
    SYS1(SYS_close, e->fd);
  e->kind = F_NONE;
  e->fd = -1;
  p3sim_fs_release(h, call);
}

static uint8_t tag_of(long e) {
  switch (-e) {
  case EACCES:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_ACCESS;
  case EBADF:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_BAD_DESCRIPTOR;
  case EBUSY:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_BUSY;
  case EEXIST:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_EXIST;
  case EFBIG:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_FILE_TOO_LARGE;
  case EINVAL:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_INVALID;
  case EISDIR:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_IS_DIRECTORY;
  case ELOOP:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_LOOP;
  case ENAMETOOLONG:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_NAME_TOO_LONG;
  case ENOENT:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_NO_ENTRY;
  case ENOSPC:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_INSUFFICIENT_SPACE;
  case ENOTDIR:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_DIRECTORY;
  case ENOTEMPTY:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_EMPTY;
  case EPERM:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_PERMITTED;
  case EROFS:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_READ_ONLY;
  case ESPIPE:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_INVALID_SEEK;
  case EXDEV:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_CROSS_DEVICE;
  case EMLINK:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_TOO_MANY_LINKS;
  default:
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_IO;
  }
}

/* A NUL-terminated copy of a guest path that stays inside its directory,
 * or NULL (not-permitted). */
static char *sandboxed(command_string_t p) {
  if (p.len == 0 || p.ptr[0] == '/' || memchr(p.ptr, 0, p.len))
    return NULL;
  for (size_t i = 0; i < p.len;) {
    size_t j = i;
    while (j < p.len && p.ptr[j] != '/')
      j++;
    if (j - i == 2 && p.ptr[i] == '.' && p.ptr[i + 1] == '.')
      return NULL;
    i = j + 1;
  }
  char *s = malloc(p.len + 1);
  if (!s)
    p3sim_trap("out of memory (path)");
  memcpy(s, p.ptr, p.len);
  s[p.len] = 0;
  return s;
}

static int desc_fd(wasi_filesystem_types_borrow_descriptor_t d, const char *call) {
  return get_h((uint32_t) d.__handle, F_DESC, call)->fd;
}

static uint8_t type_of_mode(unsigned m) {
  switch (m & S_IFMT) {
  case S_IFDIR:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY;
  case S_IFREG:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE;
  case S_IFLNK:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SYMBOLIC_LINK;
  case S_IFCHR:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_CHARACTER_DEVICE;
  case S_IFBLK:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_BLOCK_DEVICE;
  case S_IFIFO:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_FIFO;
  case S_IFSOCK:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SOCKET;
  default:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_OTHER;
  }
}

/* Returns a result of the given type through p3sim_fs_return. */
#define RETURN(result, value)                                                                      \
  do {                                                                                             \
    __typeof__(*(result)) *tmp_ = malloc(sizeof *tmp_);                                            \
    if (!tmp_)                                                                                     \
      p3sim_trap("out of memory (result)");                                                        \
    *tmp_ = (value);                                                                               \
    return p3sim_fs_return((result), tmp_, sizeof *tmp_);                                          \
  } while (0)

#define ERR(T, tag_)                                                                               \
  (T) {                                                                                            \
    .is_err = true, .val.err.tag = (uint8_t) (tag_)                                                \
  }

/* ---- preopens ---- */

void wasi_filesystem_preopens_get_directories(
    wasi_filesystem_preopens_list_tuple2_own_descriptor_string_t *ret) {
  const char *env = getenv("P3SIM_DIRS");
  ret->ptr = NULL;
  ret->len = 0;
  if (!env || !*env)
    return;
  size_t n = 1;
  for (const char *p = env; *p; p++)
    n += *p == ':';
  ret->ptr = cabi_realloc(NULL, 0, _Alignof(*ret->ptr), n * sizeof *ret->ptr);
  for (const char *p = env; *p;) {
    const char *e = strchr(p, ':');
    size_t len = e ? (size_t) (e - p) : strlen(p);
    char path[4096];
    if (len && len < sizeof path) {
      memcpy(path, p, len);
      path[len] = 0;
      long fd = SYS4(SYS_openat, AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
      if (fd >= 0) {
        uint32_t h = new_h(F_DESC, 1);
        at(h)->fd = (int) fd;
        uint8_t *name = cabi_realloc(NULL, 0, 1, len);
        memcpy(name, p, len);
        ret->ptr[ret->len].f0.__handle = (int32_t) h;
        ret->ptr[ret->len].f1 = (command_string_t) {name, len};
        ret->len++;
      }
    }
    p += len;
    if (*p == ':')
      p++;
  }
  if (!ret->len) {
    free(ret->ptr);
    ret->ptr = NULL;
  }
}

void wasi_filesystem_types_descriptor_drop_own(wasi_filesystem_types_own_descriptor_t handle) {
  drop_h((uint32_t) handle.__handle, F_DESC, "descriptor.drop");
}

/* ---- open, stat, names ---- */

command_subtask_status_t wasi_filesystem_types_method_descriptor_open_at(
    wasi_filesystem_types_method_descriptor_open_at_args_t *a,
    wasi_filesystem_types_result_own_descriptor_error_code_t *result) {
  typedef wasi_filesystem_types_result_own_descriptor_error_code_t R;
  int dfd = desc_fd(a->self, "descriptor.open-at");
  char *path = sandboxed(a->path);
  if (!path)
    RETURN(result, ERR(R, WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_PERMITTED));
  int rd = !!(a->flags & WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ);
  int wr = !!(a->flags & WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_WRITE);
  int fl = (rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY) | O_CLOEXEC;
  if (a->open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE)
    fl |= O_CREAT;
  if (a->open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_DIRECTORY)
    fl |= O_DIRECTORY;
  if (a->open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_EXCLUSIVE)
    fl |= O_EXCL;
  if (a->open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_TRUNCATE)
    fl |= O_TRUNC;
  if (!(a->path_flags & WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW))
    fl |= O_NOFOLLOW;
  long fd = SYS4(SYS_openat, dfd, path, fl, 0644);
  free(path);
  if (fd < 0)
    RETURN(result, ERR(R, tag_of(fd)));
  uint32_t h = new_h(F_DESC, 0);
  at(h)->fd = (int) fd;
  R ok = {.is_err = false};
  ok.val.ok.__handle = (int32_t) h;
  RETURN(result, ok);
}

static void fill(wasi_filesystem_types_descriptor_stat_t *d, const struct stat *st) {
  memset(d, 0, sizeof *d);
  d->type.tag = type_of_mode(st->st_mode);
  d->link_count = st->st_nlink;
  d->size = (uint64_t) st->st_size;
  d->data_access_timestamp.is_some = true;
  d->data_access_timestamp.val =
      (wasi_clocks_system_clock_instant_t) {st->st_atim.tv_sec, (uint32_t) st->st_atim.tv_nsec};
  d->data_modification_timestamp.is_some = true;
  d->data_modification_timestamp.val =
      (wasi_clocks_system_clock_instant_t) {st->st_mtim.tv_sec, (uint32_t) st->st_mtim.tv_nsec};
  d->status_change_timestamp.is_some = true;
  d->status_change_timestamp.val =
      (wasi_clocks_system_clock_instant_t) {st->st_ctim.tv_sec, (uint32_t) st->st_ctim.tv_nsec};
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_stat(
    wasi_filesystem_types_borrow_descriptor_t self,
    wasi_filesystem_types_result_descriptor_stat_error_code_t *result) {
  typedef wasi_filesystem_types_result_descriptor_stat_error_code_t R;
  struct stat st;
  long r = SYS2(SYS_fstat, desc_fd(self, "descriptor.stat"), &st);
  if (r < 0)
    RETURN(result, ERR(R, tag_of(r)));
  R ok = {.is_err = false};
  fill(&ok.val.ok, &st);
  RETURN(result, ok);
}

static long stat_at(wasi_filesystem_types_borrow_descriptor_t self,
                    wasi_filesystem_types_path_flags_t pf, command_string_t path, struct stat *st,
                    const char *call) {
  int dfd = desc_fd(self, call);
  char *p = sandboxed(path);
  if (!p)
    return -EPERM;
  int fl = pf & WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW ? 0 : AT_SYMLINK_NOFOLLOW;
  long r = SYS4(SYS_newfstatat, dfd, p, st, fl);
  free(p);
  return r;
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_stat_at(
    wasi_filesystem_types_borrow_descriptor_t self, wasi_filesystem_types_path_flags_t pf,
    command_string_t path, wasi_filesystem_types_result_descriptor_stat_error_code_t *result) {
  typedef wasi_filesystem_types_result_descriptor_stat_error_code_t R;
  struct stat st;
  long r = stat_at(self, pf, path, &st, "descriptor.stat-at");
  if (r < 0)
    RETURN(result, ERR(R, tag_of(r)));
  R ok = {.is_err = false};
  fill(&ok.val.ok, &st);
  RETURN(result, ok);
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_metadata_hash(
    wasi_filesystem_types_borrow_descriptor_t self,
    wasi_filesystem_types_result_metadata_hash_value_error_code_t *result) {
  typedef wasi_filesystem_types_result_metadata_hash_value_error_code_t R;
  struct stat st;
  long r = SYS2(SYS_fstat, desc_fd(self, "descriptor.metadata-hash"), &st);
  if (r < 0)
    RETURN(result, ERR(R, tag_of(r)));
  R ok = {.is_err = false, .val.ok = {st.st_ino, st.st_dev}};
  RETURN(result, ok);
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_metadata_hash_at(
    wasi_filesystem_types_borrow_descriptor_t self, wasi_filesystem_types_path_flags_t pf,
    command_string_t path, wasi_filesystem_types_result_metadata_hash_value_error_code_t *result) {
  typedef wasi_filesystem_types_result_metadata_hash_value_error_code_t R;
  struct stat st;
  long r = stat_at(self, pf, path, &st, "descriptor.metadata-hash-at");
  if (r < 0)
    RETURN(result, ERR(R, tag_of(r)));
  R ok = {.is_err = false, .val.ok = {st.st_ino, st.st_dev}};
  RETURN(result, ok);
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_get_type(
    wasi_filesystem_types_borrow_descriptor_t self,
    wasi_filesystem_types_result_descriptor_type_error_code_t *result) {
  typedef wasi_filesystem_types_result_descriptor_type_error_code_t R;
  struct stat st;
  long r = SYS2(SYS_fstat, desc_fd(self, "descriptor.get-type"), &st);
  if (r < 0)
    RETURN(result, ERR(R, tag_of(r)));
  R ok = {.is_err = false};
  ok.val.ok.tag = type_of_mode(st.st_mode);
  RETURN(result, ok);
}

typedef wasi_filesystem_types_result_void_error_code_t VR;

static command_subtask_status_t void_result(VR *result, long r) {
  if (r < 0)
    RETURN(result, ERR(VR, tag_of(r)));
  RETURN(result, (VR) {.is_err = false});
}

static command_subtask_status_t path_call(wasi_filesystem_types_borrow_descriptor_t self,
                                          command_string_t path, VR *result, int which,
                                          const char *call) {
  int dfd = desc_fd(self, call);
  char *p = sandboxed(path);
  if (!p)
    RETURN(result, ERR(VR, WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_PERMITTED));
  long r = which == 0   ? SYS3(SYS_mkdirat, dfd, p, 0755)
           : which == 1 ? SYS3(SYS_unlinkat, dfd, p, AT_REMOVEDIR)
                        : SYS3(SYS_unlinkat, dfd, p, 0);
  free(p);
  return void_result(result, r);
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_create_directory_at(
    wasi_filesystem_types_borrow_descriptor_t self, command_string_t path, VR *result) {
  return path_call(self, path, result, 0, "descriptor.create-directory-at");
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_remove_directory_at(
    wasi_filesystem_types_borrow_descriptor_t self, command_string_t path, VR *result) {
  return path_call(self, path, result, 1, "descriptor.remove-directory-at");
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_unlink_file_at(
    wasi_filesystem_types_borrow_descriptor_t self, command_string_t path, VR *result) {
  return path_call(self, path, result, 2, "descriptor.unlink-file-at");
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_rename_at(
    wasi_filesystem_types_method_descriptor_rename_at_args_t *a, VR *result) {
  int ofd = desc_fd(a->self, "descriptor.rename-at");
  int nfd = desc_fd(a->new_descriptor, "descriptor.rename-at");
  char *o = sandboxed(a->old_path), *n = sandboxed(a->new_path);
  long r = o && n ? SYS4(SYS_renameat, ofd, o, nfd, n) : -EPERM;
  free(o);
  free(n);
  return void_result(result, r);
}

command_subtask_status_t
wasi_filesystem_types_method_descriptor_set_size(wasi_filesystem_types_borrow_descriptor_t self,
                                                 wasi_filesystem_types_filesize_t size,
                                                 VR *result) {
  return void_result(result,
                     SYS2(SYS_ftruncate, desc_fd(self, "descriptor.set-size"), (long) size));
}

command_subtask_status_t
wasi_filesystem_types_method_descriptor_sync(wasi_filesystem_types_borrow_descriptor_t self,
                                             VR *result) {
  return void_result(result, SYS1(SYS_fsync, desc_fd(self, "descriptor.sync")));
}

command_subtask_status_t
wasi_filesystem_types_method_descriptor_sync_data(wasi_filesystem_types_borrow_descriptor_t self,
                                                  VR *result) {
  return void_result(result, SYS1(SYS_fdatasync, desc_fd(self, "descriptor.sync-data")));
}

/* ---- futures ---- */

static uint32_t new_future(void) {
  return new_h(F_FUTURE, 0);
}

static void resolve_future(uint32_t f, long r) {
  struct fsh *e = at(f);
  e->resolved = 1;
  e->err_tag = r < 0 ? tag_of(r) + 1 : 0;
}

command_waitable_status_t wasi_filesystem_types_future_result_void_error_code_read(
    wasi_filesystem_types_future_result_void_error_code_t reader, VR *buf) {
  struct fsh *e = get_h(reader, F_FUTURE, "future.read");
  if (!e->resolved) /* p3net reads a result only once the stream has ended */
    p3sim_trap("future.read: filesystem future %u read before its stream ended", reader);
  *buf = e->err_tag ? ERR(VR, e->err_tag - 1) : (VR) {.is_err = false};
  return COMMAND_WAITABLE_COMPLETED;
}

void wasi_filesystem_types_future_result_void_error_code_drop_readable(
    wasi_filesystem_types_future_result_void_error_code_t reader) {
  drop_h(reader, F_FUTURE, "future.drop-readable");
}

/* ---- byte streams ---- */

void wasi_filesystem_types_method_descriptor_read_via_stream(
    wasi_filesystem_types_borrow_descriptor_t self, wasi_filesystem_types_filesize_t offset,
    wasi_filesystem_types_tuple2_stream_u8_future_result_void_error_code_t *ret) {
  long fd = SYS3(SYS_fcntl, desc_fd(self, "descriptor.read-via-stream"), F_DUPFD_CLOEXEC, 0);
  uint32_t r = new_h(F_READER, 0);
  at(r)->fd = (int) fd;
  at(r)->off = offset;
  at(r)->future = new_future();
  ret->f0 = r;
  ret->f1 = at(r)->future;
}

static size_t chunk(size_t amt) {
  if (amt > 1 && p3sim_chance(30))
    return 1 + (size_t) (p3sim_rand() % amt);
  return amt;
}

command_waitable_status_t wasi_filesystem_types_stream_u8_read(wasi_filesystem_types_stream_u8_t r,
                                                               uint8_t *buf, size_t amt) {
  struct fsh *e = get_h(r, F_READER, "stream.read");
  if (e->ended)
    p3sim_trap("stream.read: filesystem stream %u read after DROPPED", r);
  long n = SYS4(SYS_pread64, e->fd, buf, chunk(amt), (long) e->off);
  if (n <= 0) {
    e->ended = 1;
    resolve_future(e->future, n);
    return COMMAND_WAITABLE_DROPPED;
  }
  e->off += (uint64_t) n;
  return (command_waitable_status_t) ((uint32_t) n << 4 | COMMAND_WAITABLE_COMPLETED);
}

void wasi_filesystem_types_stream_u8_drop_readable(wasi_filesystem_types_stream_u8_t r) {
  struct fsh *e = get_h(r, F_READER, "stream.drop-readable");
  if (!e->ended)
    resolve_future(e->future, 0); /* the host stops reading */
  drop_h(r, F_READER, "stream.drop-readable");
}

wasi_filesystem_types_stream_u8_t
wasi_filesystem_types_stream_u8_new(wasi_filesystem_types_stream_u8_writer_t *writer) {
  uint32_t w = new_h(F_PIPE_W, 0), r = new_h(F_PIPE_R, 0);
  at(w)->peer = r;
  *writer = w;
  return r;
}

static wasi_filesystem_types_future_result_void_error_code_t
take_stream(wasi_filesystem_types_borrow_descriptor_t self, uint32_t r, uint64_t off, int append,
            const char *call) {
  int fd = desc_fd(self, call);
  get_h(r, F_PIPE_R, call);
  uint32_t w = 0;
  for (uint32_t h = 1; h < nfsh; h++)
    if (fsh[h] && fsh[h]->kind == F_PIPE_W && fsh[h]->peer == r)
      w = h;
  p3sim_fs_release(r, call); /* the host owns that end now */
  at(r)->kind = F_NONE;
  uint32_t f = new_future();
  if (w) {
    at(w)->peer = 0;
    at(w)->fd = (int) SYS3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0);
    at(w)->off = off;
    at(w)->append = append;
    at(w)->future = f;
  } else {
    resolve_future(f, 0); /* its writer is gone already: nothing to write */
  }
  return f;
}

wasi_filesystem_types_future_result_void_error_code_t
wasi_filesystem_types_method_descriptor_write_via_stream(
    wasi_filesystem_types_borrow_descriptor_t self, wasi_filesystem_types_stream_u8_t data,
    wasi_filesystem_types_filesize_t offset) {
  return take_stream(self, data, offset, 0, "descriptor.write-via-stream");
}

wasi_filesystem_types_future_result_void_error_code_t
wasi_filesystem_types_method_descriptor_append_via_stream(
    wasi_filesystem_types_borrow_descriptor_t self, wasi_filesystem_types_stream_u8_t data) {
  return take_stream(self, data, 0, 1, "descriptor.append-via-stream");
}

command_waitable_status_t
wasi_filesystem_types_stream_u8_write(wasi_filesystem_types_stream_u8_writer_t w,
                                      const uint8_t *buf, size_t amt) {
  struct fsh *e = get_h(w, F_PIPE_W, "stream.write");
  if (e->peer)
    p3sim_trap("stream.write: stream %u has no reader yet (p3net never writes first)", w);
  size_t n = chunk(amt);
  long r;
  if (e->append) {
    long end = SYS3(SYS_lseek, e->fd, 0, 2 /* SEEK_END */);
    r = end < 0 ? end : SYS4(SYS_pwrite64, e->fd, buf, n, end);
  } else {
    r = SYS4(SYS_pwrite64, e->fd, buf, n, (long) e->off);
  }
  if (r < 0) {
    resolve_future(e->future, r);
    return COMMAND_WAITABLE_DROPPED;
  }
  e->off += (uint64_t) r;
  return (command_waitable_status_t) ((uint32_t) r << 4 | COMMAND_WAITABLE_COMPLETED);
}

void wasi_filesystem_types_stream_u8_drop_writable(wasi_filesystem_types_stream_u8_writer_t w) {
  struct fsh *e = get_h(w, F_PIPE_W, "stream.drop-writable");
  if (e->future && !at(e->future)->resolved)
    resolve_future(e->future, 0);
  if (e->fd >= 0)
    SYS1(SYS_close, e->fd);
  e->fd = -1;
  if (e->peer) { /* never given to the host: its reader goes too */
    p3sim_fs_release(e->peer, "stream.drop-writable");
    at(e->peer)->kind = F_NONE;
  }
  e->kind = F_NONE;
  p3sim_fs_release(w, "stream.drop-writable");
}

/* ---- directory listings ---- */

void wasi_filesystem_types_method_descriptor_read_directory(
    wasi_filesystem_types_borrow_descriptor_t self,
    wasi_filesystem_types_tuple2_stream_directory_entry_future_result_void_error_code_t *ret) {
  int fd = desc_fd(self, "descriptor.read-directory");
  uint32_t r = new_h(F_DIRLIST, 0);
  /* A listing of its own, from the start, as the host gives each call. */
  at(r)->fd = (int) SYS4(SYS_openat, fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  at(r)->future = new_future();
  ret->f0 = r;
  ret->f1 = at(r)->future;
}

struct linux_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static uint8_t type_of_dt(unsigned char t) {
  switch (t) {
  case 4:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY;
  case 8:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE;
  case 10:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SYMBOLIC_LINK;
  case 2:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_CHARACTER_DEVICE;
  case 6:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_BLOCK_DEVICE;
  case 1:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_FIFO;
  case 12:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SOCKET;
  default:
    return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_OTHER;
  }
}

command_waitable_status_t
wasi_filesystem_types_stream_directory_entry_read(wasi_filesystem_types_stream_directory_entry_t r,
                                                  wasi_filesystem_types_directory_entry_t *buf,
                                                  size_t amt) {
  struct fsh *e = get_h(r, F_DIRLIST, "stream.read (directory)");
  if (e->ended)
    p3sim_trap("stream.read: directory stream %u read after DROPPED", r);
  size_t n = 0, want = chunk(amt);
  while (n < want) {
    if (e->dpos >= e->dlen) {
      e->dlen = e->fd < 0 ? -EBADF : SYS3(SYS_getdents64, e->fd, e->dbuf, sizeof e->dbuf);
      e->dpos = 0;
      if (e->dlen <= 0) {
        e->ended = 1;
        resolve_future(e->future, e->dlen);
        return (command_waitable_status_t) ((uint32_t) n << 4 | COMMAND_WAITABLE_DROPPED);
      }
    }
    struct linux_dirent64 *d = (struct linux_dirent64 *) (e->dbuf + e->dpos);
    e->dpos += d->d_reclen;
    if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
      continue; /* not listed, as wasi:filesystem says */
    size_t len = strlen(d->d_name);
    uint8_t *name = cabi_realloc(NULL, 0, 1, len);
    memcpy(name, d->d_name, len);
    memset(&buf[n], 0, sizeof buf[n]);
    buf[n].type.tag = type_of_dt(d->d_type);
    buf[n].name = (command_string_t) {name, len};
    n++;
  }
  return (command_waitable_status_t) ((uint32_t) n << 4 | COMMAND_WAITABLE_COMPLETED);
}

void wasi_filesystem_types_stream_directory_entry_drop_readable(
    wasi_filesystem_types_stream_directory_entry_t r) {
  struct fsh *e = get_h(r, F_DIRLIST, "stream.drop-readable (directory)");
  if (!e->ended)
    resolve_future(e->future, 0);
  drop_h(r, F_DIRLIST, "stream.drop-readable (directory)");
}

/* ---- links and times ---- */

command_subtask_status_t wasi_filesystem_types_method_descriptor_link_at(
    wasi_filesystem_types_method_descriptor_link_at_args_t *a, VR *result) {
  int ofd = desc_fd(a->self, "descriptor.link-at");
  int nfd = desc_fd(a->new_descriptor, "descriptor.link-at");
  char *o = sandboxed(a->old_path), *n = sandboxed(a->new_path);
  int fl =
      a->old_path_flags & WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW ? AT_SYMLINK_FOLLOW : 0;
  long r = o && n ? SYS5(SYS_linkat, ofd, o, nfd, n, fl) : -EPERM;
  free(o);
  free(n);
  return void_result(result, r);
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_symlink_at(
    wasi_filesystem_types_method_descriptor_symlink_at_args_t *a, VR *result) {
  int dfd = desc_fd(a->self, "descriptor.symlink-at");
  char *n = sandboxed(a->new_path);
  char *t = malloc(a->old_path.len + 1);
  if (!t)
    p3sim_trap("out of memory (symlink)");
  memcpy(t, a->old_path.ptr, a->old_path.len);
  t[a->old_path.len] = 0;
  long r = n ? SYS3(SYS_symlinkat, t, dfd, n) : -EPERM;
  free(t);
  free(n);
  return void_result(result, r);
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_readlink_at(
    wasi_filesystem_types_borrow_descriptor_t self, command_string_t path,
    wasi_filesystem_types_result_string_error_code_t *result) {
  typedef wasi_filesystem_types_result_string_error_code_t R;
  int dfd = desc_fd(self, "descriptor.readlink-at");
  char *p = sandboxed(path);
  char target[4096];
  long r = p ? SYS4(SYS_readlinkat, dfd, p, target, sizeof target) : -EPERM;
  free(p);
  if (r < 0)
    RETURN(result, ERR(R, tag_of(r)));
  R ok = {.is_err = false};
  ok.val.ok.ptr = r ? cabi_realloc(NULL, 0, 1, (size_t) r) : NULL;
  if (r)
    memcpy(ok.val.ok.ptr, target, (size_t) r);
  ok.val.ok.len = (size_t) r;
  RETURN(result, ok);
}

static void to_ts(const wasi_filesystem_types_new_timestamp_t *t, struct timespec *ts) {
  ts->tv_sec = 0;
  if (t->tag == WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NOW) {
    ts->tv_nsec = UTIME_NOW;
  } else if (t->tag == WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NO_CHANGE) {
    ts->tv_nsec = UTIME_OMIT;
  } else {
    ts->tv_sec = t->val.timestamp.seconds;
    ts->tv_nsec = t->val.timestamp.nanoseconds;
  }
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_set_times(
    wasi_filesystem_types_method_descriptor_set_times_args_t *a, VR *result) {
  struct timespec ts[2];
  to_ts(&a->data_access_timestamp, &ts[0]);
  to_ts(&a->data_modification_timestamp, &ts[1]);
  return void_result(result,
                     SYS4(SYS_utimensat, desc_fd(a->self, "descriptor.set-times"), NULL, ts, 0));
}

command_subtask_status_t wasi_filesystem_types_method_descriptor_set_times_at(
    wasi_filesystem_types_method_descriptor_set_times_at_args_t *a, VR *result) {
  struct timespec ts[2];
  to_ts(&a->data_access_timestamp, &ts[0]);
  to_ts(&a->data_modification_timestamp, &ts[1]);
  int dfd = desc_fd(a->self, "descriptor.set-times-at");
  char *p = sandboxed(a->path);
  int fl =
      a->path_flags & WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW ? 0 : AT_SYMLINK_NOFOLLOW;
  long r = p ? SYS4(SYS_utimensat, dfd, p, ts, fl) : -EPERM;
  free(p);
  return void_result(result, r);
}
