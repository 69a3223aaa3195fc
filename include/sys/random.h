/* p3net <sys/random.h>: getrandom (the sysroot has only getentropy) with
 * Linux's flags, on wasi:random like getentropy. */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM 0x0002
#define GRND_INSECURE 0x0004

ssize_t getrandom(void *buf, size_t len, unsigned flags);
int getentropy(void *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
