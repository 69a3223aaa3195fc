/* TCP's memory that comes and goes with each connection -- the socket
 * object, its receive buffer and send ring, and the result areas of its
 * connect and futures -- is handed back here when a socket lets go of it
 * and reused by the next one of the same size, so a program that opens
 * and closes connections in a loop calls malloc only while the pool
 * warms. Sizes match exactly (a receive buffer is never served as a send
 * ring of another size), and only memory no host operation can still
 * write comes back: a quarantined area (host/quarantine.h) is freed by
 * the quarantine, never pooled. */
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "tcp/tcp.h"

/* One connect+accept pair holds two sockets, two receive buffers, two
 * send rings and an operation or two at once: enough slots to recycle
 * all of it, and few enough that idle memory stays bounded. */
#define POOL_SLOTS 8

static struct {
  void *ptr;
  size_t size;
} pool[POOL_SLOTS];
static int npooled;

void *p3_tcp_mem_take(size_t size, int zero) {
  for (int i = npooled - 1; i >= 0; i--) {
    if (pool[i].size != size)
      continue;
    void *p = pool[i].ptr;
    pool[i] = pool[--npooled];
    if (zero)
      memset(p, 0, size);
    return p;
  }
  void *p = zero ? calloc(1, size) : malloc(size);
  if (p)
    p3_stats.allocs++;
  return p;
}

void p3_tcp_mem_give(void *p, size_t size) {
  if (!p)
    return;
  if (npooled == POOL_SLOTS) {
    /* Full: one goes back to malloc, so the pool stays bounded. */
    free(pool[0].ptr);
    pool[0] = pool[--npooled];
  }
  pool[npooled].ptr = p;
  pool[npooled].size = size;
  npooled++;
}
