/* The executable of the toolchain check: prints what the build system
 * found (config.h) and what the library it links says. */
#include <stdio.h>

#include "config.h"

int greet(char *out, int size);

static const char *yes(int v) {
  return v ? "yes" : "no";
}

int main(void) {
  char text[64];
  greet(text, sizeof text);
  printf("greet: %s\n", text);
#ifndef HAVE_NETDB_H
#define HAVE_NETDB_H 0
#endif
#ifndef HAVE_NET_IF_H
#define HAVE_NET_IF_H 0
#endif
#ifndef HAVE_IFADDRS_H
#define HAVE_IFADDRS_H 0
#endif
#ifndef HAVE_SYSLOG_H
#define HAVE_SYSLOG_H 0
#endif
#ifndef HAVE_GETHOSTBYNAME
#define HAVE_GETHOSTBYNAME 0
#endif
#ifndef HAVE_GETSERVBYNAME
#define HAVE_GETSERVBYNAME 0
#endif
#ifndef HAVE_IF_NAMETOINDEX
#define HAVE_IF_NAMETOINDEX 0
#endif
#ifndef HAVE_SIGACTION
#define HAVE_SIGACTION 0
#endif
#ifndef HAVE_GETIFADDRS
#define HAVE_GETIFADDRS 0
#endif
#ifndef HAVE_GETHOSTNAME
#define HAVE_GETHOSTNAME 0
#endif
#ifndef HAVE_FOPEN
#define HAVE_FOPEN 0
#endif
#ifndef HAVE_OPENDIR
#define HAVE_OPENDIR 0
#endif
#ifndef HAVE_FORK
#define HAVE_FORK 0
#endif
#ifndef HAVE_IP_MREQN
#define HAVE_IP_MREQN 0
#endif
  printf("netdb.h=%s net/if.h=%s ifaddrs.h=%s syslog.h=%s\n", yes(HAVE_NETDB_H), yes(HAVE_NET_IF_H),
         yes(HAVE_IFADDRS_H), yes(HAVE_SYSLOG_H));
  printf("gethostbyname=%s getservbyname=%s if_nametoindex=%s sigaction=%s\n",
         yes(HAVE_GETHOSTBYNAME), yes(HAVE_GETSERVBYNAME), yes(HAVE_IF_NAMETOINDEX),
         yes(HAVE_SIGACTION));
  printf("getifaddrs=%s gethostname=%s ip_mreqn=%s\n", yes(HAVE_GETIFADDRS), yes(HAVE_GETHOSTNAME),
         yes(HAVE_IP_MREQN));
  printf("fopen=%s opendir=%s fork=%s\n", yes(HAVE_FOPEN), yes(HAVE_OPENDIR), yes(HAVE_FORK));
  return 0;
}
