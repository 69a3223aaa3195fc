/* The way portable programs use the name calls with UDP: getaddrinfo
 * gives the address to bind (AI_PASSIVE) and the one to send to, the
 * program tries each result until socket and bind work, and getnameinfo
 * turns the bound port and the sender's address back into text. Done over
 * IPv4 ("127.0.0.1", "localhost") and IPv6 ("::1") loopback. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "check.h"

static struct addrinfo *resolve(const char *host, const char *port, int family, int flags) {
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = family;
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = flags;
  int rc = getaddrinfo(host, port, &hints, &res);
  if (rc) {
    fprintf(stderr, "getaddrinfo(%s, %s): %s\n", host ? host : "NULL", port, gai_strerror(rc));
    check_failures++;
    return NULL;
  }
  return res;
}

/* The usual loop: the first result that gives a bound socket. */
static int bind_first(const struct addrinfo *res, int *family) {
  for (; res; res = res->ai_next) {
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0)
      continue;
    if (bind(fd, res->ai_addr, res->ai_addrlen) == 0) {
      struct timeval tv = {.tv_sec = 2, .tv_usec = 0};
      CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
      *family = res->ai_family;
      return fd;
    }
    close(fd);
  }
  return -1;
}

/* The text form of a socket's own port. */
static void local_port(int fd, char *port, size_t size) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  CHECK_OK(getsockname(fd, (struct sockaddr *) &ss, &len));
  CHECK(getnameinfo((struct sockaddr *) &ss, len, NULL, 0, port, (socklen_t) size,
                    NI_NUMERICSERV | NI_DGRAM) == 0);
}

/* A server bound from bind_host, a client sending to send_host: the
 * datagram arrives, and the sender's address reads as want_host. */
static void roundtrip(const char *bind_host, int bind_flags, const char *send_host, int family,
                      const char *want_host) {
  struct addrinfo *res = resolve(bind_host, "0", family, bind_flags);
  if (!res)
    return;
  int sfamily = 0;
  int server = bind_first(res, &sfamily);
  freeaddrinfo(res);
  CHECK(server >= 0);
  if (server < 0)
    return;
  char port[NI_MAXSERV];
  local_port(server, port, sizeof port);
  CHECK(atoi(port) > 0);

  res = resolve(send_host, port, family, AI_NUMERICSERV);
  if (!res) {
    close(server);
    return;
  }
  int client = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  CHECK(client >= 0);
  CHECK(sendto(client, "ping", 4, 0, res->ai_addr, res->ai_addrlen) == 4);
  freeaddrinfo(res);
  char client_port[NI_MAXSERV];
  local_port(client, client_port, sizeof client_port);

  char buf[16];
  struct sockaddr_storage from;
  socklen_t fromlen = sizeof from;
  ssize_t n = recvfrom(server, buf, sizeof buf, 0, (struct sockaddr *) &from, &fromlen);
  CHECK(n == 4 && !memcmp(buf, "ping", 4));
  if (n == 4) {
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    CHECK(getnameinfo((struct sockaddr *) &from, fromlen, host, sizeof host, serv, sizeof serv,
                      NI_NUMERICHOST | NI_NUMERICSERV | NI_DGRAM) == 0);
    if (strcmp(host, want_host) || strcmp(serv, client_port)) {
      fprintf(stderr, "%s -> %s: sender %s port %s, want %s port %s\n", send_host, bind_host, host,
              serv, want_host, client_port);
      check_failures++;
    }
  }
  close(client);
  close(server);
}

int main(void) {
  /* Bound to the wildcard (AI_PASSIVE): IPv4 comes first for AF_UNSPEC. */
  roundtrip(NULL, AI_PASSIVE, "127.0.0.1", AF_INET, "127.0.0.1");
  roundtrip(NULL, AI_PASSIVE, "localhost", AF_INET, "127.0.0.1");
  /* Bound to a loopback name and number. */
  roundtrip("localhost", 0, "127.0.0.1", AF_INET, "127.0.0.1");
  roundtrip("127.0.0.1", AI_NUMERICHOST, "localhost", AF_INET, "127.0.0.1");
  /* IPv6 loopback: NULL host without AI_PASSIVE is ::1. */
  roundtrip(NULL, 0, "::1", AF_INET6, "::1");
  roundtrip("::1", AI_NUMERICHOST, "::1", AF_INET6, "::1");
  CHECK_DONE();
}
