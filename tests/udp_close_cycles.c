/* Opening, binding and closing a socket many times costs nothing that
 * stays: no host handle (every Wasmtime run is capped at 400 resources)
 * and no memory. A bound socket always has a receive in flight, so each
 * close cancels one; its result area must be freed, not kept. Memory is
 * measured in wasm pages after a warm-up; the growth over all cycles must
 * stay under 64 KiB (one page). Every 1,000th socket also gets a datagram
 * first, so closing with a datagram waiting is covered too. */
// P3NET-ARGS: 20000
// P3NET-ARGS(jco): 300
// P3NET-TIMEOUT: 120
#include <stdlib.h>

#include "check.h"
#include "sock_util.h"

static int cycle(int i, int tx) {
  struct sockaddr_in a;
  int s = udp_bound(0, &a);
  if (s < 0)
    return -1;
  if (i % 1000 == 0) {
    CHECK_OK(send_to(tx, &a, "x"));
    CHECK(readable(s));
  }
  return close(s);
}

int main(int argc, char **argv) {
  int cycles = argc > 1 ? atoi(argv[1]) : 20000;
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(tx >= 0);
  int failed = 0;
  for (int i = 0; i < 100 && !failed; i++) /* warm-up: caches reach their size */
    failed = cycle(i, tx) < 0;
#ifdef __wasm__
  size_t before = __builtin_wasm_memory_size(0);
#endif
  for (int i = 0; i < cycles && !failed; i++)
    if (cycle(i, tx) < 0) {
      fprintf(stderr, "cycle %d: %s\n", i, strerror(errno));
      failed = 1;
    }
  CHECK(!failed);
#ifdef __wasm__
  size_t after = __builtin_wasm_memory_size(0);
  printf("%d cycles: memory %zu -> %zu pages\n", cycles, before, after);
  /* On jco p3net keeps each cancelled receive's area until the host's
   * late write (README, "Known host differences"): about 60 bytes per
   * socket closed with its receive pending, which may take the heap over
   * one page boundary in this run (300 cycles: about 18 KiB), never more.
   * Every other host gives it back at once: no page at all. */
  const char *host = getenv("P3NET_HOST");
  size_t allowed = host && !strcmp(host, "jco") ? (size_t) cycles * 64 + 65535 : 65535;
  CHECK((after - before) * 65536 <= allowed);
#endif
  close(tx);
  CHECK_DONE();
}
