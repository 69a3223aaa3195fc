/* getservbyname and getservbyport (and their _r forms) from the built-in
 * service table (services.c), answering as glibc does from Linux's
 * /etc/services: a service has a tcp and/or a udp line, tcp first, so a
 * NULL protocol finds the tcp line when there is one; a name may be an
 * alias, the answer is the service's own name with its aliases; a port
 * (network byte order) finds the service's own name. Strings are copied
 * into the caller's buffer: one too small is ERANGE. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "net/entbuf.h"
#include "net/net.h"

/* The protocol bit a protocol name asks for: both for NULL, 0 for a
 * protocol the table does not have. */
static int proto_bits(const char *proto) {
  if (!proto)
    return P3_SVC_TCP | P3_SVC_UDP;
  if (!strcmp(proto, "tcp"))
    return P3_SVC_TCP;
  if (!strcmp(proto, "udp"))
    return P3_SVC_UDP;
  return 0;
}

/* The entry a service named name (or one of its aliases), or one with
 * port, has for the protocols in want: its official entry's index and the
 * one protocol chosen, or -1. */
static long find(const char *name, int port, int want, int *chosen) {
  for (size_t i = 0; i < p3_nservices; i++) {
    const struct p3_service *s = &p3_services[i];
    int has = s->flags & want;
    if (!has)
      continue;
    if (name ? strcmp(s->name, name) != 0 : (s->port != port || (s->flags & P3_SVC_ALIAS)))
      continue;
    size_t off = i;
    while (p3_services[off].flags & P3_SVC_ALIAS)
      off--; /* an alias follows its service */
    *chosen = (has & P3_SVC_TCP) ? P3_SVC_TCP : P3_SVC_UDP;
    return (long) off;
  }
  return -1;
}

static int fill(long off, int proto, struct servent *ret, char *buf, size_t buflen,
                struct servent **result) {
  const struct p3_service *s = &p3_services[off];
  size_t naliases = 0;
  for (size_t i = (size_t) off + 1; i < p3_nservices && (p3_services[i].flags & P3_SVC_ALIAS); i++)
    naliases += (p3_services[i].flags & proto) != 0;
  struct p3_entbuf b = {buf, buflen};
  char **aliases = p3_entbuf_take(&b, (naliases + 1) * sizeof(char *));
  char *name = aliases ? p3_entbuf_str(&b, s->name) : NULL;
  char *pname = name ? p3_entbuf_str(&b, proto == P3_SVC_TCP ? "tcp" : "udp") : NULL;
  size_t k = 0;
  for (size_t i = (size_t) off + 1;
       pname && i < p3_nservices && (p3_services[i].flags & P3_SVC_ALIAS); i++)
    if ((p3_services[i].flags & proto) && !(aliases[k++] = p3_entbuf_str(&b, p3_services[i].name)))
      pname = NULL;
  if (!pname) {
    errno = ERANGE;
    return ERANGE;
  }
  aliases[k] = NULL;
  *ret = (struct servent) {name, aliases, (int) htons(s->port), pname};
  *result = ret;
  return 0;
}

int getservbyname_r(const char *restrict name, const char *restrict proto,
                    struct servent *restrict ret, char *restrict buf, size_t buflen,
                    struct servent **restrict result) {
  *result = NULL;
  int chosen;
  long off = find(name, 0, proto_bits(proto), &chosen);
  return off < 0 ? 0 : fill(off, chosen, ret, buf, buflen, result);
}

int getservbyport_r(int port, const char *restrict proto, struct servent *restrict ret,
                    char *restrict buf, size_t buflen, struct servent **restrict result) {
  *result = NULL;
  int chosen;
  long off = find(NULL, ntohs((uint16_t) port), proto_bits(proto), &chosen);
  return off < 0 ? 0 : fill(off, chosen, ret, buf, buflen, result);
}

/* The classic calls share one answer; the table's longest entry fits. */
static struct servent static_serv;
static char static_buf[256];

struct servent *getservbyname(const char *name, const char *proto) {
  struct servent *r;
  getservbyname_r(name, proto, &static_serv, static_buf, sizeof static_buf, &r);
  return r;
}

struct servent *getservbyport(int port, const char *proto) {
  struct servent *r;
  getservbyport_r(port, proto, &static_serv, static_buf, sizeof static_buf, &r);
  return r;
}
