/* p3sim: a simulated wasip3 host for testing p3net natively. Internal
 * declarations shared by the simulator's files. See sim/README.md. */
#ifndef P3SIM_SIM_H
#define P3SIM_SIM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "bindings/command.h"

/* ---- raw Linux system calls (x86-64) ----
 * The test program links p3net, which defines socket, poll, close, write,
 * clock_gettime... and so interposes glibc's. The simulator reaches the
 * kernel without any of those names, and without touching errno (a real
 * host call never changes the guest's errno). Each returns -errno on
 * failure. */
long p3sim_sys(long n, long a, long b, long c, long d, long e, long f);
#define SYS0(n) p3sim_sys((n), 0, 0, 0, 0, 0, 0)
#define SYS1(n, a) p3sim_sys((n), (long) (a), 0, 0, 0, 0, 0)
#define SYS2(n, a, b) p3sim_sys((n), (long) (a), (long) (b), 0, 0, 0, 0)
#define SYS3(n, a, b, c) p3sim_sys((n), (long) (a), (long) (b), (long) (c), 0, 0, 0)
#define SYS4(n, a, b, c, d) p3sim_sys((n), (long) (a), (long) (b), (long) (c), (long) (d), 0, 0)
#define SYS5(n, a, b, c, d, e)                                                                     \
  p3sim_sys((n), (long) (a), (long) (b), (long) (c), (long) (d), (long) (e), 0)
#define SYS6(n, a, b, c, d, e, f)                                                                  \
  p3sim_sys((n), (long) (a), (long) (b), (long) (c), (long) (d), (long) (e), (long) (f))

/* Nanoseconds on CLOCK_MONOTONIC / CLOCK_REALTIME. */
uint64_t p3sim_mono_ns(void);
/* Writes all of buf to a real fd; -errno or 0. */
long p3sim_write_all(int fd, const void *buf, size_t len);
_Noreturn void p3sim_exit_group(int code);

/* ---- diagnostics ---- */
/* A host trap: prints "p3sim TRAP: ..." (and a stack under a sanitizer)
 * and ends the process with status P3SIM_TRAP_STATUS. */
#define P3SIM_TRAP_STATUS 97
/* Set by the fuzzer: a trap calls abort() (libFuzzer then keeps the input). */
extern int p3sim_trap_aborts;
_Noreturn void p3sim_trap(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A line on stderr when P3SIM_TRACE is set. */
void p3sim_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int p3sim_tracing;

/* ---- policy (from the environment, see README) ---- */
enum p3sim_mode { MODE_IMMEDIATE, MODE_DELAYED, MODE_RANDOM, MODE_JCO };
struct p3sim_policy {
  enum p3sim_mode mode;
  uint64_t seed;
  int fail_send_pct;      /* P3SIM_FAIL_SEND, as a percentage 0-100 */
  int short_writes;       /* P3SIM_SHORT_WRITES */
  int leak_check;         /* P3SIM_LEAK_CHECK (default 1) */
  int lookup_hang;        /* P3SIM_LOOKUP_HANG: resolve-addresses never answers */
  uint64_t send_delay_ns; /* P3SIM_SEND_DELAY_MS: a send returns only this long after it started */
  int bind_datagram;      /* P3SIM_BIND_DATAGRAM: a datagram arrives as soon as a socket is bound */
  /* P3SIM_CONNECT_ERRORS: the error codes the next TCP connects fail with,
   * one word each, split by commas, `ok` for one that goes through (what
   * is left of the list) */
  const char *connect_errors;
  /* P3SIM_STDIN_DROP_WITH_DATA: 1 the last bytes of stdin come with DROPPED,
   * 0 never, -1 (unset) sometimes in the random modes */
  int stdin_drop_with_data;
  /* P3SIM_MODE=jco at start: p3net is told it runs on jco (P3NET_HOST=jco in
   * its environment, as bin/p3run does), in this mode only */
  int says_jco;
};
extern struct p3sim_policy p3sim_pol;
/* Reads the environment once (idempotent). */
void p3sim_init(void);
/* A deterministic pseudo-random number from the seed. */
uint64_t p3sim_rand(void);
/* 1 with probability pct/100 (random modes only; callers choose the
 * fixed answer for the fixed modes). */
int p3sim_chance(int pct);
/* Whether an async call whose result is available returns it at once. */
int p3sim_return_now(void);

/* The fuzzer can drive every choice from its input instead. When set, it
 * is asked for a byte whenever the policy needs randomness. */
extern int (*p3sim_choice_hook)(void);

/* ---- the host state, for the end-of-run check ---- */
/* Returns the number of handles that should not be live at the end and
 * prints each on stderr. Allowed: the reactor's waitable set, one clock
 * subtask (the reactor's shared timer), and stdin's stream/future. */
int p3sim_count_leaks(void);
/* Live handles of any kind (for the fuzzer). */
unsigned p3sim_live_handles(void);

/* The end of a run: closes every descriptor p3net holds, finishes stdio,
 * checks for leaked handles (trap if any). Safe to call twice. */
void p3sim_finish(void);

/* p3net functions the simulator calls, as the real host would: */
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size);
void p3_stdio_finish(void);

#endif
