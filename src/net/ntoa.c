/* inet_ntoa: dotted quad in a static buffer, which each call overwrites
 * (as POSIX allows; the call is not thread-safe anywhere). */
#include <arpa/inet.h>

#include "net/net.h"

char *inet_ntoa(struct in_addr in) {
  static char buf[INET_ADDRSTRLEN];
  p3_ntop4((const uint8_t *) &in.s_addr, buf);
  return buf;
}
