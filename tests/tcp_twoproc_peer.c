/* This program is the TCP client; the server is the same build on the
 * same target (P3NET-PEER-TARGET: same): on Wasmtime and on jco both ends
 * are components, natively both native. See tcp_twoproc.h. */
// P3NET-PEER: server
// P3NET-PEER-TARGET: same
// P3NET-TIMEOUT: 240
#include "check.h"
#include "tcp_twoproc.h"

int main(int argc, char **argv) {
  return twoproc_main(argc, argv, 0);
}
