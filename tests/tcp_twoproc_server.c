/* This program is the TCP server; the client is a native process (the
 * test's native build, run by the harness once this one says its port).
 * See tcp_twoproc.h. */
// P3NET-PEER-AFTER: client
// P3NET-TIMEOUT: 120
#include "check.h"
#include "tcp_twoproc.h"

int main(int argc, char **argv) {
  return twoproc_main(argc, argv, 1);
}
