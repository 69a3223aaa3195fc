/* The SIOCGIF* ioctls of a socket, answered from the interface model
 * (iface.h) as Linux answers them: an unknown name or index is ENODEV,
 * SIOCGIFCONF lists the IPv4 address of each interface (a NULL buffer asks
 * for the size needed), and the SIOCS* requests are EPERM (a component
 * may not configure the machine's interfaces, as a process without
 * CAP_NET_ADMIN may not). */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>

#include "fd/fd.h"
#include "net/iface.h"
#include "net/net.h"
#include "udp/udp.h"

static void put_in(struct sockaddr *sa, const uint8_t a[4]) {
  struct sockaddr_in in;
  memset(&in, 0, sizeof in);
  in.sin_family = AF_INET;
  memcpy(&in.sin_addr, a, 4);
  memcpy(sa, &in, sizeof in);
}

static int ifconf(struct ifconf *c) {
  int need = (int) (p3_nifaces * sizeof(struct ifreq));
  if (!c->ifc_buf) {
    c->ifc_len = need;
    return 0;
  }
  int used = 0;
  for (size_t k = 0; k < p3_nifaces && c->ifc_len - used >= (int) sizeof(struct ifreq); k++) {
    struct ifreq r;
    memset(&r, 0, sizeof r);
    strncpy(r.ifr_name, p3_ifaces[k].name, IFNAMSIZ - 1);
    put_in(&r.ifr_addr, p3_ifaces[k].addr4);
    memcpy(c->ifc_buf + used, &r, sizeof r);
    used += (int) sizeof r;
  }
  c->ifc_len = used;
  return 0;
}

int p3_if_ioctl(struct p3_file *f, int request, void *arg) {
  if (f->ops != &p3_udp_ops && !f->ops->sock) {
    errno = ENOTTY; /* interface requests are socket ioctls */
    return -1;
  }
  if (!arg) {
    errno = EFAULT;
    return -1;
  }
  if (request == SIOCGIFCONF)
    return ifconf(arg);
  struct ifreq *r = arg;
  const struct p3_iface *i;
  if (request == SIOCGIFNAME) {
    if (!(i = p3_iface_by_index((unsigned) r->ifr_ifindex))) {
      errno = ENODEV;
      return -1;
    }
    memset(r->ifr_name, 0, IFNAMSIZ);
    strncpy(r->ifr_name, i->name, IFNAMSIZ - 1);
    return 0;
  }
  char name[IFNAMSIZ];
  memcpy(name, r->ifr_name, IFNAMSIZ);
  name[IFNAMSIZ - 1] = '\0'; /* Linux ends the name at the last byte */
  if (!(i = p3_iface_by_name(name))) {
    errno = ENODEV;
    return -1;
  }
  switch (request) {
  case SIOCGIFFLAGS:
    r->ifr_flags = (short) (i->flags & 0xffff);
    return 0;
  case SIOCGIFINDEX:
    r->ifr_ifindex = (int) i->index;
    return 0;
  case SIOCGIFMTU:
    r->ifr_mtu = i->mtu;
    return 0;
  case SIOCGIFMETRIC:
    r->ifr_metric = 0;
    return 0;
  case SIOCGIFTXQLEN:
    r->ifr_qlen = i->txqlen;
    return 0;
  case SIOCGIFADDR:
  case SIOCGIFDSTADDR:
    put_in(&r->ifr_addr, i->addr4);
    return 0;
  case SIOCGIFNETMASK:
    put_in(&r->ifr_netmask, i->mask4);
    return 0;
  case SIOCGIFBRDADDR: {
    static const uint8_t none[4];
    put_in(&r->ifr_broadaddr, none); /* loopback broadcasts nowhere */
    return 0;
  }
  case SIOCGIFHWADDR:
    memset(&r->ifr_hwaddr, 0, sizeof r->ifr_hwaddr);
    r->ifr_hwaddr.sa_family = i->hwtype;
    return 0;
  default: /* the SIOCS* requests */
    errno = EPERM;
    return -1;
  }
}
