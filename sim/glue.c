/* What ties p3net and the simulator into an ordinary native program:
 * process start (the policy, argv), the end-of-run check, and the one
 * POSIX prototype that differs between glibc and p3net (ioctl). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "sim.h"

/* p3net's ioctl, renamed at compile time (sim/compat.h). */
int p3sim_p3net_ioctl(int fd, int request, ...);

int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  return p3sim_p3net_ioctl(fd, (int) request, arg);
}

extern int p3sim_argc;
extern char **p3sim_argv;

void p3sim_finish(void) {
  static int done;
  if (done)
    return;
  done = 1;
  /* What run.c does after main, then what the instance's end implies:
   * every socket closed, so p3net must hand back every host handle. */
  for (int fd = 3; fd < 65536; fd++)
    close(fd); /* p3net's close; EBADF for unused numbers */
  p3_stdio_finish();
  if (p3sim_pol.leak_check && p3sim_count_leaks())
    p3sim_trap("host handles leaked at exit (listed above)");
}

static void at_exit(void) {
  p3sim_finish();
}

/* glibc passes argc and argv to ELF constructors. */
__attribute__((constructor)) static void start(int argc, char **argv) {
  p3sim_argc = argc;
  p3sim_argv = argv;
  p3sim_init();
  /* Registered before main runs, so it runs after the program's own
   * atexit handlers, as run.c's epilogue does after main returns. */
  atexit(at_exit);
}
