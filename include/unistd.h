/* p3net <unistd.h>: the sysroot's, plus the descriptor calls p3net
 * provides and the preview 1 sysroot leaves out (it has no dup or pipe),
 * and process identity with fixed values (src/libc/ids.c). */
#ifndef P3NET_UNISTD_H
#define P3NET_UNISTD_H

/* getpid is p3net's (a fixed value): the sysroot would mark it deprecated
 * without this. */
#ifndef _WASI_EMULATED_GETPID
#define _WASI_EMULATED_GETPID
#endif
#include_next <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

int dup(int fd);
int dup2(int fd, int newfd);
int dup3(int fd, int newfd, int flags);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);

pid_t getppid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);

#ifdef __cplusplus
}
#endif
#endif
