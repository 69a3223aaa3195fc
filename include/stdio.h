/* p3net <stdio.h>: the sysroot's, with tmpfile, which the sysroot marks
 * "not defined on WASI" and p3net provides (src/fs/tmpfile.c). The
 * sysroot's declaration is read under another name, so using p3net's
 * draws no deprecation warning. */
#ifndef P3NET_STDIO_H
#define P3NET_STDIO_H
#define tmpfile __p3net_sysroot_tmpfile
#include_next <stdio.h>
#undef tmpfile
#ifdef __cplusplus
extern "C" {
#endif
FILE *tmpfile(void);
#ifdef __cplusplus
}
#endif
#endif
