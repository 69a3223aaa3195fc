/* getaddrinfo with numeric hosts and services, which need no name lookup:
 * every hints combination answers as glibc does, entry for entry and in
 * the same order, and every bad input gets glibc's EAI_* code (checked in
 * glibc's order where several faults meet). On p3net none of this may
 * call the host. Expected answers were taken from glibc 2.36 and are
 * checked again by the native run. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "check.h"

#ifdef __wasi__
#include <p3net.h>
static unsigned long long host_calls(void) {
  struct p3net_stats s;
  p3net_stats_get(&s);
  return s.host_calls;
}
#else
static unsigned long long host_calls(void) {
  return 0;
}
#endif

/* One line per result: "address/port/socktype/protocol" (IPv6 with
 * "%scope" when set), space separated. Also checks each entry's own
 * consistency. */
static void describe(const struct addrinfo *ai, char *out, size_t size) {
  size_t n = 0;
  out[0] = '\0';
  for (; ai; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0, scope = 0;
    CHECK(ai->ai_addr != NULL && ai->ai_family == ai->ai_addr->sa_family);
    if (ai->ai_family == AF_INET) {
      const struct sockaddr_in *a = (const struct sockaddr_in *) ai->ai_addr;
      CHECK(ai->ai_addrlen == sizeof *a);
      inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
      port = ntohs(a->sin_port);
    } else if (ai->ai_family == AF_INET6) {
      const struct sockaddr_in6 *a = (const struct sockaddr_in6 *) ai->ai_addr;
      CHECK(ai->ai_addrlen == sizeof *a);
      CHECK(a->sin6_flowinfo == 0);
      inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
      port = ntohs(a->sin6_port);
      scope = a->sin6_scope_id;
    } else {
      CHECK(!"unexpected family");
    }
    char scope_text[16] = "";
    if (scope)
      snprintf(scope_text, sizeof scope_text, "%%%u", scope);
    n += (size_t) snprintf(out + n, n < size ? size - n : 0, "%s%s%s/%u/%d/%d", n ? " " : "", text,
                           scope_text, port, ai->ai_socktype, ai->ai_protocol);
  }
}

static const struct gai_case {
  const char *node, *service;
  int family, socktype, protocol, flags;
  int rc;
  const char *want; /* describe() of the result when rc is 0 */
} cases[] = {
    /* Socket type 0 means stream, datagram and raw, address by address. */
    {"1.2.3.4", NULL, 0, 0, 0, 0, 0, "1.2.3.4/0/1/6 1.2.3.4/0/2/17 1.2.3.4/0/3/0"},
    {"1.2.3.4", "80", 0, 0, 0, 0, 0, "1.2.3.4/80/1/6 1.2.3.4/80/2/17 1.2.3.4/80/3/0"},
    {"1.2.3.4", "80", 0, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/80/2/17"},
    {"1.2.3.4", "80", AF_INET, SOCK_STREAM, 0, 0, 0, "1.2.3.4/80/1/6"},
    {"1.2.3.4", "80", AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0, 0, "1.2.3.4/80/2/17"},
    {"1.2.3.4", "80", 0, 0, IPPROTO_UDP, 0, 0, "1.2.3.4/80/2/17"},
    {"1.2.3.4", "80", 0, 0, IPPROTO_TCP, 0, 0, "1.2.3.4/80/1/6"},
    {"1.2.3.4", "80", 0, SOCK_SEQPACKET, 0, 0, 0, "1.2.3.4/80/5/132"},
    {"1.2.3.4", NULL, 0, SOCK_RAW, 0, 0, 0, "1.2.3.4/0/3/0"},
    {"1.2.3.4", NULL, 0, 0, 99, 0, 0, "1.2.3.4/0/3/99"},
    {"::1", "80", 0, SOCK_DGRAM, 0, 0, 0, "::1/80/2/17"},
    {"::1", "80", AF_INET6, 0, 0, 0, 0, "::1/80/1/6 ::1/80/2/17 ::1/80/3/0"},
    {"2001:DB8::A", "5353", AF_UNSPEC, SOCK_DGRAM, 0, 0, 0, "2001:db8::a/5353/2/17"},
    {"::ffff:1.2.3.4", "80", AF_INET6, SOCK_DGRAM, 0, 0, 0, "::ffff:1.2.3.4/80/2/17"},
    /* inet_aton's classic forms count as numeric hosts. */
    {"1", "80", 0, SOCK_DGRAM, 0, 0, 0, "0.0.0.1/80/2/17"},
    {"0x7f.1", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, 0, "127.0.0.1/80/2/17"},
    {"1.2.3", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, 0, "1.2.0.3/80/2/17"},
    {"017700000001", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, 0, "127.0.0.1/80/2/17"},
    /* Numeric services: strtoul's reading, kept in an int, then 16 bits. */
    {"1.2.3.4", "0", 0, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/0/2/17"},
    {"1.2.3.4", "65535", 0, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/65535/2/17"},
    {"1.2.3.4", "65536", 0, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/0/2/17"},
    {"1.2.3.4", " 80", 0, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/80/2/17"},
    {"1.2.3.4", "+80", 0, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/80/2/17"},
    {"1.2.3.4", "4294967376", 0, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/80/2/17"},
    {"1.2.3.4", "2147483648", 0, SOCK_DGRAM, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "-1", 0, SOCK_DGRAM, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "-1", 0, SOCK_DGRAM, 0, AI_NUMERICSERV, EAI_SERVICE, NULL},
    {"1.2.3.4", "80x", 0, 0, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "0x50", 0, 0, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "", 0, SOCK_DGRAM, 0, AI_NUMERICSERV, 0, "1.2.3.4/0/2/17"},
    {"1.2.3.4", "80", 0, SOCK_DGRAM, 0, AI_NUMERICSERV, 0, "1.2.3.4/80/2/17"},
    {"1.2.3.4", "http", 0, 0, 0, AI_NUMERICSERV, EAI_NONAME, NULL},
    /* Service names: only the protocols that have them. */
    {"1.2.3.4", "http", 0, 0, 0, 0, 0, "1.2.3.4/80/1/6"},
    {"1.2.3.4", "www", 0, SOCK_STREAM, 0, 0, 0, "1.2.3.4/80/1/6"},
    {"1.2.3.4", "domain", 0, 0, 0, 0, 0, "1.2.3.4/53/1/6 1.2.3.4/53/2/17"},
    {"1.2.3.4", "echo", 0, 0, 0, 0, 0, "1.2.3.4/7/1/6 1.2.3.4/7/2/17"},
    {"1.2.3.4", "ntp", 0, 0, 0, 0, 0, "1.2.3.4/123/2/17"},
    {"1.2.3.4", "https", 0, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/443/2/17"},
    {"1.2.3.4", "ssh", 0, SOCK_STREAM, 0, 0, 0, "1.2.3.4/22/1/6"},
    {"1.2.3.4", "telnet", 0, 0, 0, 0, 0, "1.2.3.4/23/1/6"},
    {"1.2.3.4", "ntp", 0, SOCK_STREAM, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "http", 0, SOCK_DGRAM, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "http", 0, 0, IPPROTO_UDP, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "ssh", 0, SOCK_DGRAM, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "HTTP", 0, SOCK_STREAM, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "no-such-service", 0, 0, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "80", 0, SOCK_RAW, 0, 0, EAI_SERVICE, NULL},
    {"1.2.3.4", "80", 0, 0, 99, 0, EAI_SERVICE, NULL},
    /* A NULL host: loopback (IPv6 first), or the wildcard (IPv4 first). */
    {NULL, "80", 0, SOCK_DGRAM, 0, 0, 0, "::1/80/2/17 127.0.0.1/80/2/17"},
    {NULL, "80", AF_INET, SOCK_DGRAM, 0, 0, 0, "127.0.0.1/80/2/17"},
    {NULL, "80", AF_INET6, SOCK_DGRAM, 0, 0, 0, "::1/80/2/17"},
    {NULL, "80", 0, SOCK_DGRAM, 0, AI_PASSIVE, 0, "0.0.0.0/80/2/17 ::/80/2/17"},
    {NULL, "80", AF_INET, SOCK_DGRAM, 0, AI_PASSIVE, 0, "0.0.0.0/80/2/17"},
    {NULL, "80", AF_INET6, SOCK_DGRAM, 0, AI_PASSIVE, 0, "::/80/2/17"},
    {NULL, "0", 0, SOCK_STREAM, 0, AI_PASSIVE, 0, "0.0.0.0/0/1/6 ::/0/1/6"},
    {NULL, "", 0, SOCK_DGRAM, 0, 0, 0, "::1/0/2/17 127.0.0.1/0/2/17"},
    {NULL, "domain", 0, 0, 0, AI_PASSIVE, 0, "0.0.0.0/53/1/6 0.0.0.0/53/2/17 ::/53/1/6 ::/53/2/17"},
    {NULL, "80", 0, 0, 0, 0, 0,
     "::1/80/1/6 ::1/80/2/17 ::1/80/3/0 127.0.0.1/80/1/6 127.0.0.1/80/2/17 127.0.0.1/80/3/0"},
    /* The other family: mapped with AI_V4MAPPED, converted back for AF_INET. */
    {"1.2.3.4", "80", AF_INET6, SOCK_DGRAM, 0, AI_V4MAPPED, 0, "::ffff:1.2.3.4/80/2/17"},
    {"1.2.3.4", "80", AF_INET6, SOCK_DGRAM, 0, AI_V4MAPPED | AI_ALL, 0, "::ffff:1.2.3.4/80/2/17"},
    {"1.2.3.4", "80", AF_INET, SOCK_DGRAM, 0, AI_V4MAPPED, 0, "1.2.3.4/80/2/17"},
    {"1.2.3.4", "80", 0, SOCK_DGRAM, 0, AI_V4MAPPED, 0, "1.2.3.4/80/2/17"},
    {"::1", "80", AF_INET6, SOCK_DGRAM, 0, AI_V4MAPPED | AI_ALL, 0, "::1/80/2/17"},
    {"::ffff:1.2.3.4", "80", AF_INET, SOCK_DGRAM, 0, 0, 0, "1.2.3.4/80/2/17"},
#ifdef EAI_ADDRFAMILY
    {"1.2.3.4", "80", AF_INET6, 0, 0, 0, EAI_ADDRFAMILY, NULL},
    {"1.2.3.4", "80", AF_INET6, SOCK_DGRAM, 0, AI_ALL, EAI_ADDRFAMILY, NULL},
    {"::1", "80", AF_INET, 0, 0, 0, EAI_ADDRFAMILY, NULL},
#endif
    /* IPv6 scope ids: numbers only, 32 bits. */
    {"fe80::1%7", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, 0, "fe80::1%7/80/2/17"},
    {"fe80::1%0", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, 0, "fe80::1/80/2/17"},
    {"fe80::1%4294967295", "80", 0, SOCK_DGRAM, 0, 0, 0, "fe80::1%4294967295/80/2/17"},
    {"1::1%5", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, 0, "1::1%5/80/2/17"},
    {"fe80::1%4294967296", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"fe80::1%", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"fe80::1%-1", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"fe80::1%1%2", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"1.2.3.4%5", "80", 0, SOCK_DGRAM, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    /* AI_NUMERICHOST refuses what is not a number, without a lookup. */
    {"localhost", "80", 0, 0, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"1.2.3.4 ", "80", 0, 0, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {" 1.2.3.4", "80", 0, 0, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"1.2.3.4.", "80", 0, 0, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"256.1.1.1", "80", 0, 0, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"[::1]", "80", 0, 0, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"", "80", 0, 0, 0, AI_NUMERICHOST, EAI_NONAME, NULL},
    {"", NULL, 0, 0, 0, 0, EAI_NONAME, NULL},
    /* Bad hints. */
    {NULL, NULL, 0, 0, 0, 0, EAI_NONAME, NULL},
    {NULL, NULL, 0, 0, 0, AI_PASSIVE, EAI_NONAME, NULL},
    {"1.2.3.4", "80", 0, 0, 0, 0x10000, EAI_BADFLAGS, NULL},
    {"1.2.3.4", "80", 0, 0, 0, 0x800, EAI_BADFLAGS, NULL},
    {"1.2.3.4", "80", 0, 0, 0, -1, EAI_BADFLAGS, NULL},
    {NULL, "80", 0, 0, 0, AI_CANONNAME, EAI_BADFLAGS, NULL},
    {"1.2.3.4", "80", AF_UNIX, 0, 0, 0, EAI_FAMILY, NULL},
    {"1.2.3.4", "80", 99, 0, 0, 0, EAI_FAMILY, NULL},
    {"1.2.3.4", "80", -1, 0, 0, 0, EAI_FAMILY, NULL},
    {NULL, "80", 99, 0, 0, AI_PASSIVE, EAI_FAMILY, NULL},
    {"1.2.3.4", "80", 0, 99, 0, 0, EAI_SOCKTYPE, NULL},
    {"1.2.3.4", "80", 0, -1, 0, 0, EAI_SOCKTYPE, NULL},
    {"1.2.3.4", "80", 0, 4, 0, 0, EAI_SOCKTYPE, NULL},
    {"1.2.3.4", "80", 0, SOCK_DGRAM | SOCK_NONBLOCK, 0, 0, EAI_SOCKTYPE, NULL},
    {"1.2.3.4", "80", 0, SOCK_DGRAM, IPPROTO_TCP, 0, EAI_SOCKTYPE, NULL},
    {"1.2.3.4", "80", 0, SOCK_STREAM, IPPROTO_UDP, 0, EAI_SOCKTYPE, NULL},
    /* Several faults at once: glibc's order decides. */
    {NULL, NULL, 99, 99, 0, 0x10000, EAI_NONAME, NULL},
    {"1.2.3.4", "80", 99, 99, 0, 0x10000, EAI_BADFLAGS, NULL},
    {NULL, "80", 99, 99, 0, AI_CANONNAME, EAI_BADFLAGS, NULL},
    {"1.2.3.4", "nosuch", 99, 99, 0, 0, EAI_FAMILY, NULL},
    {"1.2.3.4", "http", 99, 0, 0, AI_NUMERICSERV, EAI_FAMILY, NULL},
    {"1.2.3.4", "http", 0, 99, 0, AI_NUMERICSERV, EAI_NONAME, NULL},
    {"1.2.3.4", "nosuch", 0, 99, 0, 0, EAI_SOCKTYPE, NULL},
    {"localhost", "nosuch", 0, 0, 0, AI_NUMERICHOST, EAI_SERVICE, NULL},
    {"::1", "nosuch", AF_INET, 0, 0, 0, EAI_SERVICE, NULL},
    {"::1", "80", AF_INET, 99, 0, 0, EAI_SOCKTYPE, NULL},
};

static void check_cases(void) {
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const struct gai_case *c = &cases[i];
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = c->family;
    hints.ai_socktype = c->socktype;
    hints.ai_protocol = c->protocol;
    hints.ai_flags = c->flags;
    int rc = getaddrinfo(c->node, c->service, &hints, &res);
    char got[512] = "";
    if (rc == 0)
      describe(res, got, sizeof got);
    if (rc != c->rc || (rc == 0 && strcmp(got, c->want))) {
      fprintf(stderr, "getaddrinfo(%s, %s, fam %d, type %d, proto %d, flags %#x) = %d [%s]\n",
              c->node ? c->node : "NULL", c->service ? c->service : "NULL", c->family, c->socktype,
              c->protocol, (unsigned) c->flags, rc, got);
      fprintf(stderr, "    want %d [%s]\n", c->rc, c->want ? c->want : "");
      check_failures++;
    }
    for (struct addrinfo *ai = rc ? NULL : res; ai; ai = ai->ai_next) {
      CHECK(ai->ai_flags == c->flags);
      CHECK(ai->ai_canonname == NULL);
    }
    if (rc == 0)
      freeaddrinfo(res);
  }
}

/* AI_CANONNAME: the first entry carries the host as given. */
static void check_canonname(void) {
  struct addrinfo hints, *res;
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = AI_CANONNAME;
  CHECK(getaddrinfo("1.2.3.4", "80", &hints, &res) == 0);
  CHECK(res && res->ai_canonname && !strcmp(res->ai_canonname, "1.2.3.4"));
  int n = 0;
  for (struct addrinfo *ai = res ? res->ai_next : NULL; ai; ai = ai->ai_next, n++)
    CHECK(ai->ai_canonname == NULL);
  CHECK(n == 2);
  freeaddrinfo(res);

  hints.ai_flags = AI_CANONNAME | AI_NUMERICHOST;
  hints.ai_socktype = SOCK_DGRAM;
  CHECK(getaddrinfo("0x7f.1", NULL, &hints, &res) == 0);
  CHECK(res && res->ai_canonname && !strcmp(res->ai_canonname, "0x7f.1"));
  freeaddrinfo(res);
  CHECK(getaddrinfo("fe80::1%9", "53", &hints, &res) == 0);
  CHECK(res && res->ai_canonname && !strcmp(res->ai_canonname, "fe80::1%9"));
  freeaddrinfo(res);
}

/* NULL hints: any family and type, flags AI_V4MAPPED | AI_ADDRCONFIG. */
static void check_null_hints(void) {
  struct addrinfo *res;
  char got[512];
  CHECK(getaddrinfo("1.2.3.4", "80", NULL, &res) == 0);
  describe(res, got, sizeof got);
  CHECK(!strcmp(got, "1.2.3.4/80/1/6 1.2.3.4/80/2/17 1.2.3.4/80/3/0"));
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
    CHECK(ai->ai_flags == (AI_V4MAPPED | AI_ADDRCONFIG));
  freeaddrinfo(res);
  CHECK(getaddrinfo(NULL, NULL, NULL, &res) == EAI_NONAME);
}

/* The results can be used as they are: a sockaddr a program can copy and
 * a chain it can free in any state. */
static void check_use(void) {
  struct addrinfo hints, *res;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_INET6;
  hints.ai_socktype = SOCK_DGRAM;
  CHECK(getaddrinfo("2001:db8::5", "9999", &hints, &res) == 0);
  struct sockaddr_in6 a;
  CHECK(res && res->ai_addrlen == sizeof a && !res->ai_next);
  memcpy(&a, res->ai_addr, sizeof a);
  CHECK(a.sin6_family == AF_INET6 && ntohs(a.sin6_port) == 9999 && a.sin6_scope_id == 0);
  struct in6_addr want;
  inet_pton(AF_INET6, "2001:db8::5", &want);
  CHECK(!memcmp(&a.sin6_addr, &want, sizeof want));
  freeaddrinfo(res);
  freeaddrinfo(NULL); /* glibc accepts it */

  /* Many calls and frees: no leak or reuse trouble. */
  for (int i = 0; i < 2000; i++) {
    char port[8];
    snprintf(port, sizeof port, "%d", i);
    CHECK(getaddrinfo("10.0.0.1", port, NULL, &res) == 0);
    CHECK(res && ntohs(((struct sockaddr_in *) res->ai_addr)->sin_port) == i);
    freeaddrinfo(res);
  }
}

static void check_strerror(void) {
  static const int codes[] = {EAI_BADFLAGS, EAI_NONAME,  EAI_AGAIN,  EAI_FAIL,   EAI_FAMILY,
                              EAI_SOCKTYPE, EAI_SERVICE, EAI_MEMORY, EAI_SYSTEM, EAI_OVERFLOW};
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
    const char *s = gai_strerror(codes[i]);
    CHECK(s != NULL && s[0] != '\0');
    for (size_t j = 0; j < i; j++)
      CHECK(strcmp(s, gai_strerror(codes[j])) != 0);
  }
  CHECK(gai_strerror(12345) != NULL);
  /* glibc's values, which programs sometimes hard-code. */
  CHECK(EAI_BADFLAGS == -1 && EAI_NONAME == -2 && EAI_AGAIN == -3 && EAI_FAIL == -4);
  CHECK(EAI_FAMILY == -6 && EAI_SOCKTYPE == -7 && EAI_SERVICE == -8 && EAI_MEMORY == -10);
  CHECK(EAI_SYSTEM == -11 && EAI_OVERFLOW == -12);
  CHECK(AI_PASSIVE == 1 && AI_CANONNAME == 2 && AI_NUMERICHOST == 4 && AI_V4MAPPED == 8);
  CHECK(AI_ALL == 0x10 && AI_ADDRCONFIG == 0x20 && AI_NUMERICSERV == 0x400);
  CHECK(NI_NUMERICHOST == 1 && NI_NUMERICSERV == 2 && NI_NOFQDN == 4 && NI_NAMEREQD == 8);
  CHECK(NI_DGRAM == 16 && NI_MAXHOST == 1025 && NI_MAXSERV == 32);
}

int main(void) {
  unsigned long long before = host_calls();
  check_cases();
  check_canonname();
  check_null_hints();
  check_use();
  /* Numeric hosts and services never ask the host. */
  CHECK(host_calls() == before);
  check_strerror();
  CHECK_DONE();
}
