/* The IP-level UDP options wasi:sockets gives no way to carry out:
 * multicast (no group membership, interface choice, TTL or loop control),
 * per-datagram ancillary data (no packet info, TTL or traffic class is
 * reported with a received datagram), and the traffic class of sent
 * datagrams. The rule, the same for each (README, "Known host
 * differences"):
 *  - getsockopt reads Linux's default (TTL and loop 1, the rest 0);
 *  - setsockopt to that default (or -1, Linux's "default", where Linux
 *    takes it) succeeds: it asks for nothing the socket does not do;
 *  - any other value fails with EOPNOTSUPP, so a program learns at once
 *    that it will not get what it asked for, and can decide;
 *  - joining a group fails with EOPNOTSUPP after the checks Linux makes
 *    first (a short option is EINVAL, a group that is not multicast
 *    EINVAL); leaving one is EADDRNOTAVAIL, Linux's answer for a group
 *    the socket is not a member of (no socket is a member of any). */
#include <errno.h>
#include <string.h>

#include "sock/sock.h"
#include "udp/udp.h"

enum { NOT_MINE = -2 };

static const struct fixed {
  int level, name, value;
  int minus_one; /* -1 also means the default */
} fixed[] = {
    {IPPROTO_IP, IP_TOS, 0, 0},
    {IPPROTO_IP, IP_PKTINFO, 0, 0},
    {IPPROTO_IP, IP_RECVTTL, 0, 0},
    {IPPROTO_IP, IP_RECVTOS, 0, 0},
    {IPPROTO_IP, IP_MULTICAST_TTL, 1, 1},
    {IPPROTO_IP, IP_MULTICAST_LOOP, 1, 0},
    {IPPROTO_IP, IP_MULTICAST_ALL, 1, 0},
    {IPPROTO_IPV6, IPV6_TCLASS, 0, 1},
    {IPPROTO_IPV6, IPV6_RECVTCLASS, 0, 0},
    {IPPROTO_IPV6, IPV6_RECVPKTINFO, 0, 0},
    {IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 0, 0},
    {IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 1, 1},
    {IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 1, 0},
    {IPPROTO_IPV6, IPV6_MULTICAST_IF, 0, 0},
};
#define NFIXED (sizeof fixed / sizeof *fixed)

static const struct fixed *find(int level, int name) {
  for (size_t i = 0; i < NFIXED; i++)
    if (fixed[i].level == level && fixed[i].name == name)
      return &fixed[i];
  return NULL;
}

/* The option's int: IPv4 options also take one byte (optlen 1 to 3), as
 * Linux reads them. */
static int read_int(int level, const void *val, socklen_t len, int *out) {
  if (!val && len) {
    errno = EFAULT;
    return -1;
  }
  if (level == IPPROTO_IP && len >= 1 && len < sizeof(int)) {
    *out = *(const unsigned char *) val;
    return 0;
  }
  if (len < sizeof(int)) {
    errno = EINVAL;
    return -1;
  }
  memcpy(out, val, sizeof *out);
  return 0;
}

static int is_multicast4(const struct in_addr *a) {
  return IN_MULTICAST(ntohl(a->s_addr));
}

static int join_or_leave(int level, int name, const void *val, socklen_t len) {
  int leave = name == IP_DROP_MEMBERSHIP || name == IP_DROP_SOURCE_MEMBERSHIP ||
              name == IP_UNBLOCK_SOURCE || (level == IPPROTO_IPV6 && name == IPV6_LEAVE_GROUP);
  socklen_t need = level == IPPROTO_IPV6 ? sizeof(struct ipv6_mreq)
                   : name == IP_ADD_MEMBERSHIP || name == IP_DROP_MEMBERSHIP
                       ? sizeof(struct ip_mreq)
                       : sizeof(struct ip_mreq_source);
  if (len < need) {
    errno = EINVAL;
    return -1;
  }
  if (!val) {
    errno = EFAULT;
    return -1;
  }
  int multicast;
  if (level == IPPROTO_IPV6) {
    struct ipv6_mreq m;
    memcpy(&m, val, sizeof m);
    multicast = IN6_IS_ADDR_MULTICAST(&m.ipv6mr_multiaddr);
  } else {
    struct in_addr group;
    memcpy(&group, val, sizeof group); /* imr_multiaddr comes first in each */
    multicast = is_multicast4(&group);
  }
  if (!multicast) {
    errno = EINVAL;
    return -1;
  }
  errno = leave ? EADDRNOTAVAIL : EOPNOTSUPP;
  return -1;
}

static int is_membership(int level, int name) {
  if (level == IPPROTO_IPV6)
    return name == IPV6_JOIN_GROUP || name == IPV6_LEAVE_GROUP;
  return name == IP_ADD_MEMBERSHIP || name == IP_DROP_MEMBERSHIP ||
         name == IP_ADD_SOURCE_MEMBERSHIP || name == IP_DROP_SOURCE_MEMBERSHIP ||
         name == IP_BLOCK_SOURCE || name == IP_UNBLOCK_SOURCE;
}

/* getsockopt of these options: 0 done, -1 with errno, NOT_MINE if the
 * option is not one of them. The level matches the socket's family. */
int p3_udp_ipopt_get(struct p3_udp *s, int level, int name, void *val, socklen_t *len) {
  if (level == IPPROTO_IP && name == IP_MULTICAST_IF) {
    if (!val || !len) {
      errno = EFAULT;
      return -1;
    }
    struct in_addr any = {htonl(INADDR_ANY)};
    socklen_t n = *len < sizeof any ? *len : sizeof any;
    memcpy(val, &any, n);
    *len = n;
    return 0;
  }
  const struct fixed *f = find(level, name);
  if (!f)
    return NOT_MINE;
  if (val && len && (int) *len > 0 && *len < sizeof(int) && level == IPPROTO_IP) {
    /* Linux writes an IPv4 option that fits in a byte as one byte. */
    *(unsigned char *) val = (unsigned char) f->value;
    *len = 1;
    return 0;
  }
  return p3_opt_put_int(val, len, f->value);
}

/* setsockopt of these options, answered as the header says. */
int p3_udp_ipopt_set(struct p3_udp *s, int level, int name, const void *val, socklen_t len) {
  if (is_membership(level, name))
    return join_or_leave(level, name, val, len);
  if (level == IPPROTO_IP && name == IP_MULTICAST_IF) {
    /* An in_addr, an ip_mreq or an ip_mreqn: any interface is the default. */
    unsigned char zero[sizeof(struct ip_mreqn)] = {0};
    if (len < sizeof(struct in_addr)) {
      errno = EINVAL;
      return -1;
    }
    if (!val) {
      errno = EFAULT;
      return -1;
    }
    size_t n = len < sizeof zero ? len : sizeof zero;
    if (memcmp(val, zero, n) == 0)
      return 0;
    errno = EOPNOTSUPP;
    return -1;
  }
  const struct fixed *f = find(level, name);
  if (!f)
    return NOT_MINE;
  int v;
  if (read_int(level, val, len, &v) < 0)
    return -1;
  if (v == f->value || (f->minus_one && v == -1))
    return 0;
  /* A boolean option reads any non-zero value as on. */
  if (f->value == 1 && !f->minus_one && v != 0)
    return 0;
  errno = EOPNOTSUPP;
  return -1;
}
