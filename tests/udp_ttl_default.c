/* A fresh socket reports the hop limit the system really uses (64 on
 * Linux), and setting -1 brings that value back.
 *
 * preview3-shim 0.7 reports 1 for a socket whose hop limit was never set,
 * while its Node socket sends with the OS default (64): measured on jco
 * 1.35. p3net passes the host's answer through and maps -1 to 64. The
 * restored value is compared with 64, not with the first answer, so that
 * the defect shows in the two checks of a fresh socket alone and a wrong
 * -1 mapping would fail a check no mark excuses. */
// P3NET-EXPECT-FAIL(jco): CHECK(ttl0 == 64) -- preview3-shim reports a hop limit of 1 for a fresh socket
// P3NET-EXPECT-FAIL(jco): CHECK(hops0 == 64) -- preview3-shim reports a hop limit of 1 for a fresh socket
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

static int get(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  CHECK_OK(getsockopt(fd, level, name, &v, &len));
  return v;
}

int main(void) {
  int s4 = socket(AF_INET, SOCK_DGRAM, 0), s6 = socket(AF_INET6, SOCK_DGRAM, 0);
  CHECK(s4 >= 0 && s6 >= 0);
  int ttl0 = get(s4, IPPROTO_IP, IP_TTL), hops0 = get(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS);
  CHECK(ttl0 == 64);
  CHECK(hops0 == 64);
  int v = 9, minus1 = -1;
  CHECK_OK(setsockopt(s4, IPPROTO_IP, IP_TTL, &v, sizeof v));
  CHECK_OK(setsockopt(s4, IPPROTO_IP, IP_TTL, &minus1, sizeof minus1));
  CHECK(get(s4, IPPROTO_IP, IP_TTL) == 64);
  CHECK_OK(setsockopt(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &v, sizeof v));
  CHECK_OK(setsockopt(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &minus1, sizeof minus1));
  CHECK(get(s6, IPPROTO_IPV6, IPV6_UNICAST_HOPS) == 64);
  close(s4);
  close(s6);
  CHECK_DONE();
}
