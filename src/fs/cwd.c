/* The working directory: p3net's own string (a component has no process
 * cwd). chdir checks that the target is a directory the preopens reach. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs.h"

static char cwd[PATH_MAX] = "/";

const char *p3_fs_cwd(void) {
  return cwd;
}

void p3_fs_set_cwd(const char *abs) {
  size_t len = strlen(abs);
  if (len < sizeof cwd)
    memcpy(cwd, abs, len + 1);
}

char *getcwd(char *buf, size_t size) {
  size_t len = strlen(cwd);
  if (!buf) {
    /* glibc's extension: allocate (size 0: as large as needed). */
    if (size && size <= len) {
      errno = ERANGE;
      return NULL;
    }
    buf = malloc(size ? size : len + 1);
    if (!buf) {
      errno = ENOMEM;
      return NULL;
    }
  } else if (size == 0) {
    errno = EINVAL;
    return NULL;
  } else if (size <= len) {
    errno = ERANGE;
    return NULL;
  }
  memcpy(buf, cwd, len + 1);
  return buf;
}

int chdir(const char *path) {
  char abs[PATH_MAX];
  struct stat st;
  if (!path) {
    errno = EFAULT;
    return -1;
  }
  if (!path[0]) {
    errno = ENOENT;
    return -1;
  }
  if (p3_fs_normalize(path, abs, sizeof abs) < 0 || stat(abs, &st) < 0)
    return -1;
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  p3_fs_set_cwd(abs);
  return 0;
}

/* Lexical, as the rest of path resolution: the result names what stat
 * finds, without following symlinks component by component. */
char *realpath(const char *restrict path, char *restrict resolved) {
  char abs[PATH_MAX];
  struct stat st;
  if (!path) {
    errno = EINVAL;
    return NULL;
  }
  if (!path[0]) {
    errno = ENOENT;
    return NULL;
  }
  if (p3_fs_normalize(path, abs, sizeof abs) < 0 || stat(abs, &st) < 0)
    return NULL;
  if (!resolved)
    return strdup(abs);
  memcpy(resolved, abs, strlen(abs) + 1);
  return resolved;
}
