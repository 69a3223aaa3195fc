/* File times: utimensat and futimens (UTIME_NOW, UTIME_OMIT), and utimes
 * on top, one host call each. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "fs/fs.h"

typedef wasi_filesystem_types_new_timestamp_t stamp;

static int to_stamp(const struct timespec *ts, stamp *out) {
  memset(out, 0, sizeof *out);
  if (!ts || ts->tv_nsec == UTIME_NOW) {
    out->tag = WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NOW;
  } else if (ts->tv_nsec == UTIME_OMIT) {
    out->tag = WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NO_CHANGE;
  } else if (ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) {
    errno = EINVAL;
    return -1;
  } else {
    out->tag = WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_TIMESTAMP;
    out->val.timestamp.seconds = (int64_t) ts->tv_sec;
    out->val.timestamp.nanoseconds = (uint32_t) ts->tv_nsec;
  }
  return 0;
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags) {
  char buf[PATH_MAX];
  uint32_t dir;
  const char *rel;
  wasi_filesystem_types_method_descriptor_set_times_at_args_t a;
  memset(&a, 0, sizeof a);
  if (flags & ~AT_SYMLINK_NOFOLLOW) {
    errno = EINVAL;
    return -1;
  }
  if (to_stamp(times ? &times[0] : NULL, &a.data_access_timestamp) < 0 ||
      to_stamp(times ? &times[1] : NULL, &a.data_modification_timestamp) < 0)
    return -1;
  if (!path) /* Linux: a NULL path means dirfd itself */
    return futimens(dirfd, times);
  if (p3_fs_at(dirfd, path, &dir, &rel, buf, sizeof buf) < 0)
    return -1;
  a.self = (wasi_filesystem_types_borrow_descriptor_t) {(int32_t) dir};
  a.path_flags = flags & AT_SYMLINK_NOFOLLOW ? 0 : WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW;
  a.path = (command_string_t) {(uint8_t *) rel, strlen(rel)};
  wasi_filesystem_types_result_void_error_code_t r;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_set_times_at(&a, &r)));
  return r.is_err ? p3_fs_fail(&r.val.err) : 0;
}

int futimens(int fd, const struct timespec times[2]) {
  struct p3_fs_file *f = p3_fs_file_of(fd);
  if (!f) {
    if (errno == ENOTDIR)
      errno = EBADF; /* not a file p3net can set times on */
    return -1;
  }
  wasi_filesystem_types_method_descriptor_set_times_args_t a;
  memset(&a, 0, sizeof a);
  if (to_stamp(times ? &times[0] : NULL, &a.data_access_timestamp) < 0 ||
      to_stamp(times ? &times[1] : NULL, &a.data_modification_timestamp) < 0)
    return -1;
  p3_fs_flush(f); /* a write still in flight would change the time later */
  a.self = (wasi_filesystem_types_borrow_descriptor_t) {(int32_t) f->desc};
  wasi_filesystem_types_result_void_error_code_t r;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_set_times(&a, &r)));
  return r.is_err ? p3_fs_fail(&r.val.err) : 0;
}

int utimes(const char *path, const struct timeval tv[2]) {
  struct timespec ts[2];
  if (tv) {
    for (int i = 0; i < 2; i++) {
      if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000) {
        errno = EINVAL;
        return -1;
      }
      ts[i].tv_sec = tv[i].tv_sec;
      ts[i].tv_nsec = (long) tv[i].tv_usec * 1000;
    }
  }
  return utimensat(AT_FDCWD, path, tv ? ts : NULL, 0);
}
