/* The reactor: one waitable set for the whole component. Every pending host
 * operation (a subtask, a stream or future end) is joined to it once, with
 * a waiter that the event is handed to directly, found by handle in O(1). */
#ifndef P3_REACTOR_H
#define P3_REACTOR_H

#include <stdint.h>

struct p3_waiter;
typedef void (*p3_wake_fn)(struct p3_waiter *w, uint32_t event, uint32_t code);

struct p3_waiter {
  p3_wake_fn wake;
};

/* Joins handle to the set; its events go to w until p3_reactor_forget. */
void p3_reactor_join(uint32_t handle, struct p3_waiter *w);
/* Takes handle out of the set (a host call) and forgets its waiter. */
void p3_reactor_leave(uint32_t handle);
/* Forgets a handle the host has already dropped (a subtask once dropped):
 * no host call. */
void p3_reactor_forget(uint32_t handle);

/* Monotonic time in nanoseconds (one host call). */
uint64_t p3_now(void);

/* The deadline ns from now; UINT64_MAX (no limit) stays so. Readiness
 * calls take it only once they must wait, so an answer that is already
 * known costs no clock read. */
uint64_t p3_deadline_in(uint64_t ns);
/* At most ns from now, with no host call: ns from the last clock reading
 * (a lower bound of now), so it may come early, or have passed already.
 * For a bound a caller renews with p3_deadline_in when it runs out. */
uint64_t p3_deadline_soon(uint64_t ns);

enum { P3_WAIT_EVENT = 1, P3_WAIT_TIMEOUT = 0 };
/* Blocks until one event has been dispatched or an alarm has rung
 * (P3_WAIT_EVENT) or the monotonic deadline has passed (P3_WAIT_TIMEOUT).
 * deadline UINT64_MAX waits without limit. Callers loop: their condition
 * may still be false. */
int p3_reactor_wait(uint64_t deadline);
/* Lets the host run (thread.yield), then dispatches every event that is
 * already there without blocking, and rings the alarms whose deadline has
 * passed (one clock read, only while an alarm is set and not known to be
 * due). Returns how many events and alarms there were. */
int p3_reactor_poll(void);
/* Dispatches every event that is already there, without yielding: enough
 * right after a wait, when the host has just had its turn. */
int p3_reactor_drain(void);

/* A deadline kept on the reactor's one timer (a timerfd's next
 * expiration): however many are set, no host subtask of their own. The
 * timer is armed for the earliest of them whenever the component waits,
 * and ring is called, with a lower bound of the time now, once the
 * deadline has passed; the alarm is no longer set then (ring may set it
 * again). */
struct p3_alarm {
  uint64_t deadline; /* monotonic ns */
  void (*ring)(struct p3_alarm *a, uint64_t now);
  struct p3_alarm *next, *prev;
  int set;
};
/* Sets (or moves) a to deadline. No host call. */
void p3_alarm_set(struct p3_alarm *a, uint64_t deadline);
/* Takes a out, if set. No host call. */
void p3_alarm_cancel(struct p3_alarm *a);

/* Blocks until an event for handle (already joined by the caller, or not)
 * arrives; returns its code. Other events are dispatched meanwhile. */
uint32_t p3_reactor_await(uint32_t handle, int joined);

#endif
