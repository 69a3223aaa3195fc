/* The static library of the toolchain check: one call into p3net. */
#include <netdb.h>
#include <stdio.h>

int greet(char *out, int size) {
  struct servent *s = getservbyname("domain", "udp");
  return snprintf(out, (size_t) size, "domain/udp is port %d",
                  s ? ((s->s_port & 0xff) << 8) | ((s->s_port >> 8) & 0xff) : -1);
}
