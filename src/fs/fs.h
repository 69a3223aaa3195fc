/* Files on wasi:filesystem@0.3.0. Paths resolve against the preopened
 * directories the host gives; an open file keeps the host descriptor and
 * its position here, and moves bytes through the descriptor's streams. A
 * stream stays open while reads (or writes) continue where the last one
 * stopped, so sequential I/O costs one stream operation per call. */
#ifndef P3_FS_H
#define P3_FS_H

#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "fd/fd.h"
#include "host/host.h"
#include "reactor/reactor.h"

typedef wasi_filesystem_types_error_code_t p3_fs_error;

/* An open file or directory. */
struct p3_fs_file {
  struct p3_file file;
  struct p3_waiter idle; /* owns the stream handles between operations */
  uint32_t desc;         /* own<descriptor> */
  int type;              /* descriptor-type tag, or -1 until asked */
  uint64_t pos;
  int pos_at_end; /* after appends: the position is the size, not known */
  /* The read stream, positioned at rs_pos. */
  int rs_open;
  uint32_t rs, rf;
  uint64_t rs_pos;
  /* The write stream; its bytes go on at ws_pos (or the end, appending). */
  int ws_open;
  int ws_append; /* it was opened with append-via-stream */
  uint32_t ws, wf;
  uint64_t ws_pos;
  int werr; /* errno of a write the host refused after write() returned */
};

/* O_APPEND, which fcntl(F_SETFL) may change: writes go to the end. */
static inline int p3_fs_appending(const struct p3_fs_file *f) {
  return !!(f->file.status_flags & O_APPEND);
}

/* Waits until the async call that returned st has returned (blocking in
 * the reactor), then lets its subtask go. */
void p3_fs_finish(command_subtask_status_t st);

/* Sets errno from a host error (and frees its text); returns -1. */
int p3_fs_fail(p3_fs_error *e);

/* Where a path lands: the host directory to ask and the path relative to
 * it, written into buf (rel points into buf or at the caller's path).
 * -1 with errno: ENOENT (empty path, or outside every preopen),
 * ENAMETOOLONG, EBADF/ENOTDIR (dirfd). */
int p3_fs_at(int dirfd, const char *path, uint32_t *dir, const char **rel, char *buf, size_t n);

/* The preopen list, asked of the host once. */
struct p3_preopen {
  uint32_t desc;
  char *name; /* absolute, normalized: "/" for "." */
  size_t len;
};
const struct p3_preopen *p3_fs_preopens(size_t *n);

/* The working directory (absolute, normalized), "/" at start. */
const char *p3_fs_cwd(void);
void p3_fs_set_cwd(const char *abs);
/* Makes path absolute against the cwd and removes ".", ".." and repeated
 * slashes, into out; -1 with ENAMETOOLONG. */
int p3_fs_normalize(const char *path, char *out, size_t n);

/* The fs file behind fd (a file p3_fs_open made), or NULL with errno
 * EBADF (bad fd) or ENOTDIR (some other kind). */
struct p3_fs_file *p3_fs_file_of(int fd);
/* Opens rel under dir: a new fd, or -1 with errno. oflags are Linux's. */
int p3_fs_open(uint32_t dir, const char *rel, int oflags);
/* The descriptor's type tag, asked of the host the first time. */
int p3_fs_type(struct p3_fs_file *f);
/* Ends the streams of f: the write stream's result is awaited (its error
 * kept for the next call), the read stream dropped. */
void p3_fs_flush(struct p3_fs_file *f);
void p3_fs_stop_reading(struct p3_fs_file *f);
/* Reads up to len bytes at offset at, until len or the end of the file;
 * writes len bytes at at (appending: at the end). -1 with errno. */
ssize_t p3_fs_read_at(struct p3_fs_file *f, void *buf, size_t len, uint64_t at);
ssize_t p3_fs_write_at(struct p3_fs_file *f, const void *buf, size_t len, uint64_t at);
/* The host's stat of f (its write stream ended first); -1 with errno. */
int p3_fs_stat_of(struct p3_fs_file *f, struct stat *st);

/* stat fields from the host's record. */
void p3_fs_fill_stat(struct stat *st, const wasi_filesystem_types_descriptor_stat_t *ds,
                     uint64_t ino);

/* /dev/null, /dev/zero, /dev/random, /dev/urandom, which need no preopen:
 * a new fd, 0 if path is none of them (errno untouched), -1 on error. */
int p3_dev_open(const char *abs, int oflags, int *fd);
/* Their stat: 1 if abs is one of them, 0 if not, -1 (ENOTDIR) for a
 * path below one. */
int p3_dev_stat(const char *abs, struct stat *st);

#endif
