/* scandir and utime: the sysroot has them in one object with its own
 * open and stat, which would clash with p3net's, so p3net has its own. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

/* qsort's comparator calls the caller's through this (one scandir sorts
 * at a time: a component has one thread). */
static int (*sort_by)(const struct dirent **, const struct dirent **);

static int compare(const void *a, const void *b) {
  return sort_by((const struct dirent **) a, (const struct dirent **) b);
}

int scandir(const char *path, struct dirent ***list, int (*keep)(const struct dirent *),
            int (*cmp)(const struct dirent **, const struct dirent **)) {
  DIR *d = opendir(path);
  if (!d)
    return -1;
  struct dirent **v = NULL, *e;
  size_t n = 0, cap = 0;
  int err = 0;
  errno = 0;
  while ((e = readdir(d))) {
    if (keep && !keep(e))
      continue;
    if (n == cap) {
      size_t nc = cap ? cap * 2 : 16;
      struct dirent **nv = realloc(v, nc * sizeof *nv);
      if (!nv) {
        err = ENOMEM;
        break;
      }
      v = nv;
      cap = nc;
    }
    size_t len = offsetof(struct dirent, d_name) + strlen(e->d_name) + 1;
    if (len < sizeof *e)
      len = sizeof *e; /* glibc's d_name is a fixed array */
    if (!(v[n] = malloc(len))) {
      err = ENOMEM;
      break;
    }
    memcpy(v[n], e, len);
    n++;
  }
  if (!err)
    err = errno;
  closedir(d);
  if (err) {
    while (n)
      free(v[--n]);
    free(v);
    errno = err;
    return -1;
  }
  if (cmp && n > 1) {
    sort_by = cmp;
    qsort(v, n, sizeof *v, compare);
  }
  *list = v;
  return (int) n;
}

int utime(const char *path, const struct utimbuf *t) {
  if (!t)
    return utimensat(AT_FDCWD, path, NULL, 0);
  struct timespec ts[2] = {{t->actime, 0}, {t->modtime, 0}};
  return utimensat(AT_FDCWD, path, ts, 0);
}
