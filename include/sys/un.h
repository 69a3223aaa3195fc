/* p3net <sys/un.h>: Linux's layout (the sysroot's sockaddr_un has no
 * sun_path). A component has AF_UNIX only as socketpair; see the README. */
#ifndef _SYS_UN_H
#define _SYS_UN_H

#include <stddef.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

#define __wasilibc___struct_sockaddr_un_h
struct sockaddr_un {
  sa_family_t sun_family;
  char sun_path[108];
};

#define SUN_LEN(s) (offsetof(struct sockaddr_un, sun_path) + __builtin_strlen((s)->sun_path))

#ifdef __cplusplus
}
#endif
#endif
