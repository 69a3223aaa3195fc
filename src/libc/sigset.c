/* Signal sets: one bit per signal 1-64, from the first byte up. They are
 * handled as bytes, so the code serves both p3net's sigset_t and glibc's
 * (the simulated host), which have the same little-endian bit order. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "libc/libc.h"

int sigemptyset(sigset_t *set) {
  memset(set, 0, sizeof *set);
  return 0;
}

int sigfillset(sigset_t *set) {
  memset(set, 0, sizeof *set);
  memset(set, 0xff, P3_NSIG_MAX / 8);
  return 0;
}

static int valid(int sig) {
  if (sig < 1 || sig > P3_NSIG_MAX) {
    errno = EINVAL;
    return 0;
  }
  return 1;
}

int sigaddset(sigset_t *set, int sig) {
  if (!valid(sig))
    return -1;
  p3_sigset_put(set, sig, 1);
  return 0;
}

int sigdelset(sigset_t *set, int sig) {
  if (!valid(sig))
    return -1;
  p3_sigset_put(set, sig, 0);
  return 0;
}

int sigismember(const sigset_t *set, int sig) {
  if (!valid(sig))
    return -1;
  return p3_sigset_has(set, sig);
}

int p3_sigset_has(const sigset_t *set, int sig) {
  const unsigned char *b = (const unsigned char *) set;
  return (b[(sig - 1) / 8] >> ((sig - 1) % 8)) & 1;
}

void p3_sigset_put(sigset_t *set, int sig, int on) {
  unsigned char *b = (unsigned char *) set;
  unsigned char bit = (unsigned char) (1u << ((sig - 1) % 8));
  b[(sig - 1) / 8] =
      on ? (unsigned char) (b[(sig - 1) / 8] | bit) : (unsigned char) (b[(sig - 1) / 8] & ~bit);
}
