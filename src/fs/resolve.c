/* Path resolution: a path becomes a host directory and a path relative to
 * it. Absolute and cwd-relative paths are normalized lexically ("a/../b"
 * is "b", as if no component were a symlink) and matched against the
 * preopens; a path relative to a directory fd goes to the host as is, and
 * the host keeps it inside that directory. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fs/fs.h"

int p3_fs_normalize(const char *path, char *out, size_t n) {
  size_t o = 0;
  const char *cwd = p3_fs_cwd();
  if (path[0] != '/') {
    o = strlen(cwd);
    if (o >= n)
      goto long_name;
    memcpy(out, cwd, o);
  }
  if (o == 1)
    o = 0; /* cwd "/": components are appended as "/name" */
  for (const char *p = path; *p;) {
    while (*p == '/')
      p++;
    const char *e = p;
    while (*e && *e != '/')
      e++;
    size_t len = (size_t) (e - p);
    if (len == 0 || (len == 1 && p[0] == '.')) {
      /* nothing */
    } else if (len == 2 && p[0] == '.' && p[1] == '.') {
      while (o > 0 && out[o - 1] != '/')
        o--;
      if (o > 0)
        o--; /* the slash before it */
    } else {
      if (o + 1 + len >= n)
        goto long_name;
      out[o++] = '/';
      memcpy(out + o, p, len);
      o += len;
    }
    p = e;
  }
  if (o == 0)
    out[o++] = '/';
  out[o] = 0;
  return 0;
long_name:
  errno = ENAMETOOLONG;
  return -1;
}

int p3_fs_at(int dirfd, const char *path, uint32_t *dir, const char **rel, char *buf, size_t n) {
  if (!path) {
    errno = EFAULT;
    return -1;
  }
  if (!path[0]) {
    errno = ENOENT;
    return -1;
  }
  if (path[0] != '/' && dirfd != AT_FDCWD) {
    struct p3_fs_file *f = p3_fs_file_of(dirfd);
    if (!f)
      return -1;
    if (p3_fs_type(f) != WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY) {
      errno = ENOTDIR;
      return -1;
    }
    *dir = f->desc;
    *rel = path;
    return 0;
  }
  if (p3_fs_normalize(path, buf, n) < 0)
    return -1;
  size_t np;
  const struct p3_preopen *po = p3_fs_preopens(&np), *best = NULL;
  size_t blen = strlen(buf);
  for (size_t i = 0; i < np; i++) {
    size_t l = po[i].len;
    int root = l == 1; /* "/" contains everything */
    if (root || (l <= blen && !memcmp(buf, po[i].name, l) && (buf[l] == '/' || !buf[l]))) {
      if (!best || l > best->len)
        best = &po[i];
    }
  }
  if (!best) {
    errno = ENOENT; /* no preopen holds it: as if it did not exist */
    return -1;
  }
  const char *r = buf + (best->len == 1 ? 0 : best->len);
  while (*r == '/')
    r++;
  *dir = best->desc;
  *rel = *r ? r : ".";
  return 0;
}
