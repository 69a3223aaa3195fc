#include "pipe/queue.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"

/* Copies n bytes between c's buffers and p: into them (to_iov) or out. */
static void iov_copy(struct p3_iovcur *c, uint8_t *p, size_t n, int to_iov) {
  while (n) {
    size_t left = c->iov->iov_len - c->off;
    if (!left) {
      c->iov++;
      c->cnt--;
      c->off = 0;
      continue;
    }
    size_t k = left < n ? left : n;
    uint8_t *base = (uint8_t *) c->iov->iov_base + c->off;
    if (to_iov)
      memcpy(base, p, k);
    else
      memcpy(p, base, k);
    c->off += k;
    p += k;
    n -= k;
  }
}

size_t p3_queue_tail_room(const struct p3_queue *q) {
  return q->tail ? P3_PAGE - q->tail->off - q->tail->len : 0;
}

void p3_queue_merge(struct p3_queue *q, struct p3_iovcur *c, size_t n) {
  struct p3_page *t = q->tail;
  iov_copy(c, t->data + t->off + t->len, n, 0);
  t->len += (uint32_t) n;
  q->bytes += n;
}

int p3_queue_push(struct p3_queue *q, struct p3_iovcur *c, size_t n) {
  struct p3_page *p = q->spare;
  if (p) {
    q->spare = p->next;
  } else {
    p = malloc(sizeof *p);
    if (!p) {
      errno = ENOMEM;
      return -1;
    }
    p3_stats.allocs++;
  }
  p->next = NULL;
  p->off = 0;
  p->len = (uint32_t) n;
  iov_copy(c, p->data, n, 0);
  if (q->tail)
    q->tail->next = p;
  else
    q->head = p;
  q->tail = p;
  q->pages++;
  q->bytes += n;
  return 0;
}

int p3_queue_reserve(struct p3_queue *q, size_t n) {
  size_t room = p3_queue_tail_room(q);
  size_t need = n > room ? (n - room + P3_PAGE - 1) / P3_PAGE : 0;
  size_t have = 0;
  for (struct p3_page *p = q->spare; p && have < need; p = p->next)
    have++;
  for (; have < need; have++) {
    struct p3_page *p = malloc(sizeof *p);
    if (!p) {
      errno = ENOMEM;
      return -1;
    }
    p3_stats.allocs++;
    p->next = q->spare;
    q->spare = p;
  }
  return 0;
}

void p3_queue_append(struct p3_queue *q, struct p3_iovcur *c, size_t n) {
  size_t room = p3_queue_tail_room(q);
  size_t k = room < n ? room : n;
  if (k)
    p3_queue_merge(q, c, k);
  for (n -= k; n; n -= k) {
    k = n < P3_PAGE ? n : P3_PAGE;
    p3_queue_push(q, c, k); /* a reserved spare page: cannot fail */
  }
}

size_t p3_queue_take(struct p3_queue *q, struct p3_iovcur *c, size_t n, int peek) {
  size_t done = 0;
  struct p3_page *p = q->head;
  while (p && done < n) {
    size_t k = p->len < n - done ? p->len : n - done;
    if (c)
      iov_copy(c, p->data + p->off, k, 1);
    done += k;
    if (peek) {
      p = p->next;
      continue;
    }
    p->off += (uint32_t) k;
    p->len -= (uint32_t) k;
    q->bytes -= k;
    if (p->len)
      break;
    /* An emptied page goes to the spares, as Linux releases a buffer. */
    q->head = p->next;
    if (!q->head)
      q->tail = NULL;
    q->pages--;
    p->next = q->spare;
    q->spare = p;
    p = q->head;
  }
  return done;
}

void p3_queue_peek_at(const struct p3_queue *q, size_t at, void *out, size_t n) {
  uint8_t *o = out;
  for (const struct p3_page *p = q->head; p && n; p = p->next) {
    if (at >= p->len) {
      at -= p->len;
      continue;
    }
    size_t k = p->len - at < n ? p->len - at : n;
    memcpy(o, p->data + p->off + at, k);
    o += k;
    n -= k;
    at = 0;
  }
}

void p3_queue_free(struct p3_queue *q) {
  struct p3_page *lists[2] = {q->head, q->spare};
  for (int i = 0; i < 2; i++)
    while (lists[i]) {
      struct p3_page *next = lists[i]->next;
      free(lists[i]);
      lists[i] = next;
    }
  *q = (struct p3_queue) {0};
}
