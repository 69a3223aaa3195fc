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

/* Interface requests (struct ifreq, struct ifconf of <net/if.h>), answered
 * from p3net's interface model. The SIOCS* ones fail with EPERM, as Linux
 * answers a process without CAP_NET_ADMIN. */
#define SIOCGIFNAME 0x8910
#define SIOCGIFCONF 0x8912
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCGIFADDR 0x8915
#define SIOCSIFADDR 0x8916
#define SIOCGIFDSTADDR 0x8917
#define SIOCGIFBRDADDR 0x8919
#define SIOCGIFNETMASK 0x891b
#define SIOCGIFMETRIC 0x891d
#define SIOCGIFMTU 0x8921
#define SIOCSIFMTU 0x8922
#define SIOCGIFHWADDR 0x8927
#define SIOCGIFINDEX 0x8933
#define SIOGIFINDEX SIOCGIFINDEX
#define SIOCGIFTXQLEN 0x8942

int ioctl(int fd, int request, ...);

#ifdef __cplusplus
}
#endif
#endif
