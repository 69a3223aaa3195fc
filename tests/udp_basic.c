/* UDP over IPv4 loopback, the plainest path: socket, bind to port 0,
 * getsockname reports the kernel-chosen port, sendto self, recvfrom returns
 * the payload and the sender's bound address. Every other UDP test leans on
 * this working, so it pins the core contract on its own. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_util.h"

int main(void) {
  int a = socket(AF_INET, SOCK_DGRAM, 0);
  int b = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(a >= 0);
  CHECK(b >= 0);
  limit_wait(a);
  limit_wait(b);
  CHECK(a != b);

  /* Before bind, getsockname says AF_INET, 0.0.0.0:0. */
  struct sockaddr_in sa;
  socklen_t len = sizeof sa;
  memset(&sa, 0xff, sizeof sa);
  CHECK_OK(getsockname(a, (struct sockaddr *) &sa, &len));
  CHECK(len == sizeof sa);
  CHECK(sa.sin_family == AF_INET);
  CHECK(sa.sin_port == 0);
  CHECK(sa.sin_addr.s_addr == htonl(INADDR_ANY));

  struct sockaddr_in bind_a = loopback4(0);
  CHECK_OK(bind(a, (struct sockaddr *) &bind_a, sizeof bind_a));
  struct sockaddr_in bind_b = loopback4(0);
  CHECK_OK(bind(b, (struct sockaddr *) &bind_b, sizeof bind_b));

  /* After bind, the port is chosen and the address is the one we gave. */
  struct sockaddr_in name_a, name_b;
  len = sizeof name_a;
  CHECK_OK(getsockname(a, (struct sockaddr *) &name_a, &len));
  CHECK(len == sizeof name_a);
  CHECK(name_a.sin_family == AF_INET);
  CHECK(name_a.sin_port != 0);
  CHECK(name_a.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  len = sizeof name_b;
  CHECK_OK(getsockname(b, (struct sockaddr *) &name_b, &len));
  CHECK(name_b.sin_port != 0);
  CHECK(name_b.sin_port != name_a.sin_port);

  /* Binding again fails: the socket already has an address. */
  CHECK_ERR(bind(a, (struct sockaddr *) &bind_a, sizeof bind_a), EINVAL);

  /* A socket sends to itself. */
  static const char msg1[] = "hello, self";
  CHECK(sendto(a, msg1, sizeof msg1, 0, (struct sockaddr *) &name_a, sizeof name_a) ==
        (ssize_t) sizeof msg1);
  CHECK(readable(a));
  char buf[64];
  struct sockaddr_in from;
  memset(&from, 0, sizeof from);
  len = sizeof from;
  ssize_t n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
  CHECK(n == (ssize_t) sizeof msg1);
  CHECK(n == (ssize_t) sizeof msg1 && memcmp(buf, msg1, sizeof msg1) == 0);
  CHECK(len == sizeof from);
  CHECK(from.sin_family == AF_INET);
  CHECK(from.sin_port == name_a.sin_port);
  CHECK(from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));

  /* b sends to a: the source is b's bound address. */
  static const char msg2[] = "from b";
  CHECK(sendto(b, msg2, sizeof msg2, 0, (struct sockaddr *) &name_a, sizeof name_a) ==
        (ssize_t) sizeof msg2);
  CHECK(readable(a));
  memset(&from, 0, sizeof from);
  len = sizeof from;
  n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
  CHECK(n == (ssize_t) sizeof msg2 && memcmp(buf, msg2, sizeof msg2) == 0);
  CHECK(from.sin_family == AF_INET);
  CHECK(from.sin_port == name_b.sin_port);
  CHECK(from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));

  /* a replies to the address recvfrom gave; recv (no address) works too. */
  static const char msg3[] = "reply";
  CHECK(sendto(a, msg3, sizeof msg3, 0, (struct sockaddr *) &from, len) == (ssize_t) sizeof msg3);
  CHECK(readable(b));
  n = recv(b, buf, sizeof buf, 0);
  CHECK(n == (ssize_t) sizeof msg3 && memcmp(buf, msg3, sizeof msg3) == 0);

  /* recvfrom with a NULL address is allowed. */
  CHECK(sendto(b, msg1, sizeof msg1, 0, (struct sockaddr *) &name_a, sizeof name_a) ==
        (ssize_t) sizeof msg1);
  CHECK(readable(a));
  n = recvfrom(a, buf, sizeof buf, 0, NULL, NULL);
  CHECK(n == (ssize_t) sizeof msg1 && memcmp(buf, msg1, sizeof msg1) == 0);

  /* A short address buffer gets a truncated address and the full length. */
  CHECK(sendto(b, msg2, sizeof msg2, 0, (struct sockaddr *) &name_a, sizeof name_a) ==
        (ssize_t) sizeof msg2);
  CHECK(readable(a));
  unsigned char small[4];
  memset(small, 0, sizeof small);
  len = sizeof small;
  n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *) small, &len);
  CHECK(n == (ssize_t) sizeof msg2);
  CHECK(len == sizeof(struct sockaddr_in));
  sa_family_t fam;
  memcpy(&fam, small, sizeof fam);
  CHECK(fam == AF_INET);
  CHECK(memcmp(small + 2, &name_b.sin_port, 2) == 0);

  /* A sendto without bind binds implicitly: getsockname shows a port. */
  int c = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(c >= 0);
  CHECK(sendto(c, msg1, sizeof msg1, 0, (struct sockaddr *) &name_a, sizeof name_a) ==
        (ssize_t) sizeof msg1);
  struct sockaddr_in name_c;
  len = sizeof name_c;
  CHECK_OK(getsockname(c, (struct sockaddr *) &name_c, &len));
  CHECK(name_c.sin_family == AF_INET);
  CHECK(name_c.sin_port != 0);
  CHECK(readable(a));
  len = sizeof from;
  n = recvfrom(a, buf, sizeof buf, 0, (struct sockaddr *) &from, &len);
  CHECK(n == (ssize_t) sizeof msg1);
  CHECK(from.sin_port == name_c.sin_port);
  CHECK(from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));

  CHECK_OK(close(c));
  CHECK_OK(close(b));
  CHECK_OK(close(a));
  CHECK_DONE();
}
