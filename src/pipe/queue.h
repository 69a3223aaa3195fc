/* The byte queue under pipes and socketpairs: a list of 4 KiB pages, each
 * holding one run of bytes, the way Linux keeps a pipe's buffer. Pages a
 * reader empties are kept for the next writer, so a steady flow allocates
 * nothing. The queue never blocks and knows no limits: its users decide
 * how much it may hold. */
#ifndef P3_PIPE_QUEUE_H
#define P3_PIPE_QUEUE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "sock/sock.h" /* p3_iov_total */

#define P3_PAGE 4096

struct p3_page {
  struct p3_page *next;
  uint32_t off, len; /* the bytes held: data[off .. off+len) */
  uint8_t data[P3_PAGE];
};

struct p3_queue {
  struct p3_page *head, *tail;
  struct p3_page *spare; /* emptied pages, kept for reuse */
  size_t pages;          /* pages holding bytes */
  size_t bytes;
};

/* A position in a caller's iovec array; copies advance it. */
struct p3_iovcur {
  const struct iovec *iov;
  int cnt;
  size_t off; /* into iov[0] */
};

/* Room after the last page's bytes: what a merging write may add there
 * (0 for an empty queue). */
size_t p3_queue_tail_room(const struct p3_queue *q);
/* Copies n bytes from c after the last page's bytes (n <= tail room). */
void p3_queue_merge(struct p3_queue *q, struct p3_iovcur *c, size_t n);
/* Copies n <= P3_PAGE bytes from c into a page of their own; -1 (ENOMEM)
 * if no page can be had. */
int p3_queue_push(struct p3_queue *q, struct p3_iovcur *c, size_t n);
/* Makes sure that n more bytes can be appended without an allocation
 * failing: pages beyond the tail room are taken now, as spares. -1
 * (ENOMEM) if they cannot be had. */
int p3_queue_reserve(struct p3_queue *q, size_t n);
/* Appends n bytes from c, filling the last page first (after
 * p3_queue_reserve(q, n), so it cannot fail). */
void p3_queue_append(struct p3_queue *q, struct p3_iovcur *c, size_t n);
/* Copies up to n bytes from the front into c (discarded if c is NULL) and
 * returns how many; they leave the queue unless peek. */
size_t p3_queue_take(struct p3_queue *q, struct p3_iovcur *c, size_t n, int peek);
/* Copies n bytes at byte offset at from the front, leaving the queue as
 * it is (at + n <= bytes). */
void p3_queue_peek_at(const struct p3_queue *q, size_t at, void *out, size_t n);
/* Frees every page. */
void p3_queue_free(struct p3_queue *q);

#endif
