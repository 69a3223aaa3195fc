/* p3net <limits.h>: the sysroot's, plus PIPE_BUF, which a preview 1
 * sysroot leaves out (it has no pipes; p3net has). */
#ifndef P3NET_LIMITS_H
#define P3NET_LIMITS_H

#include_next <limits.h>

#ifndef PIPE_BUF
#define PIPE_BUF 4096
#endif

#endif
