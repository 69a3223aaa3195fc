/* Clocks and sleeps: the monotonic clock never goes back, the real-time
 * clock is plausible, sleeps last at least as long as asked (and not
 * absurdly longer), and bad arguments fail with EINVAL. */
#include <unistd.h>

#include "check.h"

static double ms_between(const struct timespec *a, const struct timespec *b) {
  return (b->tv_sec - a->tv_sec) * 1e3 + (b->tv_nsec - a->tv_nsec) / 1e6;
}

int main(void) {
  struct timespec prev, now;

  /* CLOCK_MONOTONIC: 1000 reads, each no earlier than the one before. */
  CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &prev));
  int backwards = 0;
  for (int i = 0; i < 1000; i++) {
    CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &now));
    CHECK(now.tv_nsec >= 0 && now.tv_nsec < 1000000000L);
    if (now.tv_sec < prev.tv_sec || (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec))
      backwards++;
    prev = now;
  }
  CHECK(backwards == 0);

  /* CLOCK_REALTIME: after 2020-01-01 (1577836800), and time() agrees. */
  struct timespec real;
  CHECK_OK(clock_gettime(CLOCK_REALTIME, &real));
  CHECK(real.tv_sec > 1577836800);
  CHECK(real.tv_nsec >= 0 && real.tv_nsec < 1000000000L);
  time_t t = time(NULL);
  CHECK(t >= real.tv_sec && t - real.tv_sec < 5);
  struct tm tm;
  CHECK(gmtime_r(&t, &tm) != NULL && tm.tm_year + 1900 > 2020);

  /* nanosleep(50 ms): at least 50 ms, well under 2 s. */
  struct timespec req = {0, 50 * 1000 * 1000}, rem = {1, 1}, a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  CHECK(nanosleep(&req, &rem) == 0);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double slept = ms_between(&a, &b);
  CHECK(slept >= 50.0);
  CHECK(slept < 2000.0);
  printf("nanosleep(50 ms) took %.3f ms\n", slept);

  /* usleep(20000): at least 20 ms. */
  clock_gettime(CLOCK_MONOTONIC, &a);
  CHECK(usleep(20000) == 0);
  clock_gettime(CLOCK_MONOTONIC, &b);
  slept = ms_between(&a, &b);
  CHECK(slept >= 20.0);
  CHECK(slept < 2000.0);
  printf("usleep(20000) took %.3f ms\n", slept);

  CHECK(sleep(0) == 0);

  /* Out-of-range nanoseconds. */
  struct timespec bad = {0, 1000000000L};
  CHECK_ERR(nanosleep(&bad, NULL), EINVAL);
  bad = (struct timespec) {0, -1};
  CHECK_ERR(nanosleep(&bad, NULL), EINVAL);

#ifndef __wasi__
  /* An unknown clock id. Not under WASI: wasi-libc's clockid_t is a pointer
   * to a libc-private object (const struct __clockid *), so there is no
   * "unknown number" to pass -- any made-up value would be a made-up
   * pointer, not a POSIX clock id. */
  CHECK_ERR(clock_gettime((clockid_t) 12345, &now), EINVAL);
#endif

  struct timespec res = {0, 0};
  CHECK_OK(clock_getres(CLOCK_MONOTONIC, &res));
  CHECK(res.tv_sec > 0 || res.tv_nsec > 0);
  CHECK_OK(clock_getres(CLOCK_REALTIME, &res));
  CHECK(res.tv_sec > 0 || res.tv_nsec > 0);
  CHECK_DONE();
}
