/* p3net <netdb.h>: Linux's names, values and struct layouts (glibc's
 * EAI_* and h_errno numbers). The sysroot has no netdb.h. getaddrinfo and
 * getnameinfo, and the older hostent, servent and protoent calls built on
 * them and on p3net's built-in service and protocol tables (a component
 * has no /etc files). */
#ifndef _NETDB_H
#define _NETDB_H

#include <features.h>
#include <netinet/in.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

struct addrinfo {
  int ai_flags;
  int ai_family;
  int ai_socktype;
  int ai_protocol;
  socklen_t ai_addrlen;
  struct sockaddr *ai_addr;
  char *ai_canonname;
  struct addrinfo *ai_next;
};

#define AI_PASSIVE 0x0001
#define AI_CANONNAME 0x0002
#define AI_NUMERICHOST 0x0004
#define AI_V4MAPPED 0x0008
#define AI_ALL 0x0010
#define AI_ADDRCONFIG 0x0020
#define AI_IDN 0x0040
#define AI_CANONIDN 0x0080
#define AI_NUMERICSERV 0x0400

#define NI_NUMERICHOST 1
#define NI_NUMERICSERV 2
#define NI_NOFQDN 4
#define NI_NAMEREQD 8
#define NI_DGRAM 16
#define NI_IDN 32

#define NI_MAXHOST 1025
#define NI_MAXSERV 32

#define EAI_BADFLAGS -1
#define EAI_NONAME -2
#define EAI_AGAIN -3
#define EAI_FAIL -4
#define EAI_NODATA -5
#define EAI_FAMILY -6
#define EAI_SOCKTYPE -7
#define EAI_SERVICE -8
#define EAI_ADDRFAMILY -9
#define EAI_MEMORY -10
#define EAI_SYSTEM -11
#define EAI_OVERFLOW -12

int getaddrinfo(const char *__restrict node, const char *__restrict service,
                const struct addrinfo *__restrict hints, struct addrinfo **__restrict res);
void freeaddrinfo(struct addrinfo *res);
const char *gai_strerror(int errcode);
int getnameinfo(const struct sockaddr *__restrict sa, socklen_t salen, char *__restrict host,
                socklen_t hostlen, char *__restrict serv, socklen_t servlen, int flags);

struct hostent {
  char *h_name;
  char **h_aliases;
  int h_addrtype;
  int h_length;
  char **h_addr_list;
};
#define h_addr h_addr_list[0]

struct servent {
  char *s_name;
  char **s_aliases;
  int s_port; /* network byte order */
  char *s_proto;
};

struct protoent {
  char *p_name;
  char **p_aliases;
  int p_proto;
};

/* The error of the last hostent call, as glibc declares it. */
int *__h_errno_location(void);
#define h_errno (*__h_errno_location())

#define NETDB_INTERNAL -1
#define NETDB_SUCCESS 0
#define HOST_NOT_FOUND 1
#define TRY_AGAIN 2
#define NO_RECOVERY 3
#define NO_DATA 4
#define NO_ADDRESS NO_DATA

struct hostent *gethostbyname(const char *name);
struct hostent *gethostbyname2(const char *name, int af);
struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);
int gethostbyname_r(const char *__restrict name, struct hostent *__restrict ret,
                    char *__restrict buf, size_t buflen, struct hostent **__restrict result,
                    int *__restrict h_errnop);
int gethostbyname2_r(const char *__restrict name, int af, struct hostent *__restrict ret,
                     char *__restrict buf, size_t buflen, struct hostent **__restrict result,
                     int *__restrict h_errnop);
int gethostbyaddr_r(const void *__restrict addr, socklen_t len, int type,
                    struct hostent *__restrict ret, char *__restrict buf, size_t buflen,
                    struct hostent **__restrict result, int *__restrict h_errnop);
void herror(const char *s);
const char *hstrerror(int err);

struct servent *getservbyname(const char *name, const char *proto);
struct servent *getservbyport(int port, const char *proto);
int getservbyname_r(const char *__restrict name, const char *__restrict proto,
                    struct servent *__restrict ret, char *__restrict buf, size_t buflen,
                    struct servent **__restrict result);
int getservbyport_r(int port, const char *__restrict proto, struct servent *__restrict ret,
                    char *__restrict buf, size_t buflen, struct servent **__restrict result);

struct protoent *getprotobyname(const char *name);
struct protoent *getprotobynumber(int proto);
int getprotobyname_r(const char *__restrict name, struct protoent *__restrict ret,
                     char *__restrict buf, size_t buflen, struct protoent **__restrict result);
int getprotobynumber_r(int proto, struct protoent *__restrict ret, char *__restrict buf,
                       size_t buflen, struct protoent **__restrict result);

#ifdef __cplusplus
}
#endif
#endif
