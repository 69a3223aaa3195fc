/* getprotobyname and getprotobynumber (and their _r forms). A component
 * has no /etc/protocols, so the IP protocol numbers programs name are
 * built in: IANA's assignments, with the names and the one alias each
 * that Linux's /etc/protocols gives them (in its order, so number 0 is
 * "ip"). Names match exactly, as glibc matches them. */
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "net/entbuf.h"

static const struct protocol {
  const char *name, *alias;
  unsigned char number;
} protocols[] = {
    {"ip", "IP", 0},
    {"hopopt", "HOPOPT", 0},
    {"icmp", "ICMP", 1},
    {"igmp", "IGMP", 2},
    {"ipencap", "IP-ENCAP", 4},
    {"tcp", "TCP", 6},
    {"egp", "EGP", 8},
    {"pup", "PUP", 12},
    {"udp", "UDP", 17},
    {"dccp", "DCCP", 33},
    {"ipv6", "IPv6", 41},
    {"ipv6-route", "IPv6-Route", 43},
    {"ipv6-frag", "IPv6-Frag", 44},
    {"rsvp", "RSVP", 46},
    {"gre", "GRE", 47},
    {"esp", "IPSEC-ESP", 50},
    {"ah", "IPSEC-AH", 51},
    {"ipv6-icmp", "IPv6-ICMP", 58},
    {"ipv6-nonxt", "IPv6-NoNxt", 59},
    {"ipv6-opts", "IPv6-Opts", 60},
    {"ospf", "OSPFIGP", 89},
    {"ipip", "IPIP", 94},
    {"pim", "PIM", 103},
    {"vrrp", "VRRP", 112},
    {"l2tp", "L2TP", 115},
    {"sctp", "SCTP", 132},
    {"udplite", "UDPLite", 136},
    {"mpls-in-ip", "MPLS-in-IP", 137},
};
#define NPROTOCOLS (sizeof protocols / sizeof *protocols)

static int fill(const struct protocol *p, struct protoent *ret, char *buf, size_t buflen,
                struct protoent **result) {
  struct p3_entbuf b = {buf, buflen};
  char **aliases = p3_entbuf_take(&b, 2 * sizeof(char *));
  char *name = aliases ? p3_entbuf_str(&b, p->name) : NULL;
  char *alias = name ? p3_entbuf_str(&b, p->alias) : NULL;
  if (!alias) {
    errno = ERANGE;
    return ERANGE;
  }
  aliases[0] = alias;
  aliases[1] = NULL;
  *ret = (struct protoent) {name, aliases, p->number};
  *result = ret;
  return 0;
}

int getprotobyname_r(const char *restrict name, struct protoent *restrict ret, char *restrict buf,
                     size_t buflen, struct protoent **restrict result) {
  *result = NULL;
  for (size_t i = 0; i < NPROTOCOLS; i++)
    if (!strcmp(protocols[i].name, name) || !strcmp(protocols[i].alias, name))
      return fill(&protocols[i], ret, buf, buflen, result);
  return 0;
}

int getprotobynumber_r(int proto, struct protoent *restrict ret, char *restrict buf, size_t buflen,
                       struct protoent **restrict result) {
  *result = NULL;
  for (size_t i = 0; i < NPROTOCOLS; i++)
    if (protocols[i].number == proto)
      return fill(&protocols[i], ret, buf, buflen, result);
  return 0;
}

static struct protoent static_proto;
static char static_buf[64]; /* the longest entry and its alias fit */

struct protoent *getprotobyname(const char *name) {
  struct protoent *r;
  getprotobyname_r(name, &static_proto, static_buf, sizeof static_buf, &r);
  return r;
}

struct protoent *getprotobynumber(int proto) {
  struct protoent *r;
  getprotobynumber_r(proto, &static_proto, static_buf, sizeof static_buf, &r);
  return r;
}
