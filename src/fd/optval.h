/* Socket option values as Linux copies them in and out. */
#ifndef P3_FD_OPTVAL_H
#define P3_FD_OPTVAL_H

#include <sys/socket.h>
#include <sys/time.h>

/* getsockopt's int: as much of it as *len holds (EFAULT, EINVAL). */
int p3_optval_put_int(void *val, socklen_t *len, int v);
/* getsockopt's timeout: EINVAL if *len is short of a timeval. */
int p3_optval_put_timeval(void *val, socklen_t *len, const struct timeval *tv);
/* setsockopt's int: EINVAL if len is short, EFAULT for NULL. */
int p3_optval_get_int(const void *val, socklen_t len, int *out);
/* setsockopt's timeout, kept as Linux keeps it (EDOM for bad usec). */
int p3_optval_get_timeval(const void *val, socklen_t len, struct timeval *out);

#endif
