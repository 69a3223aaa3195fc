/* p3net <stdlib.h>: the sysroot's, plus realpath, which it leaves out
 * (preview 1 had no working directory) and p3net provides (src/fs). */
#ifndef P3NET_STDLIB_H
#define P3NET_STDLIB_H
#include_next <stdlib.h>
#ifdef __cplusplus
extern "C" {
#endif
char *realpath(const char *__restrict path, char *__restrict resolved);
#ifdef __cplusplus
}
#endif
#endif
