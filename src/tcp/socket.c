/* TCP arrives in the next commit (issue 11, step 2). */
#include <errno.h>

#include "sock/sock.h"

int p3_tcp_open(int domain, int type, int protocol) {
  (void) domain;
  (void) type;
  (void) protocol;
  errno = EPROTONOSUPPORT;
  return -1;
}
