/* The arguments of nanosleep and clock_nanosleep, with Linux's answers.
 * nanosleep fails with -1 and errno; clock_nanosleep returns the error
 * number and leaves errno alone. A NULL request is EFAULT for both, an
 * absolute one included (a layer that reads the deadline before checking
 * the pointer traps there instead). Out-of-range fields are EINVAL for
 * relative and absolute sleeps alike: an absolute time is checked before
 * anything is subtracted from it. An absolute time already past returns at
 * once, and one a little ahead is waited for. How long a huge sleep lasts
 * cannot be observed by a test that has to end; that every conversion
 * saturates is checked through SO_RCVTIMEO in udp_timeo_huge. */
#include <stdint.h>
#include <unistd.h>

#include "check.h"

static double ms_since(double t0) {
  return check_now_ms() - t0;
}

/* CLOCK_MONOTONIC now plus ms (ms may be negative). */
static struct timespec mono_in(long ms) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  long long ns = (long long) t.tv_nsec + (long long) ms * 1000000;
  t.tv_sec += (time_t) (ns / 1000000000);
  ns %= 1000000000;
  if (ns < 0) {
    ns += 1000000000;
    t.tv_sec--;
  }
  t.tv_nsec = (long) ns;
  return t;
}

int main(void) {
  struct timespec bad_ns = {0, 1000000000L}, neg_ns = {0, -1}, neg_s = {-1, 0};

  CHECK_ERR(nanosleep(NULL, NULL), EFAULT);
  CHECK_ERR(nanosleep(&bad_ns, NULL), EINVAL);
  CHECK_ERR(nanosleep(&neg_ns, NULL), EINVAL);
  CHECK_ERR(nanosleep(&neg_s, NULL), EINVAL);

  /* clock_nanosleep: the error is the return value, errno is untouched. */
  errno = 12345;
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, NULL, NULL) == EFAULT);
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, NULL, NULL) == EFAULT);
  CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, NULL, NULL) == EFAULT);
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad_ns, NULL) == EINVAL);
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &neg_s, NULL) == EINVAL);
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &bad_ns, NULL) == EINVAL);
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &neg_ns, NULL) == EINVAL);
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &neg_s, NULL) == EINVAL);
  CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &bad_ns, NULL) == EINVAL);
  /* A valid time with an out-of-range nanosecond field: an absolute time a
   * second ahead whose tv_nsec is 1e9 must not become a valid difference. */
  struct timespec ahead_bad = mono_in(1000);
  ahead_bad.tv_nsec = 1000000000L;
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ahead_bad, NULL) == EINVAL);
  CHECK(errno == 12345);

  /* Absolute times already reached: at once. (Wasmtime's monotonic clock
   * starts near 0 with the program, so "a second ago" may not exist: the
   * times used are now and the clock's origin.) */
  struct timespec past = mono_in(0), rem = {7, 7};
  double t0 = check_now_ms();
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, &rem) == 0);
  struct timespec origin = {0, 0}, epoch = {1, 0};
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &origin, NULL) == 0);
  CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &epoch, NULL) == 0);
  CHECK(ms_since(t0) < 500);

  /* An absolute time 100 ms ahead: reached, not much later. */
  struct timespec soon = mono_in(100), after;
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &soon, NULL) == 0);
  clock_gettime(CLOCK_MONOTONIC, &after);
  CHECK(after.tv_sec > soon.tv_sec ||
        (after.tv_sec == soon.tv_sec && after.tv_nsec >= soon.tv_nsec));
  CHECK(ms_since(t0) < 2000);

  /* The same on the real-time clock. */
  struct timespec real;
  clock_gettime(CLOCK_REALTIME, &real);
  real.tv_sec += 1;
  t0 = check_now_ms();
  CHECK(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &real, NULL) == 0);
  CHECK(ms_since(t0) >= 900);
  CHECK(ms_since(t0) < 3000);

  /* A sleep that ends normally leaves rem alone (Linux writes it only
   * when a signal cuts the sleep short). */
  struct timespec short_req = {0, 10 * 1000 * 1000};
  rem = (struct timespec) {7, 7};
  CHECK(nanosleep(&short_req, &rem) == 0);
  CHECK(rem.tv_sec == 7 && rem.tv_nsec == 7);
  rem = (struct timespec) {7, 7};
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &short_req, &rem) == 0);
  CHECK(rem.tv_sec == 7 && rem.tv_nsec == 7);
  CHECK_DONE();
}
