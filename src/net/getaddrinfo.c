/* getaddrinfo, answering as glibc does on Linux: the same checks in the
 * same order (so each bad input gets the same EAI_* code), the same
 * entries for a socket type of 0 (stream, datagram and raw for a numeric
 * or no service; only the protocols that know a named one), the same
 * loopback and wildcard order for a NULL host, and IPv4-mapped results
 * for AI_V4MAPPED. Numeric hosts and services never reach the host; names
 * go to wasi:sockets/ip-name-lookup (p3_resolve) and come back in the
 * host's order. What wasip3 cannot know is left out: AI_ADDRCONFIG is
 * accepted and ignored (no interface list), the canonical name of a
 * resolved name is the name itself (no CNAME data), and a "%scope" must
 * be a number (no interface names). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "net/net.h"

/* Linux values of what p3net's headers do not name (own names, so that
 * they never clash with a libc header that does). */
enum {
  P3_SOCK_DCCP = 6,
  P3_IPPROTO_DCCP = 33,
  P3_IPPROTO_SCTP = 132,
  P3_IPPROTO_UDPLITE = 136,
  P3_AI_IDN_OLD_FLAGS = 0x0300, /* glibc's deprecated IDN flags, accepted */
};

#define VALID_FLAGS                                                                                \
  (AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_V4MAPPED | AI_ALL | AI_ADDRCONFIG | AI_IDN |    \
   AI_CANONIDN | P3_AI_IDN_OLD_FLAGS | AI_NUMERICSERV)

/* The socket kinds glibc knows, in its order. DEFAULT kinds are the ones
 * a socket type and protocol of 0 expand to; raw sockets take any
 * protocol and no service. svc says which service names apply. */
enum { DEFAULT = 1, ANYPROTO = 2, NOSERVICE = 4 };
static const struct kind {
  int socktype, protocol, svc, flags;
} kinds[] = {
    {SOCK_STREAM, IPPROTO_TCP, P3_SVC_TCP, DEFAULT},
    {SOCK_DGRAM, IPPROTO_UDP, P3_SVC_UDP, DEFAULT},
    {P3_SOCK_DCCP, P3_IPPROTO_DCCP, 0, 0},
    {SOCK_DGRAM, P3_IPPROTO_UDPLITE, 0, 0},
    {SOCK_STREAM, P3_IPPROTO_SCTP, 0, 0},
    {SOCK_SEQPACKET, P3_IPPROTO_SCTP, 0, 0},
    {SOCK_RAW, 0, 0, DEFAULT | ANYPROTO | NOSERVICE},
};
#define NKINDS (sizeof kinds / sizeof *kinds)

/* One socket type, protocol and port every address is paired with. */
struct use {
  int socktype, protocol, port;
};

static int is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Whether s is a number as glibc reads a service: strtoul(s, &end, 10)
 * with a 64-bit long (blanks and a sign allowed, saturating), consuming
 * all of s, then kept in an int. So "4294967376" is port 80 and "-1" is
 * not a number but a name that no service has. */
static int service_number(const char *s, int *num) {
  while (is_space(*s))
    s++;
  int neg = 0;
  if (*s == '+' || *s == '-')
    neg = *s++ == '-';
  if (*s < '0' || *s > '9')
    return 0;
  uint64_t v = 0;
  int over = 0;
  for (; *s >= '0' && *s <= '9'; s++) {
    unsigned d = (unsigned) (*s - '0');
    if (v > (UINT64_MAX - d) / 10)
      over = 1;
    else
      v = v * 10 + d;
  }
  if (*s)
    return 0;
  v = over ? UINT64_MAX : neg ? 0 - v : v;
  uint32_t low = (uint32_t) v;
  *num = low <= INT32_MAX ? (int) low : -(int) (UINT32_MAX - low) - 1;
  return 1;
}

/* Fills uses[] from the hints and the service; returns how many, or a
 * negative EAI_* code. */
static int pick_uses(const struct addrinfo *h, const char *service, struct use *uses) {
  int num = 0, numeric = 0;
  const char *name = NULL;
  if (service && *service) {
    int is_num = service_number(service, &num);
    if (!is_num && (h->ai_flags & AI_NUMERICSERV))
      return EAI_NONAME;
    if (is_num && num >= 0)
      numeric = 1;
    else
      name = service;
  }
  if (h->ai_socktype || h->ai_protocol) {
    const struct kind *k = NULL;
    for (size_t i = 0; i < NKINDS && !k; i++)
      if ((!h->ai_socktype || h->ai_socktype == kinds[i].socktype) &&
          (!h->ai_protocol || (kinds[i].flags & ANYPROTO) || h->ai_protocol == kinds[i].protocol))
        k = &kinds[i];
    if (!k)
      return h->ai_socktype ? EAI_SOCKTYPE : EAI_SERVICE;
    if ((numeric || name) && (k->flags & NOSERVICE))
      return EAI_SERVICE;
    int port = numeric ? (uint16_t) num : name ? p3_service_port(name, k->svc) : 0;
    if (port < 0)
      return EAI_SERVICE;
    uses[0] = (struct use) {k->socktype, h->ai_protocol ? h->ai_protocol : k->protocol, port};
    return 1;
  }
  int n = 0;
  for (size_t i = 0; i < NKINDS; i++) {
    const struct kind *k = &kinds[i];
    if (!(k->flags & DEFAULT) || (name && (k->flags & NOSERVICE)))
      continue;
    int port = numeric ? (uint16_t) num : name ? p3_service_port(name, k->svc) : 0;
    if (port >= 0)
      uses[n++] = (struct use) {k->socktype, k->protocol, port};
  }
  return n ? n : EAI_SERVICE;
}

/* 1 if node is a numeric address: inet_aton's forms filling the whole
 * string, or IPv6 with an optional numeric "%scope"; 0 if it is not
 * numeric; -1 if it is IPv6 with a scope that names no interface. */
static int numeric_host(const char *node, union p3_sa *a) {
  uint32_t v4;
  const char *end = p3_aton(node, &v4);
  memset(a, 0, sizeof *a);
  if (end && !*end) {
    a->in.sin_family = AF_INET;
    a->in.sin_addr.s_addr = htonl(v4);
    return 1;
  }
  const char *pct = strchr(node, '%');
  size_t len = pct ? (size_t) (pct - node) : strlen(node);
  char text[INET6_ADDRSTRLEN]; /* holds every valid IPv6 text */
  if (len >= sizeof text)
    return 0;
  memcpy(text, node, len);
  text[len] = '\0';
  if (inet_pton(AF_INET6, text, &a->in6.sin6_addr) != 1)
    return 0;
  a->in6.sin6_family = AF_INET6;
  if (pct) {
    const char *s = pct + 1;
    uint64_t scope = 0;
    if (!*s)
      return -1;
    for (; *s; s++) {
      if (*s < '0' || *s > '9' || (scope = scope * 10 + (unsigned) (*s - '0')) > UINT32_MAX)
        return -1;
    }
    a->in6.sin6_scope_id = (uint32_t) scope;
  }
  return 1;
}

/* Whether the last label of a name (before one optional trailing dot) is
 * a number: all digits, or 0x and hex digits. Both hosts parse names the
 * way URLs do, where such a name is an IPv4 address ("1.2.3.4." becomes
 * 1.2.3.4), while glibc sends it to DNS, where no such name exists. Names
 * that reach here are not valid inet_aton forms, so they fail at once. */
static int ends_in_number(const char *name) {
  size_t end = strlen(name);
  if (end && name[end - 1] == '.')
    end--;
  size_t start = end;
  while (start && name[start - 1] != '.')
    start--;
  const char *s = name + start;
  size_t len = end - start;
  if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    for (size_t i = 2; i < len; i++)
      if (!((s[i] >= '0' && s[i] <= '9') || ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
        return 0;
    return 1;
  }
  for (size_t i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return 0;
  return len > 0;
}

static int same_address(const union p3_sa *a, const union p3_sa *b) {
  if (a->sa.sa_family != b->sa.sa_family)
    return 0;
  if (a->sa.sa_family == AF_INET)
    return a->in.sin_addr.s_addr == b->in.sin_addr.s_addr;
  return !memcmp(&a->in6.sin6_addr, &b->in6.sin6_addr, sizeof a->in6.sin6_addr) &&
         a->in6.sin6_scope_id == b->in6.sin6_scope_id;
}

static void add_unique(union p3_sa *out, size_t *n, const union p3_sa *a) {
  for (size_t i = 0; i < *n; i++)
    if (same_address(&out[i], a))
      return;
  out[(*n)++] = *a;
}

/* Copies to out (room for n) the addresses of in[] the family asks for,
 * without duplicates: AF_INET takes IPv4 and turns IPv4-mapped IPv6 into
 * IPv4; AF_INET6 takes IPv6, and with AI_V4MAPPED maps IPv4 when there is
 * no IPv6 (or always, with AI_ALL). */
static size_t pick_addresses(const union p3_sa *in, size_t n, int family, int flags,
                             union p3_sa *out) {
  size_t m = 0;
  int has6 = 0;
  for (size_t i = 0; i < n; i++)
    has6 |= in[i].sa.sa_family == AF_INET6;
  for (size_t i = 0; i < n; i++) {
    union p3_sa a = in[i];
    if (family == AF_INET && a.sa.sa_family == AF_INET6) {
      if (!IN6_IS_ADDR_V4MAPPED(&a.in6.sin6_addr))
        continue;
      memset(&a, 0, sizeof a);
      a.in.sin_family = AF_INET;
      memcpy(&a.in.sin_addr, in[i].in6.sin6_addr.s6_addr + 12, 4);
    } else if (family == AF_INET6 && a.sa.sa_family == AF_INET) {
      continue; /* mapped below, after every IPv6 address */
    }
    add_unique(out, &m, &a);
  }
  if (family == AF_INET6 && (flags & AI_V4MAPPED) && (!has6 || (flags & AI_ALL))) {
    for (size_t i = 0; i < n; i++) {
      if (in[i].sa.sa_family != AF_INET)
        continue;
      union p3_sa a;
      memset(&a, 0, sizeof a);
      a.in6.sin6_family = AF_INET6;
      a.in6.sin6_addr.s6_addr[10] = a.in6.sin6_addr.s6_addr[11] = 0xff;
      memcpy(a.in6.sin6_addr.s6_addr + 12, &in[i].in.sin_addr, 4);
      add_unique(out, &m, &a);
    }
  }
  return m;
}

/* The host-less answers for a NULL node: loopback, or with AI_PASSIVE the
 * wildcard. glibc lists ::1 before 127.0.0.1 but 0.0.0.0 before ::. */
static size_t null_host(int family, int flags, union p3_sa *out) {
  union p3_sa v4, v6;
  memset(&v4, 0, sizeof v4);
  memset(&v6, 0, sizeof v6);
  v4.in.sin_family = AF_INET;
  v6.in6.sin6_family = AF_INET6;
  size_t n = 0;
  if (flags & AI_PASSIVE) {
    v4.in.sin_addr.s_addr = htonl(INADDR_ANY);
    v6.in6.sin6_addr = in6addr_any;
    if (family != AF_INET6)
      out[n++] = v4;
    if (family != AF_INET)
      out[n++] = v6;
  } else {
    v4.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    v6.in6.sin6_addr = in6addr_loopback;
    if (family != AF_INET)
      out[n++] = v6;
    if (family != AF_INET6)
      out[n++] = v4;
  }
  return n;
}

/* One result entry; its address and (on the first entry only) the
 * canonical name live in the same allocation, so freeaddrinfo frees
 * each entry with one free(). */
struct entry {
  struct addrinfo ai;
  union p3_sa addr;
  char canon[];
};

static int build(const union p3_sa *addrs, size_t naddrs, const struct use *uses, int nuses,
                 int flags, const char *canon, struct addrinfo **res) {
  struct addrinfo *head = NULL, **tail = &head;
  for (size_t i = 0; i < naddrs; i++) {
    for (int u = 0; u < nuses; u++) {
      size_t extra = head == NULL && canon ? strlen(canon) + 1 : 0;
      struct entry *e = calloc(1, sizeof *e + extra);
      if (!e) {
        freeaddrinfo(head);
        return EAI_MEMORY;
      }
      p3_stats.allocs++;
      e->addr = addrs[i];
      int v4 = addrs[i].sa.sa_family == AF_INET;
      if (v4)
        e->addr.in.sin_port = htons((uint16_t) uses[u].port);
      else
        e->addr.in6.sin6_port = htons((uint16_t) uses[u].port);
      e->ai.ai_flags = flags;
      e->ai.ai_family = addrs[i].sa.sa_family;
      e->ai.ai_socktype = uses[u].socktype;
      e->ai.ai_protocol = uses[u].protocol;
      e->ai.ai_addrlen = v4 ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
      e->ai.ai_addr = &e->addr.sa;
      if (extra) {
        memcpy(e->canon, canon, extra);
        e->ai.ai_canonname = e->canon;
      }
      *tail = &e->ai;
      tail = &e->ai.ai_next;
    }
  }
  *res = head;
  return 0;
}

int getaddrinfo(const char *restrict node, const char *restrict service,
                const struct addrinfo *restrict hints, struct addrinfo **restrict res) {
  /* Without hints: AF_UNSPEC, any socket type, and the flags POSIX and
   * glibc give that case. */
  static const struct addrinfo no_hints = {.ai_flags = AI_V4MAPPED | AI_ADDRCONFIG};
  const struct addrinfo *h = hints ? hints : &no_hints;
  int flags = h->ai_flags;

  /* glibc's order of checks, which decides the code for mixed faults. */
  if (!node && !service)
    return EAI_NONAME;
  if ((flags & ~VALID_FLAGS) || ((flags & AI_CANONNAME) && !node))
    return EAI_BADFLAGS;
  if (h->ai_family != AF_UNSPEC && h->ai_family != AF_INET && h->ai_family != AF_INET6)
    return EAI_FAMILY;
  struct use uses[NKINDS];
  int nuses = pick_uses(h, service, uses);
  if (nuses < 0)
    return nuses;

  union p3_sa local[2], *found = NULL, *picked = local, *heap = NULL;
  size_t nfound = 0, npicked = 0;
  int r;
  if (!node) {
    npicked = null_host(h->ai_family, flags, picked);
  } else if ((r = numeric_host(node, &local[0])) != 0) {
    if (r < 0)
      return EAI_NONAME;
    npicked = pick_addresses(local, 1, h->ai_family, flags, &local[1]);
    picked = &local[1];
    if (!npicked)
      return EAI_ADDRFAMILY; /* glibc's answer for a number of the other family */
  } else if ((flags & AI_NUMERICHOST) || !*node || ends_in_number(node)) {
    return EAI_NONAME;
  } else {
    if ((r = p3_resolve(node, &found, &nfound)) != 0)
      return r;
    /* Each address found yields at most one picked. */
    picked = heap = nfound ? malloc(nfound * sizeof *picked) : NULL;
    if (nfound && !heap) {
      free(found);
      return EAI_MEMORY;
    }
    if (heap)
      p3_stats.allocs++;
    npicked = pick_addresses(found, nfound, h->ai_family, flags, picked);
    free(found);
    if (!npicked) {
      free(heap);
      return EAI_NONAME; /* glibc's answer when a name has none of the family */
    }
  }
  r = build(picked, npicked, uses, nuses, flags, (flags & AI_CANONNAME) ? node : NULL, res);
  free(heap);
  return r;
}
