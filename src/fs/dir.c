/* Directory streams: opendir, fdopendir, readdir, rewinddir, closedir,
 * dirfd, telldir, seekdir. Entries come from the descriptor's
 * read-directory stream, a batch at a time; "." and "..", which the host
 * does not list, come first, as on Linux. d_ino is a hash of the name
 * (the host gives no inode numbers in a listing): nonzero, not st_ino. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/fs.h"

#define BATCH 32

typedef wasi_filesystem_types_directory_entry_t entry;

struct _DIR {
  int fd;
  struct p3_fs_file *f;
  int listing; /* a read-directory stream is open */
  int ended;
  uint32_t rs, rf;
  int dots; /* how many of ".", ".." were given */
  long index;
  size_t n, i; /* ents[i, n) not yet given */
  entry ents[BATCH];
  struct dirent *ent; /* room for the longest name */
};

static unsigned char dtype(uint8_t tag) {
  switch (tag) {
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_BLOCK_DEVICE:
    return DT_BLK;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_CHARACTER_DEVICE:
    return DT_CHR;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY:
    return DT_DIR;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_FIFO:
    return DT_FIFO;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SYMBOLIC_LINK:
    return DT_LNK;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE:
    return DT_REG;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SOCKET:
    return DT_SOCK;
  default:
    return DT_UNKNOWN;
  }
}

static void free_entry(entry *e) {
  if (e->name.len)
    free(e->name.ptr);
  if (e->type.tag == WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_OTHER && e->type.val.other.is_some &&
      e->type.val.other.val.len)
    free(e->type.val.other.val.ptr);
}

/* Ends the listing; the entries not given yet are freed. */
static void stop(DIR *d) {
  while (d->i < d->n)
    free_entry(&d->ents[d->i++]);
  d->n = d->i = 0;
  if (d->listing) {
    d->listing = 0;
    HOST(wasi_filesystem_types_stream_directory_entry_drop_readable(d->rs));
    HOST(wasi_filesystem_types_future_result_void_error_code_drop_readable(d->rf));
  }
}

DIR *fdopendir(int fd) {
  struct p3_fs_file *f = p3_fs_file_of(fd);
  if (!f)
    return NULL;
  int t = p3_fs_type(f);
  if (t < 0)
    return NULL;
  if (t != WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY) {
    errno = ENOTDIR;
    return NULL;
  }
  DIR *d = calloc(1, sizeof *d);
  struct dirent *ent = malloc(sizeof *ent + NAME_MAX + 1);
  if (!d || !ent) {
    free(d);
    free(ent);
    errno = ENOMEM;
    return NULL;
  }
  d->fd = fd;
  d->f = f;
  d->ent = ent;
  return d;
}

DIR *opendir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  DIR *d = fdopendir(fd);
  if (!d) {
    int e = errno;
    close(fd);
    errno = e;
  }
  return d;
}

static struct dirent *give(DIR *d, const char *name, size_t len, unsigned char type) {
  if (len > NAME_MAX)
    len = NAME_MAX;
  uint64_t h = 1469598103934665603ull; /* FNV-1a of the name */
  for (size_t k = 0; k < len; k++)
    h = (h ^ (unsigned char) name[k]) * 1099511628211ull;
  d->ent->d_ino = (ino_t) (h | 1);
  d->ent->d_type = type;
  memcpy(d->ent->d_name, name, len);
  d->ent->d_name[len] = 0;
  d->index++;
  return d->ent;
}

/* Reads the next batch; 0 at the end, -1 with errno. */
static int refill(DIR *d) {
  if (d->ended)
    return 0;
  if (!d->listing) {
    wasi_filesystem_types_tuple2_stream_directory_entry_future_result_void_error_code_t t;
    wasi_filesystem_types_borrow_descriptor_t b = {(int32_t) d->f->desc};
    HOST(wasi_filesystem_types_method_descriptor_read_directory(b, &t));
    d->rs = t.f0;
    d->rf = t.f1;
    d->listing = 1;
  }
  uint32_t st = HOST(wasi_filesystem_types_stream_directory_entry_read(d->rs, d->ents, BATCH));
  if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
    st = p3_reactor_await(d->rs, 0);
  d->i = 0;
  d->n = COMMAND_WAITABLE_COUNT(st);
  if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED) {
    d->ended = 1;
    d->listing = 0;
    HOST(wasi_filesystem_types_stream_directory_entry_drop_readable(d->rs));
    wasi_filesystem_types_result_void_error_code_t r = {0};
    st = HOST(wasi_filesystem_types_future_result_void_error_code_read(d->rf, &r));
    if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
      p3_reactor_await(d->rf, 0);
    HOST(wasi_filesystem_types_future_result_void_error_code_drop_readable(d->rf));
    if (r.is_err && !d->n)
      return p3_fs_fail(&r.val.err);
  }
  return (int) d->n;
}

struct dirent *readdir(DIR *d) {
  if (!d) {
    errno = EBADF;
    return NULL;
  }
  if (d->dots < 2) {
    d->dots++;
    return give(d, "..", d->dots, DT_DIR);
  }
  while (d->i == d->n) {
    int e = errno;
    int r = refill(d);
    if (r <= 0) {
      if (r == 0)
        errno = e; /* the end is not an error */
      return NULL;
    }
  }
  entry *e = &d->ents[d->i++];
  struct dirent *ent = give(d, (const char *) e->name.ptr, e->name.len, dtype(e->type.tag));
  free_entry(e);
  return ent;
}

void rewinddir(DIR *d) {
  if (!d)
    return;
  stop(d);
  d->ended = 0;
  d->dots = 0;
  d->index = 0;
}

long telldir(DIR *d) {
  return d ? d->index : -1;
}

void seekdir(DIR *d, long loc) {
  if (!d || loc < 0)
    return;
  /* The listing can only be replayed from its start. */
  rewinddir(d);
  while (d->index < loc && readdir(d))
    ;
}

int dirfd(DIR *d) {
  if (!d) {
    errno = EINVAL;
    return -1;
  }
  return d->fd;
}

int closedir(DIR *d) {
  if (!d) {
    errno = EBADF;
    return -1;
  }
  stop(d);
  int r = close(d->fd);
  free(d->ent);
  free(d);
  return r;
}
