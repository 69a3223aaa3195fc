/* p3net <dirent.h>: the sysroot's, with Linux's d_type values (the
 * sysroot numbers them as WASI preview 1 does and has no DT_SOCK). */
#ifndef P3NET_DIRENT_H
#define P3NET_DIRENT_H
#include_next <dirent.h>
#undef DT_UNKNOWN
#undef DT_FIFO
#undef DT_CHR
#undef DT_DIR
#undef DT_BLK
#undef DT_REG
#undef DT_LNK
#undef DT_SOCK
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12
#endif
