/* Laying out a hostent, servent or protoent in a caller's buffer (the _r
 * calls): pointer arrays first, aligned, then the strings and addresses
 * they point to. Running out of room is ERANGE for the caller. */
#ifndef P3_NET_ENTBUF_H
#define P3_NET_ENTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct p3_entbuf {
  char *at;
  size_t left;
};

/* n bytes aligned for a pointer, or NULL when they do not fit. */
static inline void *p3_entbuf_take(struct p3_entbuf *b, size_t n) {
  size_t pad = (size_t) (-(uintptr_t) b->at & (sizeof(void *) - 1));
  if (pad > b->left || n > b->left - pad)
    return NULL;
  void *p = b->at + pad;
  b->at += pad + n;
  b->left -= pad + n;
  return p;
}

/* A copy of s in the buffer, or NULL when it does not fit. */
static inline char *p3_entbuf_str(struct p3_entbuf *b, const char *s) {
  size_t n = strlen(s) + 1;
  if (n > b->left)
    return NULL;
  char *p = b->at;
  memcpy(p, s, n);
  b->at += n;
  b->left -= n;
  return p;
}

#endif
