/* getifaddrs and freeifaddrs over the interface model (iface.h): for each
 * interface an AF_INET entry, then an AF_INET6 one, with address and
 * netmask (Linux also lists an AF_PACKET entry per interface first; p3net
 * has no packet sockets and leaves it out). The whole list is one
 * allocation, freed by freeifaddrs. */
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "net/iface.h"
#include "net/net.h"

struct entry {
  struct ifaddrs ifa;
  union p3_sa addr, mask;
  char name[IF_NAMESIZE];
};

int getifaddrs(struct ifaddrs **out) {
  size_t n = 2 * p3_nifaces;
  struct entry *e = calloc(n, sizeof *e);
  if (!e) {
    errno = ENOMEM;
    return -1;
  }
  p3_stats.allocs++;
  for (size_t k = 0; k < n; k++) {
    const struct p3_iface *i = &p3_ifaces[k / 2];
    struct entry *x = &e[k];
    strncpy(x->name, i->name, IF_NAMESIZE - 1);
    if (k % 2 == 0) {
      x->addr.in.sin_family = x->mask.in.sin_family = AF_INET;
      memcpy(&x->addr.in.sin_addr, i->addr4, 4);
      memcpy(&x->mask.in.sin_addr, i->mask4, 4);
    } else {
      x->addr.in6.sin6_family = x->mask.in6.sin6_family = AF_INET6;
      memcpy(&x->addr.in6.sin6_addr, i->addr6, 16);
      memcpy(&x->mask.in6.sin6_addr, i->mask6, 16);
    }
    x->ifa = (struct ifaddrs) {
        .ifa_next = k + 1 < n ? &e[k + 1].ifa : NULL,
        .ifa_name = x->name,
        .ifa_flags = i->flags,
        .ifa_addr = &x->addr.sa,
        .ifa_netmask = &x->mask.sa,
    };
  }
  *out = &e[0].ifa;
  return 0;
}

void freeifaddrs(struct ifaddrs *list) {
  free(list); /* the first entry starts the one allocation */
}
