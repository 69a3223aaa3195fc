/* /dev/null, /dev/zero, /dev/random and /dev/urandom, without a preopen:
 * programs open them by name (entropy, discarding output) whatever
 * directories the host maps. Random bytes come from wasi:random through
 * getentropy. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs.h"

enum { DEV_NULL, DEV_ZERO, DEV_RANDOM };

struct dev {
  struct p3_file file;
  int kind;
};

static const struct {
  const char *name;
  int kind;
  unsigned rdev;
} devs[] = {
    {"/dev/null", DEV_NULL, 0x103},
    {"/dev/zero", DEV_ZERO, 0x105},
    {"/dev/random", DEV_RANDOM, 0x108},
    {"/dev/urandom", DEV_RANDOM, 0x109},
};

/* The device abs names; -2 (errno ENOTDIR) for a path below one, as if
 * the device were a directory; -1 for anything else. */
static int find(const char *abs) {
  for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
    size_t n = strlen(devs[i].name);
    if (!strncmp(abs, devs[i].name, n) && (abs[n] == 0 || abs[n] == '/')) {
      if (abs[n] == 0)
        return (int) i;
      errno = ENOTDIR;
      return -2;
    }
  }
  return -1;
}

static ssize_t dev_read(struct p3_file *pf, void *buf, size_t len, int nonblock) {
  (void) nonblock;
  struct dev *d = (struct dev *) pf;
  if (d->kind == DEV_NULL)
    return 0;
  if (d->kind == DEV_ZERO) {
    memset(buf, 0, len);
    return (ssize_t) len;
  }
  for (size_t off = 0; off < len; off += 256) {
    size_t n = len - off < 256 ? len - off : 256;
    if (getentropy((char *) buf + off, n) < 0)
      return off ? (ssize_t) off : -1;
  }
  return (ssize_t) len;
}

static ssize_t dev_write(struct p3_file *pf, const void *buf, size_t len, int nonblock) {
  (void) pf, (void) buf, (void) nonblock;
  return (ssize_t) len; /* all three swallow what is written, as Linux's */
}

static off_t dev_seek(struct p3_file *pf, off_t off, int whence) {
  (void) pf, (void) off, (void) whence;
  return 0; /* Linux: seeking a character device like these gives 0 */
}

static int dev_stat(struct p3_file *pf, struct stat *st);

static unsigned dev_poll(struct p3_file *pf) {
  (void) pf;
  return POLLIN | POLLOUT;
}

static int dev_close(struct p3_file *pf) {
  free(pf);
  return 0;
}

static const struct p3_file_ops dev_ops = {
    .read = dev_read,
    .write = dev_write,
    .close = dev_close,
    .poll = dev_poll,
    .seek = dev_seek,
    .stat = dev_stat,
    .mode = S_IFCHR,
};

static void fill(struct stat *st, int i) {
  memset(st, 0, sizeof *st);
  st->st_dev = 5;
  st->st_ino = (ino_t) (i + 1);
  st->st_mode = S_IFCHR | 0666;
  st->st_nlink = 1;
  st->st_rdev = devs[i].rdev;
  st->st_blksize = 4096;
}

static int dev_stat(struct p3_file *pf, struct stat *st) {
  struct dev *d = (struct dev *) pf;
  for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++)
    if (devs[i].kind == d->kind) {
      fill(st, (int) i);
      break;
    }
  return 0;
}

int p3_dev_stat(const char *abs, struct stat *st) {
  int i = find(abs);
  if (i < 0)
    return i == -2 ? -1 : 0;
  fill(st, i);
  return 1;
}

int p3_dev_open(const char *abs, int oflags, int *fd) {
  int i = find(abs);
  if (i < 0)
    return i == -2 ? -1 : 0;
  if ((oflags & O_ACCMODE) == O_ACCMODE || (oflags & O_DIRECTORY)) {
    errno = (oflags & O_DIRECTORY) ? ENOTDIR : EINVAL;
    return -1;
  }
  struct dev *d = calloc(1, sizeof *d);
  if (!d) {
    errno = ENOMEM;
    return -1;
  }
  d->file.ops = &dev_ops;
  d->file.status_flags = oflags & O_NONBLOCK;
  d->kind = devs[i].kind;
  *fd = p3_fd_install(&d->file, !!(oflags & O_CLOEXEC));
  if (*fd < 0) {
    free(d);
    return -1;
  }
  return 1;
}
