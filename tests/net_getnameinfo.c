/* getnameinfo: numeric round trips with getaddrinfo, service names,
 * scope ids, EAI_OVERFLOW at the exact buffer sizes, and glibc's codes
 * for bad flags and addresses. Host names are asked for with
 * NI_NUMERICHOST, or for addresses that have no name: wasip3 has no
 * reverse lookup, and Linux would answer "localhost" for 127.0.0.1. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "check.h"

static struct sockaddr_storage addr(const char *text, unsigned port, unsigned scope,
                                    socklen_t *len) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  if (strchr(text, ':')) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *) &ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t) port);
    a->sin6_scope_id = scope;
    CHECK(inet_pton(AF_INET6, text, &a->sin6_addr) == 1);
    *len = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *) &ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t) port);
    CHECK(inet_pton(AF_INET, text, &a->sin_addr) == 1);
    *len = sizeof *a;
  }
  return ss;
}

static const struct gni_case {
  const char *addr;
  unsigned port, scope;
  int flags;
  const char *host, *serv;
} cases[] = {
    {"1.2.3.4", 80, 0, NI_NUMERICHOST | NI_NUMERICSERV, "1.2.3.4", "80"},
    {"1.2.3.4", 80, 0, NI_NUMERICHOST, "1.2.3.4", "http"},
    {"1.2.3.4", 80, 0, NI_NUMERICHOST | NI_DGRAM, "1.2.3.4", "80"},
    {"1.2.3.4", 53, 0, NI_NUMERICHOST | NI_DGRAM, "1.2.3.4", "domain"},
    {"1.2.3.4", 53, 0, NI_NUMERICHOST, "1.2.3.4", "domain"},
    {"1.2.3.4", 123, 0, NI_NUMERICHOST, "1.2.3.4", "123"},
    {"1.2.3.4", 123, 0, NI_NUMERICHOST | NI_DGRAM, "1.2.3.4", "ntp"},
    {"1.2.3.4", 7, 0, NI_NUMERICHOST | NI_DGRAM, "1.2.3.4", "echo"},
    {"1.2.3.4", 22, 0, NI_NUMERICHOST, "1.2.3.4", "ssh"},
    {"1.2.3.4", 22, 0, NI_NUMERICHOST | NI_DGRAM, "1.2.3.4", "22"},
    {"1.2.3.4", 443, 0, NI_NUMERICHOST | NI_DGRAM, "1.2.3.4", "https"},
    {"1.2.3.4", 0, 0, NI_NUMERICHOST, "1.2.3.4", "0"},
    {"1.2.3.4", 54321, 0, NI_NUMERICHOST, "1.2.3.4", "54321"},
    {"1.2.3.4", 65535, 0, NI_NUMERICHOST, "1.2.3.4", "65535"},
    {"0.0.0.0", 9, 0, NI_NUMERICHOST | NI_NUMERICSERV, "0.0.0.0", "9"},
    {"255.255.255.255", 9, 0, NI_NUMERICHOST, "255.255.255.255", "discard"},
    {"::1", 80, 0, NI_NUMERICHOST, "::1", "http"},
    {"::", 0, 0, NI_NUMERICHOST | NI_NUMERICSERV, "::", "0"},
    {"::ffff:1.2.3.4", 80, 0, NI_NUMERICHOST, "::ffff:1.2.3.4", "http"},
    {"2001:db8::8:800:200c:417a", 5353, 0, NI_NUMERICHOST | NI_DGRAM, "2001:db8::8:800:200c:417a",
     "mdns"},
    /* A scope id is kept (Linux writes an interface name for the ones it
     * has: 77 and 4000000000 name none). */
    {"fe80::1", 80, 77, NI_NUMERICHOST, "fe80::1%77", "http"},
    {"2001:db8::1", 80, 77, NI_NUMERICHOST, "2001:db8::1%77", "http"},
    {"ff02::1", 80, 4000000000u, NI_NUMERICHOST, "ff02::1%4000000000", "http"},
    /* Addresses without a name are written as numbers even without
     * NI_NUMERICHOST (TEST-NET and documentation addresses). */
    {"192.0.2.55", 80, 0, NI_NUMERICSERV, "192.0.2.55", "80"},
    {"2001:db8::77", 80, 0, NI_NUMERICSERV, "2001:db8::77", "80"},
    /* glibc accepts its IDN flags and ignores NI_NOFQDN for numbers. */
    {"1.2.3.4", 80, 0, NI_NUMERICHOST | NI_NOFQDN | NI_IDN, "1.2.3.4", "http"},
};

static void check_cases(void) {
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const struct gni_case *c = &cases[i];
    socklen_t len;
    struct sockaddr_storage ss = addr(c->addr, c->port, c->scope, &len);
    char host[NI_MAXHOST] = "", serv[NI_MAXSERV] = "";
    int rc =
        getnameinfo((struct sockaddr *) &ss, len, host, sizeof host, serv, sizeof serv, c->flags);
    if (rc != 0 || strcmp(host, c->host) || strcmp(serv, c->serv)) {
      fprintf(stderr, "getnameinfo(%s port %u scope %u flags %#x) = %d [%s] [%s], want [%s] [%s]\n",
              c->addr, c->port, c->scope, (unsigned) c->flags, rc, host, serv, c->host, c->serv);
      check_failures++;
    }
  }
}

/* Text -> getaddrinfo -> getnameinfo gives the canonical text back. */
static void check_roundtrip(void) {
  static const char *const hosts[] = {"127.0.0.1",      "10.1.2.3",        "::1",
                                      "fe80::abcd%333", "::ffff:10.0.0.1", "2001:db8:0:0:1::1"};
  static const char *const canon[] = {"127.0.0.1",      "10.1.2.3",        "::1",
                                      "fe80::abcd%333", "::ffff:10.0.0.1", "2001:db8::1:0:0:1"};
  for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++) {
    struct addrinfo hints, *res;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(hosts[i], "4242", &hints, &res) != 0) {
      fprintf(stderr, "getaddrinfo(%s) failed\n", hosts[i]);
      check_failures++;
      continue;
    }
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    int rc = getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof host, serv, sizeof serv,
                         NI_NUMERICHOST | NI_NUMERICSERV | NI_DGRAM);
    if (rc != 0 || strcmp(host, canon[i]) || strcmp(serv, "4242")) {
      fprintf(stderr, "round trip of %s: %d [%s] [%s]\n", hosts[i], rc, host, serv);
      check_failures++;
    }
    freeaddrinfo(res);
  }
}

/* EAI_OVERFLOW exactly when the text and its NUL do not fit. */
static void check_overflow(void) {
  socklen_t len;
  struct sockaddr_storage ss = addr("1.2.3.4", 80, 0, &len);
  const struct sockaddr *sa = (const struct sockaddr *) &ss;
  char host[64], serv[32];
  int f = NI_NUMERICHOST;
  CHECK(getnameinfo(sa, len, host, 7, serv, sizeof serv, f) == EAI_OVERFLOW);
  CHECK(getnameinfo(sa, len, host, 8, serv, sizeof serv, f) == 0 && !strcmp(host, "1.2.3.4"));
  CHECK(getnameinfo(sa, len, host, sizeof host, serv, 4, f) == EAI_OVERFLOW);
  CHECK(getnameinfo(sa, len, host, sizeof host, serv, 5, f) == 0 && !strcmp(serv, "http"));
  CHECK(getnameinfo(sa, len, host, 8, serv, 2, f | NI_NUMERICSERV) == EAI_OVERFLOW);
  CHECK(getnameinfo(sa, len, host, 8, serv, 3, f | NI_NUMERICSERV) == 0 && !strcmp(serv, "80"));
  CHECK(getnameinfo(sa, len, host, 1, NULL, 0, f) == EAI_OVERFLOW);

  ss = addr("fe80::1", 80, 77, &len);
  CHECK(getnameinfo(sa, len, host, 10, NULL, 0, f) == EAI_OVERFLOW);
  CHECK(getnameinfo(sa, len, host, 11, NULL, 0, f) == 0 && !strcmp(host, "fe80::1%77"));
  ss = addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 80, 0, &len);
  CHECK(getnameinfo(sa, len, host, 39, NULL, 0, f) == EAI_OVERFLOW);
  CHECK(getnameinfo(sa, len, host, 40, NULL, 0, f) == 0);
  CHECK(!strcmp(host, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));

  /* A zero length or NULL buffer means "not wanted". */
  ss = addr("1.2.3.4", 80, 0, &len);
  strcpy(host, "untouched");
  strcpy(serv, "untouched");
  CHECK(getnameinfo(sa, len, host, 0, serv, sizeof serv, f) == 0);
  CHECK(!strcmp(host, "untouched") && !strcmp(serv, "http"));
  CHECK(getnameinfo(sa, len, host, sizeof host, serv, 0, f) == 0);
  CHECK(!strcmp(host, "1.2.3.4") && !strcmp(serv, "http"));
  CHECK(getnameinfo(sa, len, NULL, 0, serv, sizeof serv, f | NI_NUMERICSERV) == 0);
  CHECK(!strcmp(serv, "80"));
  CHECK(getnameinfo(sa, len, NULL, 0, NULL, 0, f) == 0);
}

static void check_errors(void) {
  socklen_t len;
  struct sockaddr_storage ss = addr("1.2.3.4", 80, 0, &len);
  struct sockaddr *sa = (struct sockaddr *) &ss;
  char host[64], serv[32];
  /* Unknown flags. */
  CHECK(getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, 0x100) == EAI_BADFLAGS);
  CHECK(getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, -1) == EAI_BADFLAGS);
  /* Bad flags come before a bad address. */
  CHECK(getnameinfo(sa, 1, NULL, 0, NULL, 0, 0x1000) == EAI_BADFLAGS);
  /* Lengths short of the family's sockaddr, and unknown families. */
  CHECK(getnameinfo(sa, len - 1, host, sizeof host, serv, sizeof serv, 0) == EAI_FAMILY);
  CHECK(getnameinfo(sa, len + 1, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST) == 0);
  ss = addr("::1", 80, 0, &len);
  CHECK(getnameinfo(sa, 24, host, sizeof host, serv, sizeof serv, 0) == EAI_FAMILY);
  CHECK(getnameinfo(sa, 16, host, sizeof host, serv, sizeof serv, 0) == EAI_FAMILY);
  /* (glibc also answers for AF_UNIX, which p3net has no sockets of.) */
  ss.ss_family = 99;
  CHECK(getnameinfo(sa, sizeof ss, NULL, 0, NULL, 0, 0) == EAI_FAMILY);
  /* NI_NAMEREQD when the address has no name: EAI_NONAME; it does not
   * matter when no host is asked for. */
  ss = addr("1.2.3.4", 80, 0, &len);
  CHECK(getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, NI_NAMEREQD | NI_NUMERICHOST) ==
        EAI_NONAME);
  CHECK(getnameinfo(sa, len, NULL, 0, serv, sizeof serv, NI_NAMEREQD) == 0 &&
        !strcmp(serv, "http"));
}

int main(void) {
  check_cases();
  check_roundtrip();
  check_overflow();
  check_errors();
  CHECK_DONE();
}
