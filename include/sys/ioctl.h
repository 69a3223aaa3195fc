/* p3net <sys/ioctl.h>: the ioctls p3net answers, with Linux's values. */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#ifdef __cplusplus
extern "C" {
#endif

#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define TIOCOUTQ 0x5411
#define SIOCINQ FIONREAD
#define SIOCOUTQ TIOCOUTQ

int ioctl(int fd, int request, ...);

#ifdef __cplusplus
}
#endif
#endif
