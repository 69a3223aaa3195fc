/* This program is the TCP client; the server is a native process (the
 * test's native build, run by the harness as the peer). See
 * tcp_twoproc.h. */
// P3NET-PEER: server
// P3NET-TIMEOUT: 120
#include "check.h"
#include "tcp_twoproc.h"

int main(int argc, char **argv) {
  return twoproc_main(argc, argv, 0);
}
