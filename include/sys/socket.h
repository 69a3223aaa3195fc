/* p3net <sys/socket.h>: Linux names, values and layouts, so that code
 * written for Linux compiles unchanged with p3cc. It replaces the header of
 * Debian's preview1 sysroot, whose WASI-numbered constants and hidden
 * prototypes do not describe p3net. */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <features.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The sysroot's internal headers guard these types by these names; defining
 * the guards keeps any of its headers from declaring a second layout. */
#ifndef __wasilibc___typedef_socklen_t_h
#define __wasilibc___typedef_socklen_t_h
typedef unsigned socklen_t;
#endif
#ifndef __wasilibc___typedef_sa_family_t_h
#define __wasilibc___typedef_sa_family_t_h
typedef unsigned short sa_family_t;
#endif

#define __wasilibc___struct_sockaddr_h
struct sockaddr {
  sa_family_t sa_family;
  char sa_data[14];
};

#define __wasilibc___struct_sockaddr_storage_h
struct sockaddr_storage {
  sa_family_t ss_family;
  char __ss_padding[128 - sizeof(sa_family_t) - sizeof(unsigned long)];
  unsigned long __ss_align;
};

#define __wasilibc___struct_msghdr_h
struct msghdr {
  void *msg_name;
  socklen_t msg_namelen;
  struct iovec *msg_iov;
  int msg_iovlen;
  void *msg_control;
  socklen_t msg_controllen;
  int msg_flags;
};

struct mmsghdr {
  struct msghdr msg_hdr;
  unsigned int msg_len;
};

struct cmsghdr {
  socklen_t cmsg_len;
  int cmsg_level;
  int cmsg_type;
};

struct linger {
  int l_onoff;
  int l_linger;
};

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC 02000000

#define PF_UNSPEC 0
#define PF_UNIX 1
#define PF_LOCAL PF_UNIX
#define PF_INET 2
#define PF_INET6 10
#define AF_UNSPEC PF_UNSPEC
#define AF_UNIX PF_UNIX
#define AF_LOCAL PF_LOCAL
#define AF_INET PF_INET
#define AF_INET6 PF_INET6

#define SOL_SOCKET 1
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_LINGER 13
#define SO_REUSEPORT 15
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39

#define SOMAXCONN 4096

#define MSG_OOB 0x0001
#define MSG_PEEK 0x0002
#define MSG_DONTROUTE 0x0004
#define MSG_CTRUNC 0x0008
#define MSG_TRUNC 0x0020
#define MSG_DONTWAIT 0x0040
#define MSG_EOR 0x0080
#define MSG_WAITALL 0x0100
#define MSG_CONFIRM 0x0800
#define MSG_ERRQUEUE 0x2000
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_WAITFORONE 0x10000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define __CMSG_ALIGN(len) (((len) + sizeof(size_t) - 1) & (size_t) ~(sizeof(size_t) - 1))
#define CMSG_ALIGN(len) __CMSG_ALIGN(len)
#define CMSG_SPACE(len) (CMSG_ALIGN(len) + CMSG_ALIGN(sizeof(struct cmsghdr)))
#define CMSG_LEN(len) (CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))
#define CMSG_DATA(cmsg) ((unsigned char *) (((struct cmsghdr *) (cmsg)) + 1))
#define CMSG_FIRSTHDR(mhdr)                                                                        \
  ((size_t) (mhdr)->msg_controllen >= sizeof(struct cmsghdr)                                       \
       ? (struct cmsghdr *) (mhdr)->msg_control                                                    \
       : (struct cmsghdr *) 0)
/* The header after cmsg, if all of it lies within msg_controllen; NULL
 * otherwise, and for a header whose cmsg_len is shorter than a header or
 * so long that stepping over it would wrap (neither can be stepped over). */
static __inline__ struct cmsghdr *__p3_cmsg_nxthdr(const struct msghdr *__mhdr,
                                                   const struct cmsghdr *__cmsg) {
  size_t __len = __cmsg->cmsg_len;
  size_t __step = CMSG_ALIGN(__len);
  size_t __room = __mhdr->msg_controllen;
  size_t __at =
      (size_t) ((const unsigned char *) __cmsg - (const unsigned char *) __mhdr->msg_control);
  if (__len < sizeof(struct cmsghdr) || __step < __len || __at > __room || __step > __room - __at ||
      __room - __at - __step < sizeof(struct cmsghdr))
    return (struct cmsghdr *) 0;
  return (struct cmsghdr *) ((const unsigned char *) __cmsg + __step);
}
#define CMSG_NXTHDR(mhdr, cmsg) __p3_cmsg_nxthdr((mhdr), (cmsg))

int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int sv[2]);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len);
int accept4(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len, int flags);
int shutdown(int fd, int how);
int getsockname(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len);
int getpeername(int fd, struct sockaddr *__restrict addr, socklen_t *__restrict len);
ssize_t send(int fd, const void *buf, size_t len, int flags);
ssize_t recv(int fd, void *buf, size_t len, int flags);
ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *addr,
               socklen_t alen);
ssize_t recvfrom(int fd, void *__restrict buf, size_t len, int flags,
                 struct sockaddr *__restrict addr, socklen_t *__restrict alen);
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t recvmsg(int fd, struct msghdr *msg, int flags);
int sendmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags);
struct timespec;
int recvmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags,
             struct timespec *timeout);
int getsockopt(int fd, int level, int name, void *__restrict val, socklen_t *__restrict len);
int setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int sockatmark(int fd);

#ifdef __cplusplus
}
#endif
#endif
