/* p3net <unistd.h>: the sysroot's, plus the descriptor calls p3net
 * provides and the preview 1 sysroot leaves out (it has no dup or pipe). */
#ifndef P3NET_UNISTD_H
#define P3NET_UNISTD_H

#include_next <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

int dup(int fd);
int dup2(int fd, int newfd);
int dup3(int fd, int newfd, int flags);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);

#ifdef __cplusplus
}
#endif
#endif
