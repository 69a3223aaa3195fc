#include <errno.h>
#include <stdlib.h>

#include "fd/fd.h"
#include "host/host.h"

#define P3_FD_MAX 65536

struct slot {
  struct p3_file *file;
  int cloexec;
};

extern struct p3_file *const p3_stdio_files[3];

static struct slot first[16];
static struct slot *slots = first;
static int nslots = 16;
static int lowest_free; /* no free slot below this */
static int ready;

/* fds 0-2 are stdio until closed; set up on first use of the table. */
static void init(void) {
  for (int i = 0; i < 3; i++)
    first[i].file = p3_stdio_files[i];
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

static int grow(void) {
  if (nslots >= P3_FD_MAX)
    return -1;
  int n = nslots * 2;
  struct slot *s = malloc(n * sizeof *s);
  if (!s)
    return -1;
  p3_stats.allocs++;
  for (int i = 0; i < n; i++)
    s[i] = i < nslots ? slots[i] : (struct slot) {0};
  if (slots != first)
    free(slots);
  slots = s;
  nslots = n;
  return 0;
}

int p3_fd_install(struct p3_file *f, int cloexec) {
  if (!ready)
    init();
  int fd = lowest_free;
  while (fd < nslots && slots[fd].file)
    fd++;
  if (fd == nslots && grow() < 0) {
    errno = nslots >= P3_FD_MAX ? EMFILE : ENOMEM;
    return -1;
  }
  slots[fd].file = f;
  slots[fd].cloexec = cloexec;
  lowest_free = fd + 1;
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

int p3_fd_get_cloexec(int fd) {
  return p3_fd_get(fd) ? slots[fd].cloexec : -1;
}

void p3_fd_set_cloexec(int fd, int on) {
  if (p3_fd_get(fd))
    slots[fd].cloexec = on;
}
