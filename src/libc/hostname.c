/* gethostname. wasip3 tells a component nothing about the machine it runs
 * on, so its host name is fixed: "localhost", the one name every host
 * resolves to itself. Too small a buffer is ENAMETOOLONG, as with glibc. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#define P3_HOSTNAME "localhost"

int gethostname(char *name, size_t len) {
  if (len < sizeof P3_HOSTNAME) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(name, P3_HOSTNAME, sizeof P3_HOSTNAME);
  return 0;
}
