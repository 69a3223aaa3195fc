/* Raw system calls and diagnostics for the simulator (x86-64 Linux). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>

#include "sim.h"

long p3sim_sys(long n, long a, long b, long c, long d, long e, long f) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

uint64_t p3sim_mono_ns(void) {
  struct timespec ts;
  SYS2(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

long p3sim_write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len) {
    long n = SYS3(SYS_write, fd, p, len);
    if (n == -4 /* EINTR */)
      continue;
    if (n < 0)
      return n;
    p += n;
    len -= (size_t) n;
  }
  return 0;
}

_Noreturn void p3sim_exit_group(int code) {
  for (;;)
    SYS1(SYS_exit_group, code);
}

int p3sim_tracing;
int p3sim_trap_aborts;

static void vsay(const char *prefix, const char *fmt, va_list ap) {
  char line[1024];
  int n = snprintf(line, sizeof line, "%s", prefix);
  if (n < 0)
    n = 0;
  int m = vsnprintf(line + n, sizeof line - (size_t) n - 1, fmt, ap);
  if (m < 0)
    m = 0;
  size_t len = (size_t) n + (size_t) m;
  if (len > sizeof line - 2)
    len = sizeof line - 2;
  line[len++] = '\n';
  p3sim_write_all(2, line, len);
}

void p3sim_trace(const char *fmt, ...) {
  if (!p3sim_tracing)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsay("p3sim: ", fmt, ap);
  va_end(ap);
}

/* Under ASan/UBSan this prints where the trap came from. */
void __sanitizer_print_stack_trace(void) __attribute__((weak));

_Noreturn void p3sim_trap(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsay("p3sim TRAP: ", fmt, ap);
  va_end(ap);
  if (p3sim_trap_aborts)
    abort();
  if (__sanitizer_print_stack_trace)
    __sanitizer_print_stack_trace();
  p3sim_exit_group(P3SIM_TRAP_STATUS);
}
