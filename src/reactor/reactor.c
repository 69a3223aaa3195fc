#include "reactor/reactor.h"

#include <stdlib.h>

#include "host/host.h"

static command_waitable_set_t set;
static struct p3_waiter **waiters; /* indexed by waitable handle */
static uint32_t nwaiters;

static command_waitable_set_t the_set(void) {
  if (!set)
    set = HOST(command_waitable_set_new());
  return set;
}

static void remember(uint32_t handle, struct p3_waiter *w) {
  if (handle >= nwaiters) {
    uint32_t n = nwaiters ? nwaiters : 64;
    while (n <= handle)
      n *= 2;
    struct p3_waiter **grown = realloc(waiters, n * sizeof *grown);
    if (!grown)
      abort(); /* no memory to track a host handle: nothing sane remains */
    for (uint32_t i = nwaiters; i < n; i++)
      grown[i] = NULL;
    waiters = grown;
    nwaiters = n;
    p3_stats.allocs++;
  }
  waiters[handle] = w;
}

void p3_reactor_join(uint32_t handle, struct p3_waiter *w) {
  remember(handle, w);
  HOST(command_waitable_join(handle, the_set()));
}

void p3_reactor_leave(uint32_t handle) {
  HOST(command_waitable_join(handle, 0));
  p3_reactor_forget(handle);
}

void p3_reactor_forget(uint32_t handle) {
  if (handle < nwaiters)
    waiters[handle] = NULL;
}

static void dispatch(const command_event_t *ev) {
  if (ev->event == COMMAND_EVENT_NONE)
    return;
  struct p3_waiter *w = ev->waitable < nwaiters ? waiters[ev->waitable] : NULL;
  if (w)
    w->wake(w, ev->event, ev->code);
}

/* The last clock reading: a lower bound of now, for capping timers. */
static uint64_t last_now;

uint64_t p3_now(void) {
  last_now = HOST(wasi_clocks_monotonic_clock_now());
  return last_now;
}

/* No host timer is armed further ahead than this (2^31-1 ms, about 24.8
 * days): jco hands the delay to Node's setTimeout, which fires after 1 ms
 * instead for anything longer. A longer wait fires at the cap and re-arms,
 * since the caller's deadline has not passed. */
#define TIMER_CAP (2147483647ull * 1000000u)

uint64_t p3_deadline_in(uint64_t ns) {
  if (ns == UINT64_MAX)
    return UINT64_MAX;
  uint64_t d = p3_now() + ns;
  return d < ns || d == UINT64_MAX ? UINT64_MAX - 1 : d;
}

uint64_t p3_deadline_soon(uint64_t ns) {
  uint64_t d = last_now + ns;
  return d < ns || d >= UINT64_MAX - 1 ? UINT64_MAX - 1 : d;
}

/* One clock subtask serves every deadline. It is kept when a later deadline
 * comes (it then fires early and is re-armed) and replaced only when an
 * earlier one comes, so a loop of timed waits costs no cancels. */
static struct {
  struct p3_waiter w;
  uint32_t subtask;  /* 0: none pending */
  uint64_t deadline; /* of the pending subtask */
  uint64_t fired;    /* deadline of the last one that fired */
} timer;

/* The alarms set, earliest first: a sorted list, since a component keeps
 * a few timerfds, not thousands. */
static struct p3_alarm *alarms;

void p3_alarm_cancel(struct p3_alarm *a) {
  if (!a->set)
    return;
  if (a->prev)
    a->prev->next = a->next;
  else
    alarms = a->next;
  if (a->next)
    a->next->prev = a->prev;
  a->next = a->prev = NULL;
  a->set = 0;
}

void p3_alarm_set(struct p3_alarm *a, uint64_t deadline) {
  p3_alarm_cancel(a);
  a->deadline = deadline;
  struct p3_alarm *prev = NULL, *at = alarms;
  while (at && at->deadline <= deadline) {
    prev = at;
    at = at->next;
  }
  a->prev = prev;
  a->next = at;
  if (prev)
    prev->next = a;
  else
    alarms = a;
  if (at)
    at->prev = a;
  a->set = 1;
}

/* Rings every alarm due by now (a time already reached); returns how many. */
static int ring_due(uint64_t now) {
  int n = 0;
  while (alarms && alarms->deadline <= now) {
    struct p3_alarm *a = alarms;
    p3_alarm_cancel(a);
    a->ring(a, now);
    n++;
  }
  return n;
}

static void timer_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  (void) w;
  if (event != COMMAND_EVENT_SUBTASK || code != COMMAND_SUBTASK_RETURNED)
    return;
  HOST(command_subtask_drop(timer.subtask));
  p3_reactor_forget(timer.subtask);
  timer.subtask = 0;
  timer.fired = timer.deadline;
  ring_due(timer.fired);
}

static void timer_cancel(void) {
  uint32_t h = timer.subtask;
  p3_reactor_leave(h);
  HOST(command_subtask_cancel(h));
  HOST(command_subtask_drop(h));
  timer.subtask = 0;
}

/* Returns 0 if the deadline has already passed. */
static int timer_arm(uint64_t deadline) {
  if (timer.fired >= deadline)
    return 0;
  if (timer.subtask && timer.deadline <= deadline)
    return 1;
  if (timer.subtask)
    timer_cancel();
  int capped = deadline > last_now && deadline - last_now > TIMER_CAP;
  uint64_t arm = capped ? last_now + TIMER_CAP : deadline;
  command_subtask_status_t st = HOST(wasi_clocks_monotonic_clock_wait_until(arm));
  if (COMMAND_SUBTASK_STATE(st) == COMMAND_SUBTASK_RETURNED) {
    timer.fired = arm;
    if (!capped)
      return 0;
    p3_now(); /* the cap was measured from a stale reading: take a fresh one */
    return timer_arm(deadline);
  }
  timer.w.wake = timer_wake;
  timer.subtask = COMMAND_SUBTASK_HANDLE(st);
  timer.deadline = arm;
  p3_reactor_join(timer.subtask, &timer.w);
  return 1;
}

int p3_reactor_wait(uint64_t deadline) {
  /* The timer serves the caller's deadline and the earliest alarm alike. */
  uint64_t at = alarms && alarms->deadline < deadline ? alarms->deadline : deadline;
  if (at != UINT64_MAX && !timer_arm(at)) {
    ring_due(timer.fired); /* at has passed: an alarm rang, or the deadline came */
    return timer.fired >= deadline ? P3_WAIT_TIMEOUT : P3_WAIT_EVENT;
  }
  command_event_t ev;
  p3_stats.waits++;
  HOST(command_waitable_set_wait(the_set(), &ev));
  dispatch(&ev);
  if (deadline != UINT64_MAX && timer.fired >= deadline)
    return P3_WAIT_TIMEOUT;
  return P3_WAIT_EVENT;
}

int p3_reactor_poll(void) {
  p3_stats.yields++;
  HOST(command_thread_yield());
  int n = p3_reactor_drain();
  /* The host may not have delivered a timer that is due; a readiness
   * answer must still count an alarm whose time has come. */
  if (alarms)
    n += ring_due(alarms->deadline <= last_now ? last_now : p3_now());
  return n;
}

int p3_reactor_drain(void) {
  int n = 0;
  for (;;) {
    command_event_t ev;
    HOST(command_waitable_set_poll(the_set(), &ev));
    if (ev.event == COMMAND_EVENT_NONE)
      return n;
    dispatch(&ev);
    n++;
  }
}

struct awaiter {
  struct p3_waiter w;
  int done;
  uint32_t code;
};

static void awaiter_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  (void) event;
  struct awaiter *a = (struct awaiter *) w;
  a->done = 1;
  a->code = code;
}

uint32_t p3_reactor_await(uint32_t handle, int joined) {
  struct awaiter a = {{awaiter_wake}, 0, 0};
  struct p3_waiter *owner = handle < nwaiters ? waiters[handle] : NULL;
  if (joined)
    remember(handle, &a.w);
  else
    p3_reactor_join(handle, &a.w);
  while (!a.done)
    p3_reactor_wait(UINT64_MAX);
  if (joined)
    remember(handle, owner);
  else
    p3_reactor_leave(handle);
  return a.code;
}
