/* p3net <signal.h>: the sysroot's signal numbers, signal() and raise(),
 * plus what it leaves out -- signal sets, sigaction, sigprocmask -- with
 * Linux's names and values. A component receives no signals from outside:
 * a handler runs only when the program raises its signal (raise, kill of
 * its own pid), and a blocked one waits until it is unblocked. The calls
 * are p3net's (src/libc/signal.c, sigset.c), which replace the sysroot's
 * signal emulation. */
#ifndef P3NET_SIGNAL_H
#define P3NET_SIGNAL_H

/* The sysroot's header refuses to compile without it: p3net provides
 * what it asks for. */
#ifndef _WASI_EMULATED_SIGNAL
#define _WASI_EMULATED_SIGNAL
#endif
#include_next <signal.h>

#include <sys/types.h>
#define __NEED_sigset_t
#include <bits/alltypes.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SA_NOMASK SA_NODEFER
#define SA_ONESHOT SA_RESETHAND

#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE -1
#define SI_TIMER -2
#define SI_MESGQ -3
#define SI_ASYNCIO -4
#define SI_SIGIO -5
#define SI_TKILL -6

union sigval {
  int sival_int;
  void *sival_ptr;
};

/* What a handler installed with SA_SIGINFO is told. p3net fills si_signo,
 * si_code (SI_TKILL from raise, SI_USER from kill), si_pid and si_uid;
 * the rest is zero. 128 bytes, as on Linux. */
typedef struct {
  int si_signo;
  int si_errno;
  int si_code;
  pid_t si_pid;
  uid_t si_uid;
  int si_status;
  void *si_addr;
  union sigval si_value;
  long si_band;
  int si_fd;
  char __p3_pad[128 - 7 * sizeof(int) - sizeof(void *) - sizeof(union sigval) - sizeof(long)];
} siginfo_t;

struct sigaction {
  union {
    void (*sa_handler)(int);
    void (*sa_sigaction)(int, siginfo_t *, void *);
  } __sa_handler;
  sigset_t sa_mask;
  int sa_flags;
  void (*sa_restorer)(void);
};
#define sa_handler __sa_handler.sa_handler
#define sa_sigaction __sa_handler.sa_sigaction

int sigaction(int sig, const struct sigaction *__restrict act, struct sigaction *__restrict old);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int sigprocmask(int how, const sigset_t *__restrict set, sigset_t *__restrict old);
int pthread_sigmask(int how, const sigset_t *__restrict set, sigset_t *__restrict old);
int sigpending(sigset_t *set);
int kill(pid_t pid, int sig);

#ifdef __cplusplus
}
#endif
#endif
