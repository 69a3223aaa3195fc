/* getnameinfo. wasip3 has no reverse lookup (ip-name-lookup resolves
 * names to addresses only), so the host is always written as a number,
 * exactly as glibc writes an address that has no name, and NI_NAMEREQD
 * fails with EAI_NONAME. Services come from the built-in table (tcp
 * names, or udp ones with NI_DGRAM). A scope id is written as a number
 * (Linux writes an interface name where one exists). The checks and their
 * order are glibc's: flags, then the address, then each buffer. */
#include <netdb.h>
#include <string.h>

#include "net/net.h"

/* glibc also accepts its deprecated IDN flags (64 and 128). */
#define VALID_FLAGS                                                                                \
  (NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | NI_DGRAM | NI_IDN | 0xc0)

/* Copies text (len bytes) with its NUL if it fits. */
static int put(char *dst, socklen_t size, const char *text, size_t len) {
  if (len >= size)
    return EAI_OVERFLOW;
  memcpy(dst, text, len + 1);
  return 0;
}

int getnameinfo(const struct sockaddr *restrict sa, socklen_t salen, char *restrict host,
                socklen_t hostlen, char *restrict serv, socklen_t servlen, int flags) {
  if (flags & ~VALID_FLAGS)
    return EAI_BADFLAGS;
  if (!sa || salen < sizeof(sa_family_t))
    return EAI_FAMILY;
  const union p3_sa *a = (const union p3_sa *) sa;
  unsigned port;
  if (sa->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in))
    port = ntohs(a->in.sin_port);
  else if (sa->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6))
    port = ntohs(a->in6.sin6_port);
  else
    return EAI_FAMILY;

  if (host && hostlen) {
    if (flags & NI_NAMEREQD)
      return EAI_NONAME;
    char text[INET6_ADDRSTRLEN + 11]; /* address, '%' and a 32-bit scope */
    size_t len;
    if (sa->sa_family == AF_INET) {
      len = p3_ntop4((const uint8_t *) &a->in.sin_addr, text);
    } else {
      len = p3_ntop6(a->in6.sin6_addr.s6_addr, text);
      if (a->in6.sin6_scope_id) {
        text[len++] = '%';
        len += p3_utoa(a->in6.sin6_scope_id, text + len);
        text[len] = '\0';
      }
    }
    int r = put(host, hostlen, text, len);
    if (r)
      return r;
  }

  if (serv && servlen) {
    const char *name = (flags & NI_NUMERICSERV)
                           ? NULL
                           : p3_service_name(port, (flags & NI_DGRAM) ? P3_SVC_UDP : P3_SVC_TCP);
    char num[6];
    size_t len;
    if (name) {
      len = strlen(name);
    } else {
      len = p3_utoa(port, num);
      num[len] = '\0';
      name = num;
    }
    return put(serv, servlen, name, len);
  }
  return 0;
}
