/* The host boundary: generated WASI bindings plus the counters that make
 * every host call visible. Every call into the host goes through HOST(),
 * so p3net_stats.host_calls is an exact count. */
#ifndef P3_HOST_H
#define P3_HOST_H

#include <p3net.h>

#include "bindings/command.h"

extern struct p3net_stats p3_stats;

#define HOST(call) (p3_stats.host_calls++, (call))

#endif
