#include "host/quarantine.h"

#include <stdlib.h>
#include <string.h>

#include "host/host.h"

/* A value a written discriminant never has. */
#define UNWRITTEN 0xA5

struct held {
  struct held *next;
  void *block;
  unsigned char *tag;
  void (*release)(void *block);
};

static struct held *list;
static unsigned count;

int p3_host_writes_after_cancel(void) {
  static int known = -1;
  if (known < 0) {
    const char *h = getenv("P3NET_HOST");
    known = h && !strcmp(h, "jco");
  }
  return known;
}

/* Frees every held block the host has written into since. Run at each new
 * quarantine, so the list stays as long as the writes still owed. */
static void sweep(void) {
  for (struct held **p = &list; *p;) {
    struct held *h = *p;
    if (*h->tag == UNWRITTEN) {
      p = &h->next;
      continue;
    }
    *p = h->next;
    h->release(h->block);
    free(h);
    count--;
  }
}

int p3_quarantine(void *block, unsigned char *tag, void (*release)(void *block)) {
  if (!p3_host_writes_after_cancel())
    return 0;
  sweep();
  *tag = UNWRITTEN;
  struct held *h = malloc(sizeof *h);
  if (!h)
    return 1; /* the block stays allocated for good: never freed too early */
  p3_stats.allocs++;
  *h = (struct held) {list, block, tag, release};
  list = h;
  count++;
  return 1;
}

unsigned p3_quarantine_count(void) {
  return count;
}
