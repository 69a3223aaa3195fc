/* Tiny assertion helpers for p3net's test programs. Tests are plain POSIX C
 * built three ways (glibc natively, p3cc on Wasmtime and on jco); a test
 * passes when it exits 0. Every CHECK prints what failed and where.
 *
 * A failed check prints one line on stderr that names it as it is written:
 *   FILE:LINE: CHECK(cond) failed (errno N: text)
 *   FILE:LINE: CHECK_ERR(call, EXXX) failed: want -1/..., got R/...
 *   FILE:LINE: CHECK_OK(call) failed: text
 * and CHECK_DONE ends with "N check(s) failed". The harnesses read exactly
 * these lines to tell the failure a `P3NET-EXPECT-FAIL` mark names from any
 * other (scripts/test.sh), so keep their shape. */
#ifndef P3NET_TESTS_CHECK_H
#define P3NET_TESTS_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int check_failures;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: CHECK(%s) failed (errno %d: %s)\n", __FILE__, __LINE__, #cond,       \
              errno, strerror(errno));                                                             \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

/* A call that must fail with a given errno. */
#define CHECK_ERR(call, err)                                                                       \
  do {                                                                                             \
    errno = 0;                                                                                     \
    long check_r_ = (long) (call);                                                                 \
    int check_e_ = errno;                                                                          \
    if (check_r_ != -1 || check_e_ != (err)) {                                                     \
      fprintf(stderr, "%s:%d: CHECK_ERR(%s, %s) failed: want -1/%s, got %ld/%s\n", __FILE__,       \
              __LINE__, #call, #err, strerror(err), check_r_, strerror(check_e_));                 \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

/* A call that must succeed (not return -1). */
#define CHECK_OK(call)                                                                             \
  do {                                                                                             \
    errno = 0;                                                                                     \
    long check_r_ = (long) (call);                                                                 \
    if (check_r_ == -1) {                                                                          \
      fprintf(stderr, "%s:%d: CHECK_OK(%s) failed: %s\n", __FILE__, __LINE__, #call,               \
              strerror(errno));                                                                    \
      check_failures++;                                                                            \
    }                                                                                              \
  } while (0)

static inline double check_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Ends the test: 0 when nothing failed. */
#define CHECK_DONE()                                                                               \
  do {                                                                                             \
    if (check_failures)                                                                            \
      fprintf(stderr, "%d check(s) failed\n", check_failures);                                     \
    return check_failures ? 1 : 0;                                                                 \
  } while (0)

#endif
