/* The interface list a component sees (see iface.h for why it is only
 * "lo"). Values are the ones Linux gives its loopback. */
#include <net/if.h>
#include <string.h>

#include "net/iface.h"

/* Linux values glibc's <net/if.h> does not name (own names, so that they
 * never clash with a libc header that does). */
#define P3_ARPHRD_LOOPBACK 772
#define P3_IFF_LOWER_UP 0x10000

const struct p3_iface p3_ifaces[] = {
    {
        .index = 1,
        .name = "lo",
        .flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | P3_IFF_LOWER_UP,
        .mtu = 65536,
        .txqlen = 1000,
        .hwtype = P3_ARPHRD_LOOPBACK,
        .addr4 = {127, 0, 0, 1},
        .mask4 = {255, 0, 0, 0},
        .addr6 = {[15] = 1},
        .mask6 = {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255},
    },
};
const size_t p3_nifaces = sizeof p3_ifaces / sizeof *p3_ifaces;

const struct p3_iface *p3_iface_by_name(const char *name) {
  for (size_t i = 0; i < p3_nifaces; i++)
    if (!strcmp(p3_ifaces[i].name, name))
      return &p3_ifaces[i];
  return NULL;
}

const struct p3_iface *p3_iface_by_index(unsigned index) {
  for (size_t i = 0; i < p3_nifaces; i++)
    if (p3_ifaces[i].index == index)
      return &p3_ifaces[i];
  return NULL;
}
