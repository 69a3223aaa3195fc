/* A resolver that never answers: getaddrinfo gives up after its bounded
 * wait (EAI_AGAIN) and cancels the lookup; on jco the cancelled lookup
 * still writes its result later, into memory p3net must have kept. The
 * program goes on working afterwards. */
// P3SIM-ENV: P3SIM_LOOKUP_HANG=1
// P3SIM-POLICIES: asan:immediate asan:jco:seed=1 valgrind:immediate
// P3NET-TIMEOUT: 30
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_socktype = SOCK_DGRAM;
  double t0 = check_now_ms();
  int r = getaddrinfo("localhost", "9", &hints, &res);
  double took = check_now_ms() - t0;
  printf("getaddrinfo: %d (%s) after %.0f ms\n", r, r ? gai_strerror(r) : "ok", took);
  if (r == 0) {
    freeaddrinfo(res); /* natively, /etc/hosts answers at once */
  } else {
    CHECK(r == EAI_AGAIN);
    CHECK(took >= 1000 && took < 20000);
  }
  /* Sockets still work, and a late write into the cancelled lookup (jco)
   * lands in memory that is still p3net's. */
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  struct timespec ts = {0, 30 * 1000 * 1000};
  CHECK_OK(nanosleep(&ts, NULL));
  CHECK_OK(close(fd));
  CHECK_DONE();
}
