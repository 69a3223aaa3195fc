#ifndef P3_HOST_BUF_H
#define P3_HOST_BUF_H
#include <stddef.h>
/* Hands back a block the host allocated through cabi_realloc for a list of
 * len bytes, for the next host allocation to reuse. */
void p3_buf_recycle(void *ptr, size_t len);
#endif
