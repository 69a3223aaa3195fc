/* 200 connect/accept/exchange/close cycles keep nothing: no host handle
 * (Wasmtime runs with a cap of 400 resources, so a leak of one handle per
 * cycle traps) and no memory (wasm pages after a warm-up grow by less
 * than 64 KiB over all cycles). The ends close in turn: the client first
 * in even cycles, the server first in odd ones. */
// P3NET-WASMTIME-FLAGS: -Smax-resources=400
// P3NET-TIMEOUT: 200
#include <stdlib.h>

#include "check.h"
#include "tcp_util.h"

static int cycle(int lst, const struct sockaddr_storage *la, int i) {
  int c, s;
  if (tcp_pair(lst, la, &c, &s) < 0)
    return -1;
  char buf[8];
  int ok = send(c, "ping", 4, 0) == 4 && recv(s, buf, 4, MSG_WAITALL) == 4 &&
           send(s, "pong", 4, 0) == 4 && recv(c, buf, 4, MSG_WAITALL) == 4;
  CHECK(ok);
  int first = i % 2 ? s : c, second = i % 2 ? c : s;
  CHECK_OK(close(first));
  CHECK(recv(second, buf, sizeof buf, 0) == 0);
  CHECK_OK(close(second));
  return ok ? 0 : -1;
}

int main(int argc, char **argv) {
  int cycles = argc > 1 ? atoi(argv[1]) : 200;
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET, &la);
  CHECK(lst >= 0);
  int failed = 0;
  for (int i = 0; i < 10 && !failed; i++) /* warm-up */
    failed = cycle(lst, &la, i) < 0;
#ifdef __wasm__
  size_t before = __builtin_wasm_memory_size(0);
#endif
  for (int i = 0; i < cycles && !failed; i++)
    if (cycle(lst, &la, i) < 0) {
      fprintf(stderr, "cycle %d failed\n", i);
      failed = 1;
    }
  CHECK(!failed);
#ifdef __wasm__
  size_t after = __builtin_wasm_memory_size(0);
  printf("%d cycles: memory %zu -> %zu pages\n", cycles, before, after);
  CHECK((after - before) * 65536 < 65536);
#endif
  close(lst);
  CHECK_DONE();
}
