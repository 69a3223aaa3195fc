// P3NET-WASMTIME-FLAGS: -Smax-resources=20
/* getaddrinfo on a host name, which needs the system's resolver (on
 * p3net: wasi:sockets/ip-name-lookup). "localhost" must give loopback
 * addresses only; which of 127.0.0.1 and ::1 come, and in what order,
 * depends on the machine's /etc/hosts and on the host (jco lists IPv4
 * first), so only the set is checked and the list is printed. Names that
 * do not exist fail with EAI_NONAME (EAI_AGAIN if no DNS server answers). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "check.h"

static int is_loopback(const struct sockaddr *sa) {
  if (sa->sa_family == AF_INET)
    return (ntohl(((const struct sockaddr_in *) sa)->sin_addr.s_addr) >> 24) == 127;
  if (sa->sa_family == AF_INET6)
    return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *) sa)->sin6_addr);
  return 0;
}

static int is_mapped_loopback(const struct sockaddr *sa) {
  const struct in6_addr *a = &((const struct sockaddr_in6 *) sa)->sin6_addr;
  return sa->sa_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
}

static unsigned port_of(const struct sockaddr *sa) {
  return sa->sa_family == AF_INET ? ntohs(((const struct sockaddr_in *) sa)->sin_port)
                                  : ntohs(((const struct sockaddr_in6 *) sa)->sin6_port);
}

static void show(const char *what, const struct addrinfo *res) {
  printf("%s:", what);
  for (; res; res = res->ai_next) {
    char host[NI_MAXHOST];
    if (getnameinfo(res->ai_addr, res->ai_addrlen, host, sizeof host, NULL, 0, NI_NUMERICHOST))
      strcpy(host, "?");
    printf(" %s/%d", host, res->ai_socktype);
  }
  printf("\n");
}

static struct addrinfo *lookup(const char *name, const char *service, int family, int socktype,
                               int flags, int *rc) {
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = family;
  hints.ai_socktype = socktype;
  hints.ai_flags = flags;
  *rc = getaddrinfo(name, service, &hints, &res);
  return *rc ? NULL : res;
}

static void check_localhost(void) {
  int rc;
  /* Any family: at least one address, all loopback, port and type kept. */
  struct addrinfo *res = lookup("localhost", "7", AF_UNSPEC, SOCK_DGRAM, 0, &rc);
  CHECK(rc == 0 && res != NULL);
  show("localhost AF_UNSPEC", res);
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    CHECK(is_loopback(ai->ai_addr));
    CHECK(port_of(ai->ai_addr) == 7);
    CHECK(ai->ai_socktype == SOCK_DGRAM && ai->ai_protocol == IPPROTO_UDP);
    CHECK(ai->ai_addrlen ==
          (ai->ai_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)));
  }
  freeaddrinfo(res);

  /* Names are not case-sensitive. */
  res = lookup("LocalHost", "7", AF_UNSPEC, SOCK_DGRAM, 0, &rc);
  CHECK(rc == 0 && res != NULL && is_loopback(res->ai_addr));
  freeaddrinfo(res);

  /* AF_INET: 127.0.0.1 and nothing else. */
  res = lookup("localhost", "domain", AF_INET, 0, 0, &rc);
  CHECK(rc == 0 && res != NULL);
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
    CHECK(ai->ai_family == AF_INET && is_loopback(ai->ai_addr) && port_of(ai->ai_addr) == 53);
  freeaddrinfo(res);

  /* AF_INET6: ::1 where the machine lists it for localhost, else no
   * address of that family. With AI_V4MAPPED there is always an answer. */
  res = lookup("localhost", "7", AF_INET6, SOCK_DGRAM, 0, &rc);
  CHECK(rc == 0 || rc == EAI_NONAME);
  show("localhost AF_INET6", res);
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
    CHECK(ai->ai_family == AF_INET6 && is_loopback(ai->ai_addr));
  freeaddrinfo(res);
  res = lookup("localhost", "7", AF_INET6, SOCK_DGRAM, AI_V4MAPPED, &rc);
  CHECK(rc == 0 && res != NULL);
  show("localhost AF_INET6 AI_V4MAPPED", res);
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
    CHECK(ai->ai_family == AF_INET6 &&
          (is_loopback(ai->ai_addr) || is_mapped_loopback(ai->ai_addr)));
  freeaddrinfo(res);

  /* Socket type 0: each address as stream, datagram and raw, in turn; the
   * canonical name on the first entry only. */
  res = lookup("localhost", "9", AF_UNSPEC, 0, AI_CANONNAME, &rc);
  CHECK(rc == 0 && res != NULL);
  CHECK(res && res->ai_canonname && !strncmp(res->ai_canonname, "localhost", 9));
  int n = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next, n++) {
    static const int order[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_RAW};
    CHECK(ai->ai_socktype == order[n % 3]);
    CHECK(is_loopback(ai->ai_addr));
    if (n)
      CHECK(ai->ai_canonname == NULL);
  }
  CHECK(n > 0 && n % 3 == 0);
  freeaddrinfo(res);

  /* AI_PASSIVE does not matter when a host is given. */
  res = lookup("localhost", "7", AF_INET, SOCK_DGRAM, AI_PASSIVE, &rc);
  CHECK(rc == 0 && res != NULL && is_loopback(res->ai_addr));
  freeaddrinfo(res);
}

static void check_missing(void) {
  int rc;
  /* RFC 6761 reserves .invalid: it never resolves. */
  struct addrinfo *res = lookup("no-such-host.invalid", "7", AF_UNSPEC, SOCK_DGRAM, 0, &rc);
  CHECK(rc == EAI_NONAME || rc == EAI_AGAIN);
  CHECK(res == NULL);
  res = lookup("bad name", "7", AF_UNSPEC, SOCK_DGRAM, 0, &rc);
  CHECK(rc == EAI_NONAME || rc == EAI_AGAIN);
  /* Not an inet_aton form, so a name to glibc, and no such name exists
   * (hosts that parse names as URLs would read 1.2.3.4). */
  res = lookup("1.2.3.4.", "7", AF_UNSPEC, SOCK_DGRAM, 0, &rc);
  CHECK(rc == EAI_NONAME || rc == EAI_AGAIN);
  res = lookup("10.0.0.256", "7", AF_UNSPEC, SOCK_DGRAM, 0, &rc);
  CHECK(rc == EAI_NONAME || rc == EAI_AGAIN);
  /* A service fault is found before any lookup. */
  res = lookup("no-such-host.invalid", "no-such-service", AF_UNSPEC, 0, 0, &rc);
  CHECK(rc == EAI_SERVICE);
}

/* Lookups in a row: nothing leaks (Wasmtime fails a run that leaks
 * handles once -Smax-resources is reached). */
static void check_repeat(void) {
  for (int i = 0; i < 50; i++) {
    int rc;
    struct addrinfo *res = lookup("localhost", "80", AF_INET, SOCK_STREAM, 0, &rc);
    CHECK(rc == 0 && res != NULL);
    freeaddrinfo(res);
  }
}

int main(void) {
  check_localhost();
  check_missing();
  check_repeat();
  CHECK_DONE();
}
