#include <errno.h>
#include <stdlib.h>

#include "fd/fd.h"
#include "host/host.h"

struct slot {
  struct p3_file *file;
  int cloexec;
};

static struct slot first[16];
static struct slot *slots = first;
static int nslots = 16;
static int lowest_free; /* no free slot below this */
static int ready;

/* fds 0-2 are stdio until closed; set up on first use of the table. The
 * stdio files are static objects: their close does nothing, so the last
 * reference going (close(1) after a dup2 elsewhere) frees nothing. */
static void init(void) {
  for (int i = 0; i < 3; i++) {
    first[i].file = p3_stdio_files[i];
    first[i].file->refs++;
  }
  lowest_free = 3;
  ready = 1;
}

struct p3_file *p3_fd_get(int fd) {
  if (!ready)
    init();
  if (fd < 0 || fd >= nslots || !slots[fd].file) {
    errno = EBADF;
    return NULL;
  }
  return slots[fd].file;
}

/* Makes the table hold fd; -1 (ENOMEM) if it cannot. */
static int grow(int fd) {
  if (fd < nslots)
    return 0;
  int n = nslots;
  while (n <= fd)
    n *= 2;
  struct slot *s = malloc(n * sizeof *s);
  if (!s) {
    errno = ENOMEM;
    return -1;
  }
  p3_stats.allocs++;
  for (int i = 0; i < n; i++)
    s[i] = i < nslots ? slots[i] : (struct slot) {0};
  if (slots != first)
    free(slots);
  slots = s;
  nslots = n;
  return 0;
}

static void put(struct p3_file *f, int fd, int cloexec) {
  slots[fd].file = f;
  slots[fd].cloexec = cloexec;
  f->refs++;
}

int p3_fd_install_from(struct p3_file *f, int min, int cloexec) {
  if (!ready)
    init();
  if (min < 0 || min >= P3_FD_MAX) {
    errno = EINVAL;
    return -1;
  }
  int fd = min > lowest_free ? min : lowest_free;
  while (fd < nslots && slots[fd].file)
    fd++;
  if (fd >= P3_FD_MAX) {
    errno = EMFILE;
    return -1;
  }
  if (grow(fd) < 0)
    return -1;
  put(f, fd, cloexec);
  if (min <= lowest_free)
    lowest_free = fd + 1; /* every slot from lowest_free up to fd was taken */
  return fd;
}

int p3_fd_install(struct p3_file *f, int cloexec) {
  return p3_fd_install_from(f, 0, cloexec);
}

int p3_fd_install_at(struct p3_file *f, int fd, int cloexec) {
  if (!ready)
    init();
  if (fd < 0 || fd >= P3_FD_MAX) {
    errno = EBADF;
    return -1;
  }
  if (grow(fd) < 0)
    return -1;
  struct p3_file *old = slots[fd].file;
  put(f, fd, cloexec);
  /* After the new reference is counted, so that dup2 between two fds of
   * one file never takes it through zero. As on Linux, an error closing
   * the old file is not reported. */
  if (old)
    p3_file_release(old);
  return fd;
}

struct p3_file *p3_fd_remove(int fd) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return NULL;
  slots[fd] = (struct slot) {0};
  if (fd < lowest_free)
    lowest_free = fd;
  return f;
}

int p3_file_release(struct p3_file *f) {
  if (--f->refs > 0)
    return 0;
  p3_file_closing(f);
  return f->ops->close ? f->ops->close(f) : 0;
}

int p3_fd_get_cloexec(int fd) {
  return p3_fd_get(fd) ? slots[fd].cloexec : -1;
}

void p3_fd_set_cloexec(int fd, int on) {
  if (p3_fd_get(fd))
    slots[fd].cloexec = on;
}
