/* The libc calls p3net adds beside the sysroot's: process identity, the
 * host name, signals, syslog, error texts. Nothing here asks the host: a
 * component has no process table, users or signal delivery, so each call
 * answers from fixed, documented facts or from state it keeps itself. */
#ifndef P3_LIBC_H
#define P3_LIBC_H

#include <signal.h>
#include <sys/types.h>

/* The highest signal number (Linux: 64, _NSIG - 1). */
#define P3_NSIG_MAX 64

/* Bit sig of a signal set (sig in 1..P3_NSIG_MAX, not checked). */
int p3_sigset_has(const sigset_t *set, int sig);
void p3_sigset_put(sigset_t *set, int sig, int on);

/* The fixed identity of the one process a component is (src/libc/ids.c). */
#define P3_PID 1
#define P3_PPID 0
#define P3_UID 65534
#define P3_GID 65534

#endif
