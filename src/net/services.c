/* The service names getaddrinfo and getnameinfo know. A wasip3 component
 * has no /etc/services to read, so the common ones are built in: names,
 * ports and protocols are IANA's assignments, spelled as Linux's
 * /etc/services spells them (so "http" is tcp only and "ntp" udp only,
 * and getaddrinfo returns the same entries as on Linux). Aliases resolve
 * by name; a port maps back to its official name only. */
#include <string.h>

#include "net/net.h"

#define T P3_SVC_TCP
#define U P3_SVC_UDP
#define ALIAS P3_SVC_ALIAS

const struct p3_service p3_services[] = {
    {"tcpmux", 1, T},
    {"echo", 7, T | U},
    {"discard", 9, T | U},
    {"sink", 9, T | U | ALIAS},
    {"null", 9, T | U | ALIAS},
    {"systat", 11, T},
    {"daytime", 13, T | U},
    {"netstat", 15, T},
    {"qotd", 17, T},
    {"chargen", 19, T | U},
    {"ftp-data", 20, T},
    {"ftp", 21, T},
    {"ssh", 22, T},
    {"telnet", 23, T},
    {"smtp", 25, T},
    {"mail", 25, T | ALIAS},
    {"time", 37, T | U},
    {"whois", 43, T},
    {"domain", 53, T | U},
    {"bootps", 67, U},
    {"bootpc", 68, U},
    {"tftp", 69, U},
    {"gopher", 70, T},
    {"finger", 79, T},
    {"http", 80, T},
    {"www", 80, T | ALIAS},
    {"kerberos", 88, T | U},
    {"pop3", 110, T},
    {"sunrpc", 111, T | U},
    {"portmapper", 111, T | U | ALIAS},
    {"auth", 113, T},
    {"nntp", 119, T},
    {"ntp", 123, U},
    {"epmap", 135, T},
    {"netbios-ns", 137, U},
    {"netbios-dgm", 138, U},
    {"netbios-ssn", 139, T},
    {"imap2", 143, T},
    {"imap", 143, T | ALIAS},
    {"snmp", 161, T | U},
    {"snmp-trap", 162, T | U},
    {"bgp", 179, T},
    {"ldap", 389, T | U},
    {"https", 443, T | U},
    {"microsoft-ds", 445, T},
    {"isakmp", 500, U},
    {"syslog", 514, U},
    {"printer", 515, T},
    {"rtsp", 554, T | U},
    {"submission", 587, T},
    {"ipp", 631, T},
    {"ldaps", 636, T | U},
    {"domain-s", 853, T | U},
    {"rsync", 873, T},
    {"imaps", 993, T},
    {"pop3s", 995, T},
    {"socks", 1080, T},
    {"openvpn", 1194, T | U},
    {"ms-sql-s", 1433, T},
    {"nfs", 2049, T | U},
    {"mysql", 3306, T},
    {"svn", 3690, T},
    {"sip", 5060, T | U},
    {"sip-tls", 5061, T | U},
    {"xmpp-client", 5222, T},
    {"mdns", 5353, U},
    {"postgresql", 5432, T},
    {"postgres", 5432, T | ALIAS},
    {"amqp", 5672, T},
    {"x11", 6000, T},
    {"redis", 6379, T},
    {"http-alt", 8080, T},
    {"webcache", 8080, T | ALIAS},
    {"git", 9418, T},
};

#define NSERVICES (sizeof p3_services / sizeof *p3_services)
const size_t p3_nservices = NSERVICES;

int p3_service_port(const char *name, int proto) {
  for (size_t i = 0; i < NSERVICES; i++)
    if ((p3_services[i].flags & proto) && !strcmp(p3_services[i].name, name))
      return p3_services[i].port;
  return -1;
}

const char *p3_service_name(unsigned port, int proto) {
  for (size_t i = 0; i < NSERVICES; i++)
    if (p3_services[i].port == port && (p3_services[i].flags & proto) &&
        !(p3_services[i].flags & ALIAS))
      return p3_services[i].name;
  return NULL;
}
