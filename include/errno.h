/* p3net <errno.h>: the sysroot's errno names and values (WASI's numbering,
 * which its strerror knows), plus the Linux socket errnos WASI lacks, with
 * Linux's numbers (above WASI's range, so they never collide). */
#ifndef P3NET_ERRNO_H
#define P3NET_ERRNO_H

#include_next <errno.h>

#ifndef ESOCKTNOSUPPORT
#define ESOCKTNOSUPPORT 94
#endif
#ifndef EPFNOSUPPORT
#define EPFNOSUPPORT 96
#endif
#ifndef ESHUTDOWN
#define ESHUTDOWN 108
#endif

#endif
