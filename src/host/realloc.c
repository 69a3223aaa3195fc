/* cabi_realloc: how the host obtains guest memory for what it returns (a
 * received datagram's list<u8>, argument strings, random bytes). Blocks
 * stay ordinary malloc blocks, so free() is always right for them; the
 * datagram path hands its blocks back with p3_buf_recycle instead, and the
 * next host allocation that fits reuses one: no malloc per datagram once
 * the cache is warm. */
#include <malloc.h>
#include <stdlib.h>

#include "host/buf.h"
#include "host/host.h"

#define CACHE_SLOTS 8

static struct {
  void *ptr;
  size_t cap;
} cache[CACHE_SLOTS];
static int ncached;

static void *take_cached(size_t size) {
  int best = -1;
  for (int i = 0; i < ncached; i++)
    if (cache[i].cap >= size && (best < 0 || cache[i].cap < cache[best].cap))
      best = i;
  if (best < 0)
    return NULL;
  void *p = cache[best].ptr;
  cache[best] = cache[--ncached];
  return p;
}

void p3_buf_recycle(void *ptr, size_t len) {
  if (!ptr || !len)
    return; /* empty lists carry no block (see cabi_realloc) */
  size_t cap = malloc_usable_size(ptr);
  if (ncached == CACHE_SLOTS) {
    int smallest = 0;
    for (int i = 1; i < ncached; i++)
      if (cache[i].cap < cache[smallest].cap)
        smallest = i;
    if (cache[smallest].cap >= cap) {
      free(ptr);
      return;
    }
    free(cache[smallest].ptr);
    cache[smallest] = cache[--ncached];
  }
  cache[ncached].ptr = ptr;
  cache[ncached].cap = cap;
  ncached++;
}

__attribute__((__export_name__("cabi_realloc"))) void *cabi_realloc(void *ptr, size_t old_size,
                                                                    size_t align, size_t new_size) {
  (void) old_size;
  if (new_size == 0)
    return (void *) align; /* any aligned non-null address; never freed */
  void *ret = ptr || align > 16 ? NULL : take_cached(new_size);
  if (!ret) {
    p3_stats.allocs++;
    ret = align > 16 ? aligned_alloc(align, (new_size + align - 1) / align * align)
                     : realloc(ptr, new_size);
  }
  if (!ret)
    abort(); /* the canonical ABI has no way to report failure here */
  return ret;
}
