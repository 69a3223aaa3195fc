/* freeaddrinfo: every entry getaddrinfo returns is one allocation holding
 * its address and canonical name, so the chain is freed entry by entry.
 * A NULL list is accepted, as glibc accepts it. */
#include <netdb.h>
#include <stdlib.h>

void freeaddrinfo(struct addrinfo *res) {
  while (res) {
    struct addrinfo *next = res->ai_next;
    free(res);
    res = next;
  }
}
