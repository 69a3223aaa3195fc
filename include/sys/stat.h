/* p3net <sys/stat.h>: the sysroot's, with Linux's file type values. The
 * sysroot gives FIFOs and sockets the same S_IFIFO/S_IFSOCK value, so
 * S_ISFIFO would be true of a socket; p3net's fstat tells them apart. */
#ifndef P3NET_SYS_STAT_H
#define P3NET_SYS_STAT_H
#include_next <sys/stat.h>
#undef S_IFMT
#undef S_IFIFO
#define S_IFMT 0170000
#define S_IFIFO 0010000
#undef UTIME_NOW
#undef UTIME_OMIT
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#ifndef st_atime
#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec
#endif
#endif
