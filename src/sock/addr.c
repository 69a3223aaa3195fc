/* sockaddr_in/sockaddr_in6 <-> wasi:sockets ip-socket-address. WASI keeps
 * ports and IPv6 groups as host-order numbers, the sockaddrs in network
 * byte order. */
#include <errno.h>
#include <string.h>

#include "sock/sock.h"

int p3_addr_to_wasi(const struct sockaddr *sa, socklen_t len, int family, p3_ipaddr *out) {
  if (!sa) {
    errno = EFAULT;
    return -1;
  }
  if (len < sizeof(sa_family_t)) {
    errno = EINVAL;
    return -1;
  }
  if (sa->sa_family != family) {
    errno = EAFNOSUPPORT;
    return -1;
  }
  if (family == AF_INET) {
    if (len < sizeof(struct sockaddr_in)) {
      errno = EINVAL;
      return -1;
    }
    const struct sockaddr_in *in = (const struct sockaddr_in *) sa;
    const uint8_t *b = (const uint8_t *) &in->sin_addr.s_addr;
    out->tag = WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4;
    out->val.ipv4.port = ntohs(in->sin_port);
    out->val.ipv4.address = (wasi_sockets_types_ipv4_address_t) {b[0], b[1], b[2], b[3]};
    return 0;
  }
  if (len < sizeof(struct sockaddr_in6)) {
    errno = EINVAL;
    return -1;
  }
  const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) sa;
  const uint8_t *b = in6->sin6_addr.s6_addr;
  uint16_t g[8];
  for (int i = 0; i < 8; i++)
    g[i] = (uint16_t) (b[2 * i] << 8 | b[2 * i + 1]);
  out->tag = WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV6;
  out->val.ipv6.port = ntohs(in6->sin6_port);
  out->val.ipv6.flow_info = ntohl(in6->sin6_flowinfo);
  out->val.ipv6.address =
      (wasi_sockets_types_ipv6_address_t) {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]};
  out->val.ipv6.scope_id = in6->sin6_scope_id;
  return 0;
}

void p3_addr_from_wasi(const p3_ipaddr *in, struct sockaddr *sa, socklen_t *len) {
  struct sockaddr_storage ss;
  socklen_t full;
  memset(&ss, 0, sizeof ss);
  if (in->tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4) {
    struct sockaddr_in *a = (struct sockaddr_in *) &ss;
    const wasi_sockets_types_ipv4_address_t *v = &in->val.ipv4.address;
    a->sin_family = AF_INET;
    a->sin_port = htons(in->val.ipv4.port);
    uint8_t *b = (uint8_t *) &a->sin_addr.s_addr;
    b[0] = v->f0, b[1] = v->f1, b[2] = v->f2, b[3] = v->f3;
    full = sizeof *a;
  } else {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *) &ss;
    const wasi_sockets_types_ipv6_address_t *v = &in->val.ipv6.address;
    uint16_t g[8] = {v->f0, v->f1, v->f2, v->f3, v->f4, v->f5, v->f6, v->f7};
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(in->val.ipv6.port);
    a->sin6_flowinfo = htonl(in->val.ipv6.flow_info);
    for (int i = 0; i < 8; i++) {
      a->sin6_addr.s6_addr[2 * i] = (uint8_t) (g[i] >> 8);
      a->sin6_addr.s6_addr[2 * i + 1] = (uint8_t) g[i];
    }
    a->sin6_scope_id = in->val.ipv6.scope_id;
    full = sizeof *a;
  }
  if (sa && len)
    memcpy(sa, &ss, *len < full ? *len : full);
  if (len)
    *len = full;
}

int p3_addr_equal(const p3_ipaddr *a, const p3_ipaddr *b) {
  if (a->tag != b->tag)
    return 0;
  if (a->tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4)
    return a->val.ipv4.port == b->val.ipv4.port &&
           !memcmp(&a->val.ipv4.address, &b->val.ipv4.address, sizeof a->val.ipv4.address);
  return a->val.ipv6.port == b->val.ipv6.port &&
         !memcmp(&a->val.ipv6.address, &b->val.ipv6.address, sizeof a->val.ipv6.address);
}

int p3_addr_no_route(const p3_ipaddr *a) {
  if (a->tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4) {
    const wasi_sockets_types_ipv4_address_t *v = &a->val.ipv4.address;
    int all_ones = v->f1 == 255 && v->f2 == 255 && v->f3 == 255;
    return (v->f0 >= 224 && v->f0 <= 239) || (v->f0 == 255 && all_ones) ||
           (v->f0 == 127 && all_ones);
  }
  return a->val.ipv6.address.f0 >> 8 == 0xff;
}

uint8_t p3_wasi_family(int domain) {
  return domain == AF_INET ? WASI_SOCKETS_TYPES_IP_ADDRESS_FAMILY_IPV4
                           : WASI_SOCKETS_TYPES_IP_ADDRESS_FAMILY_IPV6;
}

void p3_addr_any(int family, p3_ipaddr *out) {
  memset(out, 0, sizeof *out);
  out->tag = family == AF_INET ? WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4
                               : WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV6;
}

int p3_addrlen_check(struct sockaddr *addr, socklen_t *len) {
  if (!len || (!addr && *len)) {
    errno = EFAULT;
    return -1;
  }
  if ((int) *len < 0) {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

int p3_sockaddr_in(int family, const struct sockaddr *sa, socklen_t len, int use, p3_ipaddr *out) {
  /* Linux's order: the length as a whole, then the pointer, then the length
   * the family needs (an IPv6 socket takes the 24-byte RFC 2133 form), then
   * the family. */
  if ((int) len < 0 || len > sizeof(struct sockaddr_storage)) {
    errno = EINVAL;
    return -1;
  }
  if (len && !sa) {
    errno = EFAULT;
    return -1;
  }
  if (len < (family == AF_INET ? sizeof(struct sockaddr_in) : 24)) {
    errno = EINVAL;
    return -1;
  }
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  memcpy(&ss, sa, len);
  /* IPv4 accepts AF_UNSPEC as AF_INET for sending, and for binding only to
   * the wildcard address (Linux's compatibility rules). */
  if (family == AF_INET && ss.ss_family == AF_UNSPEC &&
      (use == P3_ADDR_SEND ||
       (use == P3_ADDR_BIND && ((struct sockaddr_in *) &ss)->sin_addr.s_addr == INADDR_ANY)))
    ss.ss_family = AF_INET;
  return p3_addr_to_wasi((struct sockaddr *) &ss, sizeof ss, family, out);
}
