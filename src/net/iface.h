/* p3net's interface model: what a component can know of the network
 * interfaces of the machine it runs on. wasi:sockets names no interfaces
 * and gives no addresses of its own, so p3net cannot see the machine's
 * real list. It reports exactly one interface, the loopback "lo" (index 1,
 * 127.0.0.1/8 and ::1/128, MTU 65536, up and running), because that is the
 * one every host has and p3net's sockets can reach (p3run grants loopback
 * access). The machine's other interfaces exist but are invisible; a
 * program that picks an interface by listing them finds only "lo". */
#ifndef P3_NET_IFACE_H
#define P3_NET_IFACE_H

#include <stddef.h>
#include <stdint.h>

struct p3_iface {
  unsigned index;
  const char *name;
  unsigned flags; /* IFF_* (getifaddrs also shows IFF_LOWER_UP) */
  int mtu;
  int txqlen;
  unsigned short hwtype; /* ARPHRD_* of SIOCGIFHWADDR */
  uint8_t addr4[4], mask4[4];
  uint8_t addr6[16], mask6[16];
};

extern const struct p3_iface p3_ifaces[];
extern const size_t p3_nifaces;

/* The interface with this name (exact, at most IF_NAMESIZE - 1 bytes) or
 * index, or NULL. */
const struct p3_iface *p3_iface_by_name(const char *name);
const struct p3_iface *p3_iface_by_index(unsigned index);

struct p3_file;
/* The interface requests (SIOCGIF*, SIOCSIF*) of ioctl on a socket. */
int p3_if_ioctl(struct p3_file *f, int request, void *arg);

#endif
