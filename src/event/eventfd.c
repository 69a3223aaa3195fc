/* eventfd: a 64-bit counter in the component, as Linux keeps it. A write
 * adds, a read takes the whole count (or 1 with EFD_SEMAPHORE); reads and
 * writes move exactly 8 bytes. Nothing of it reaches the host.
 *
 * A blocking read of a zero counter, or a blocking write that would pass
 * the maximum, could only be completed by this same single-threaded
 * component: it fails at once with EDEADLK (Linux would block). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "fd/fd.h"
#include "host/host.h"

#define MAX_COUNT (UINT64_MAX - 1) /* Linux's ceiling; UINT64_MAX is no value */

struct p3_eventfd {
  struct p3_file file;
  uint64_t count;
  int semaphore;
};

static ssize_t efd_read(struct p3_file *f, void *buf, size_t len, int nonblock) {
  struct p3_eventfd *e = (struct p3_eventfd *) f;
  if (len < sizeof(uint64_t)) {
    errno = EINVAL;
    return -1;
  }
  if (!e->count) {
    errno = nonblock ? EAGAIN : EDEADLK;
    return -1;
  }
  uint64_t v = e->semaphore ? 1 : e->count;
  e->count -= v;
  memcpy(buf, &v, sizeof v);
  p3_file_changed_by(f, POLLOUT | POLLWRNORM); /* Linux wakes writers on each read */
  return sizeof v;
}

static ssize_t efd_write(struct p3_file *f, const void *buf, size_t len, int nonblock) {
  struct p3_eventfd *e = (struct p3_eventfd *) f;
  uint64_t v;
  if (len < sizeof v) {
    errno = EINVAL;
    return -1;
  }
  memcpy(&v, buf, sizeof v);
  if (v == UINT64_MAX) {
    errno = EINVAL;
    return -1;
  }
  if (v > MAX_COUNT - e->count) {
    errno = nonblock ? EAGAIN : EDEADLK;
    return -1;
  }
  e->count += v;
  p3_file_changed_by(f, POLLIN | POLLRDNORM); /* Linux wakes readers on every write */
  return sizeof v;
}

static unsigned efd_poll(struct p3_file *f) {
  struct p3_eventfd *e = (struct p3_eventfd *) f;
  return (e->count ? POLLIN | POLLRDNORM : 0) | (e->count < MAX_COUNT ? POLLOUT | POLLWRNORM : 0);
}

static int efd_close(struct p3_file *f) {
  free(f);
  return 0;
}

static const struct p3_file_ops efd_ops = {
    .read = efd_read,
    .write = efd_write,
    .close = efd_close,
    .poll = efd_poll,
};

int eventfd(unsigned int initval, int flags) {
  if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)) {
    errno = EINVAL;
    return -1;
  }
  struct p3_eventfd *e = calloc(1, sizeof *e);
  if (!e) {
    errno = ENOMEM;
    return -1;
  }
  p3_stats.allocs++;
  e->file.ops = &efd_ops;
  e->file.status_flags = flags & EFD_NONBLOCK ? O_NONBLOCK : 0;
  e->count = initval;
  e->semaphore = !!(flags & EFD_SEMAPHORE);
  int fd = p3_fd_install(&e->file, !!(flags & EFD_CLOEXEC));
  if (fd < 0)
    free(e);
  return fd;
}

int eventfd_read(int fd, eventfd_t *value) {
  return read(fd, value, sizeof *value) == sizeof *value ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value) {
  return write(fd, &value, sizeof value) == sizeof value ? 0 : -1;
}
