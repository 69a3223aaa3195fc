/* p3net's own extensions: counters of what the library asked of the host.
 * Only p3cc builds have them; portable code guards with #ifdef __wasi__. */
#ifndef _P3NET_H
#define _P3NET_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct p3net_stats {
  uint64_t host_calls; /* every call into the host: imports and built-ins */
  uint64_t waits;      /* waitable-set.wait calls (the guest blocked) */
  uint64_t yields;     /* thread.yield calls */
  uint64_t allocs;     /* buffers p3net had to obtain from malloc */
  uint64_t datagrams_sent;
  uint64_t datagrams_received;
  uint64_t bytes_sent;     /* TCP bytes the host has taken */
  uint64_t bytes_received; /* TCP bytes the host has delivered */
  uint64_t bytes_copied;   /* TCP bytes p3net copied between its buffers and the program's */
};

/* Copies the counters since start into *out. */
void p3net_stats_get(struct p3net_stats *out);

#ifdef __cplusplus
}
#endif
#endif
