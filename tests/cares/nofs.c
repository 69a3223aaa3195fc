/* A file system with no files, linked into c-ares's tools by
 * scripts/cares-test.sh only, until p3net has files (issue 14): c-ares
 * calls fopen for /etc/resolv.conf, /etc/hosts and its rc files, which the
 * sysroot's fopen could only do through preview1 imports. Every open fails
 * with ENOENT, as on a machine where those files are missing; c-ares then
 * uses its defaults and the servers the command line names. */
#include <errno.h>
#include <stdio.h>

FILE *fopen(const char *restrict path, const char *restrict mode) {
  (void) path;
  (void) mode;
  errno = ENOENT;
  return NULL;
}
