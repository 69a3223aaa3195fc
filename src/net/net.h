/* Address and name conversion: the <arpa/inet.h> and <netdb.h> calls.
 * Everything here is pure computation except p3_resolve, the one place
 * that asks the host (wasi:sockets/ip-name-lookup). */
#ifndef P3_NET_H
#define P3_NET_H

#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* An IPv4 or IPv6 socket address, sized for either. */
union p3_sa {
  struct sockaddr sa;
  struct sockaddr_in in;
  struct sockaddr_in6 in6;
};

/* Strict dotted-quad: exactly four decimal parts 0-255 without leading
 * zeros, and nothing after them (inet_pton's rule). 1 on success. */
int p3_pton4(const char *s, uint8_t out[4]);
/* inet_aton's classic forms (a, a.b, a.b.c, a.b.c.d; each part decimal,
 * 0x-hex or 0-octal). Returns where parsing stopped, or NULL if no valid
 * address starts s; *addr is in host byte order. */
const char *p3_aton(const char *s, uint32_t *addr);

/* Writes the text form of a 4- or 16-byte address (inet_ntop's rules) and
 * returns its length; buf must hold INET6_ADDRSTRLEN bytes. */
size_t p3_ntop4(const uint8_t a[4], char *buf);
size_t p3_ntop6(const uint8_t a[16], char *buf);
/* Writes v in decimal, returns the number of characters (no NUL). */
size_t p3_utoa(uint32_t v, char *buf);

/* The service table (a subset of IANA's assignments, as /etc/services
 * names them). Protocols are a bit set; an alias is an entry of its own
 * (P3_SVC_ALIAS) right after its service's entry, with the same port. */
enum { P3_SVC_TCP = 1, P3_SVC_UDP = 2, P3_SVC_ALIAS = 4 };
struct p3_service {
  const char *name;
  unsigned short port;
  unsigned char flags; /* P3_SVC_* */
};
extern const struct p3_service p3_services[];
extern const size_t p3_nservices;
/* The port (host order) of a service name or alias for the protocol, or -1. */
int p3_service_port(const char *name, int proto);
/* The official name of a port for the protocol, or NULL. */
const char *p3_service_name(unsigned port, int proto);

/* Resolves a host name through the host: 0 and a malloc'd array of
 * addresses (port 0) in the host's order, or an EAI_* code (EAI_AGAIN
 * when the host does not answer in time). */
int p3_resolve(const char *name, union p3_sa **out, size_t *n);

#endif
