#include "host/host.h"

struct p3net_stats p3_stats;

void p3net_stats_get(struct p3net_stats *out) {
  if (out)
    *out = p3_stats;
}
