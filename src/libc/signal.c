/* Signals inside one component. Nothing outside can signal a component, so
 * a signal exists only when the program raises it (raise, or kill of its
 * own pid): it is then delivered at once, as Linux delivers a signal a
 * thread sends itself before the call returns, or kept pending while it is
 * blocked and delivered when sigprocmask unblocks it (lowest number
 * first). Ignoring SIGPIPE, the first thing many servers do, succeeds and
 * changes nothing: p3net raises no SIGPIPE (a send on a broken stream
 * fails with EPIPE as if it were ignored).
 *
 * A default action that would end a Linux process ends the component with
 * status 128 + the signal number, what a shell reports for such a death
 * (a component can only exit with a status). Default actions that stop a
 * process do nothing: there is no one to continue it. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "libc/libc.h"

#ifdef __wasi__
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t has Linux's size");

/* The sysroot's SIG_IGN and SIG_ERR are the addresses of these functions
 * (1 and -1 are valid function pointers in wasm); they are defined here so
 * that its signal emulation is never linked beside p3net's. */
void __SIG_IGN(int sig) {}
void __SIG_ERR(int sig) {}
#endif

static struct sigaction actions[P3_NSIG_MAX + 1];
static sigset_t blocked, pending;

static int is_handler(void (*h)(int)) {
  return h != SIG_DFL && h != SIG_IGN && h != SIG_ERR;
}

/* Signals whose default action is to do nothing (ignore, or stop and be
 * continued). */
static int default_ignores(int sig) {
  switch (sig) {
  case SIGCHLD:
  case SIGCONT:
  case SIGURG:
  case SIGWINCH:
  case SIGSTOP:
  case SIGTSTP:
  case SIGTTIN:
  case SIGTTOU:
    return 1;
  default:
    return 0;
  }
}

static int ignored(int sig) {
  void (*h)(int) = actions[sig].sa_handler;
  return !(actions[sig].sa_flags & SA_SIGINFO) &&
         (h == SIG_IGN || (h == SIG_DFL && default_ignores(sig)));
}

static void deliver_pending(void);

static void deliver(int sig, int code) {
  struct sigaction a = actions[sig];
  int info = a.sa_flags & SA_SIGINFO;
  if (!info && a.sa_handler == SIG_IGN)
    return;
  if (!info && !is_handler(a.sa_handler)) {
    if (default_ignores(sig))
      return;
    _exit(128 + sig);
  }
  if (a.sa_flags & SA_RESETHAND) {
    memset(&actions[sig], 0, sizeof actions[sig]);
    actions[sig].sa_handler = SIG_DFL;
  }
  /* While the handler runs, its mask and (without SA_NODEFER) the signal
   * itself are blocked; the old mask comes back when it returns. */
  sigset_t saved = blocked;
  for (int s = 1; s <= P3_NSIG_MAX; s++)
    if (p3_sigset_has(&a.sa_mask, s))
      p3_sigset_put(&blocked, s, 1);
  if (!(a.sa_flags & SA_NODEFER))
    p3_sigset_put(&blocked, sig, 1);
  if (info) {
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = sig;
    si.si_code = code;
    si.si_pid = getpid();
    si.si_uid = getuid();
    a.sa_sigaction(sig, &si, NULL);
  } else {
    a.sa_handler(sig);
  }
  blocked = saved;
  deliver_pending(); /* what the handler's mask held back comes now */
}

/* Delivers every pending signal that is no longer blocked. */
static void deliver_pending(void) {
  for (int s = 1; s <= P3_NSIG_MAX; s++) {
    if (p3_sigset_has(&pending, s) && !p3_sigset_has(&blocked, s)) {
      p3_sigset_put(&pending, s, 0);
      deliver(s, SI_TKILL);
      s = 0; /* a handler may have unblocked or raised others */
    }
  }
}

static int send_self(int sig, int code) {
  if (sig < 0 || sig > P3_NSIG_MAX) {
    errno = EINVAL;
    return -1;
  }
  if (sig == 0)
    return 0;
  if (p3_sigset_has(&blocked, sig)) {
    if (!ignored(sig))
      p3_sigset_put(&pending, sig, 1);
    return 0;
  }
  deliver(sig, code);
  return 0;
}

int raise(int sig) {
  return send_self(sig, SI_TKILL);
}

int kill(pid_t pid, int sig) {
  /* The component is the only process there is: its pid, its group (0)
   * and "every process" (-1) all name it. */
  if (pid != getpid() && pid != 0 && pid != -1 && pid != -getpid()) {
    if (sig < 0 || sig > P3_NSIG_MAX) {
      errno = EINVAL;
      return -1;
    }
    errno = ESRCH;
    return -1;
  }
  return send_self(sig, SI_USER);
}

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old) {
  if (sig < 1 || sig > P3_NSIG_MAX || (act && (sig == SIGKILL || sig == SIGSTOP))) {
    errno = EINVAL;
    return -1;
  }
  if (old)
    *old = actions[sig];
  if (act) {
    actions[sig] = *act;
    p3_sigset_put(&actions[sig].sa_mask, SIGKILL, 0);
    p3_sigset_put(&actions[sig].sa_mask, SIGSTOP, 0);
    /* A pending signal that is now ignored is discarded, as on Linux. */
    if (ignored(sig))
      p3_sigset_put(&pending, sig, 0);
  }
  return 0;
}

/* signal() with Linux's (BSD) semantics: the handler stays installed and
 * the signal is blocked while it runs. */
void (*signal(int sig, void (*handler)(int)))(int) {
  struct sigaction act, old;
  memset(&act, 0, sizeof act);
  act.sa_handler = handler;
  act.sa_flags = SA_RESTART;
  if (sigaction(sig, &act, &old) < 0)
    return SIG_ERR;
  return old.sa_handler;
}

void (*bsd_signal(int sig, void (*handler)(int)))(int) {
  return signal(sig, handler);
}

/* System V semantics: the handler is reset on delivery, not blocked. */
void (*__sysv_signal(int sig, void (*handler)(int)))(int) {
  struct sigaction act, old;
  memset(&act, 0, sizeof act);
  act.sa_handler = handler;
  act.sa_flags = SA_RESETHAND | SA_NODEFER;
  if (sigaction(sig, &act, &old) < 0)
    return SIG_ERR;
  return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old) {
  if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) {
    errno = EINVAL;
    return -1;
  }
  sigset_t req; /* read before old is written: callers pass one set as both */
  if (set)
    req = *set;
  if (old)
    *old = blocked;
  if (!set)
    return 0;
  for (int s = 1; s <= P3_NSIG_MAX; s++) {
    int in = p3_sigset_has(&req, s);
    if (how == SIG_SETMASK)
      p3_sigset_put(&blocked, s, in);
    else if (in)
      p3_sigset_put(&blocked, s, how == SIG_BLOCK);
  }
  /* SIGKILL and SIGSTOP cannot be blocked; Linux drops them silently. */
  p3_sigset_put(&blocked, SIGKILL, 0);
  p3_sigset_put(&blocked, SIGSTOP, 0);
  deliver_pending();
  return 0;
}

int pthread_sigmask(int how, const sigset_t *restrict set, sigset_t *restrict old) {
  return sigprocmask(how, set, old) < 0 ? errno : 0;
}

int sigpending(sigset_t *set) {
  *set = pending;
  return 0;
}
