/* What the file tests share: the run's directory (argv[1], see
 * P3NET-DIR in scripts/test.sh) and paths in it. */
#ifndef P3NET_TESTS_FS_UTIL_H
#define P3NET_TESTS_FS_UTIL_H

#include <stdio.h>

static char fs_dir[2048];

/* dir/name, in one of four rotating buffers (a call may take two). */
static const char *at(const char *name) {
  static char buf[4][4096];
  static int k;
  char *b = buf[k++ & 3];
  snprintf(b, sizeof buf[0], "%s/%s", fs_dir, name);
  return b;
}

/* Takes the directory from argv; 0 if the run was given none. */
static int fs_setup(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 0;
  }
  snprintf(fs_dir, sizeof fs_dir, "%s", argv[1]);
  return 1;
}

#endif
