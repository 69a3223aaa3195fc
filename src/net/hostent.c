/* gethostbyname, gethostbyname2 and gethostbyaddr (and their _r forms), on
 * top of getaddrinfo. As glibc: gethostbyname is IPv4 only; a numeric
 * name of the asked family is its own answer (h_name is the text given),
 * one of the other family is HOST_NOT_FOUND; a name's answer has the name
 * as h_name and no aliases (wasip3 gives no canonical names); a buffer too
 * small is ERANGE with h_errno NETDB_INTERNAL, and "not found" returns 0
 * with *result NULL. gethostbyaddr has nothing to ask: wasip3 has no
 * reverse lookup, so every valid address is HOST_NOT_FOUND (Linux reads
 * /etc/hosts and DNS). */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "net/entbuf.h"
#include "net/net.h"

#define MAX_ADDRS 64 /* more than any resolver answer p3net has seen */

static int h_errno_from_eai(int eai) {
  switch (eai) {
  case EAI_NONAME:
    return HOST_NOT_FOUND;
  case EAI_AGAIN:
    return TRY_AGAIN;
  case EAI_NODATA:
  case EAI_ADDRFAMILY:
    return NO_DATA;
  case EAI_MEMORY:
    errno = ENOMEM;
    return NETDB_INTERNAL;
  case EAI_SYSTEM:
    return NETDB_INTERNAL;
  default:
    return NO_RECOVERY;
  }
}

/* Fills ret from the addresses (n of them, len bytes each) in buf. */
static int fill(const char *name, int af, const unsigned char *addrs, size_t n, size_t len,
                struct hostent *ret, char *buf, size_t buflen, struct hostent **result,
                int *h_errnop) {
  struct p3_entbuf b = {buf, buflen};
  char **aliases = p3_entbuf_take(&b, sizeof(char *));
  char **list = p3_entbuf_take(&b, (n + 1) * sizeof(char *));
  char *bytes = p3_entbuf_take(&b, n * len);
  char *hname = p3_entbuf_str(&b, name);
  if (!aliases || !list || (n && !bytes) || !hname) {
    *h_errnop = NETDB_INTERNAL;
    errno = ERANGE;
    return ERANGE;
  }
  aliases[0] = NULL;
  for (size_t i = 0; i < n; i++) {
    memcpy(bytes + i * len, addrs + i * len, len);
    list[i] = bytes + i * len;
  }
  list[n] = NULL;
  *ret = (struct hostent) {hname, aliases, af, (int) len, list};
  *result = ret;
  *h_errnop = NETDB_SUCCESS;
  return 0;
}

static int not_found(int h, struct hostent **result, int *h_errnop) {
  *result = NULL;
  *h_errnop = h;
  if (h == TRY_AGAIN)
    return EAGAIN;
  if (h == NETDB_INTERNAL)
    return errno;
  return 0;
}

int gethostbyname2_r(const char *restrict name, int af, struct hostent *restrict ret,
                     char *restrict buf, size_t buflen, struct hostent **restrict result,
                     int *restrict h_errnop) {
  *result = NULL;
  if (af != AF_INET && af != AF_INET6) {
    errno = EAFNOSUPPORT;
    *h_errnop = NO_DATA;
    return EAFNOSUPPORT;
  }
  size_t len = af == AF_INET ? 4 : 16;
  unsigned char addrs[MAX_ADDRS * 16];
  /* A numeric name answers itself: IPv4 in inet_aton's forms, as glibc
   * reads it, IPv6 in inet_pton's. One of the other family is not found. */
  uint32_t v4;
  const char *end = p3_aton(name, &v4);
  int is4 = end && !*end, is6 = inet_pton(AF_INET6, name, addrs) == 1;
  if (is4 && af == AF_INET) {
    v4 = htonl(v4);
    memcpy(addrs, &v4, 4);
  }
  if ((is4 && af == AF_INET) || (is6 && af == AF_INET6))
    return fill(name, af, addrs, 1, len, ret, buf, buflen, result, h_errnop);
  if (is4 || is6)
    return not_found(HOST_NOT_FOUND, result, h_errnop);

  struct addrinfo hints = {.ai_family = af, .ai_socktype = SOCK_DGRAM}, *res;
  int eai = getaddrinfo(name, NULL, &hints, &res);
  if (eai)
    return not_found(h_errno_from_eai(eai), result, h_errnop);
  size_t n = 0;
  for (struct addrinfo *ai = res; ai && n < MAX_ADDRS; ai = ai->ai_next) {
    const union p3_sa *sa = (const union p3_sa *) ai->ai_addr;
    if (ai->ai_family != af)
      continue;
    memcpy(addrs + n * len,
           af == AF_INET ? (const void *) &sa->in.sin_addr : (const void *) &sa->in6.sin6_addr,
           len);
    n++;
  }
  freeaddrinfo(res);
  if (!n)
    return not_found(NO_DATA, result, h_errnop);
  return fill(name, af, addrs, n, len, ret, buf, buflen, result, h_errnop);
}

int gethostbyname_r(const char *restrict name, struct hostent *restrict ret, char *restrict buf,
                    size_t buflen, struct hostent **restrict result, int *restrict h_errnop) {
  return gethostbyname2_r(name, AF_INET, ret, buf, buflen, result, h_errnop);
}

int gethostbyaddr_r(const void *restrict addr, socklen_t len, int type,
                    struct hostent *restrict ret, char *restrict buf, size_t buflen,
                    struct hostent **restrict result, int *restrict h_errnop) {
  (void) addr, (void) ret, (void) buf, (void) buflen;
  *result = NULL;
  if (type != AF_INET && type != AF_INET6) {
    errno = EAFNOSUPPORT;
    *h_errnop = NETDB_INTERNAL;
    return EAFNOSUPPORT;
  }
  if (len != (type == AF_INET ? 4u : 16u)) {
    errno = EINVAL;
    *h_errnop = NETDB_INTERNAL;
    return EINVAL;
  }
  return not_found(HOST_NOT_FOUND, result, h_errnop);
}

/* The static answer of the classic calls: one buffer, grown as needed and
 * kept (a resolver answer is small; the first size fits nearly all). */
static struct hostent static_host;
static char *static_buf;
static size_t static_len;

static struct hostent *classic(const char *name, int af, const void *addr, socklen_t len) {
  struct hostent *result = NULL;
  for (;;) {
    if (!static_buf) {
      static_len = 1024;
      if (!(static_buf = malloc(static_len))) {
        errno = ENOMEM;
        h_errno = NETDB_INTERNAL;
        return NULL;
      }
    }
    int r =
        name ? gethostbyname2_r(name, af, &static_host, static_buf, static_len, &result, &h_errno)
             : gethostbyaddr_r(addr, len, af, &static_host, static_buf, static_len, &result,
                               &h_errno);
    if (r != ERANGE || static_len >= (1u << 20))
      return result;
    free(static_buf);
    static_buf = NULL;
    static_len *= 2;
    if (!(static_buf = malloc(static_len))) {
      errno = ENOMEM;
      h_errno = NETDB_INTERNAL;
      return NULL;
    }
  }
}

struct hostent *gethostbyname2(const char *name, int af) {
  return classic(name, af, NULL, 0);
}

struct hostent *gethostbyname(const char *name) {
  return classic(name, AF_INET, NULL, 0);
}

struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type) {
  return classic(NULL, type, addr, len);
}
