#include "host/pending.h"

#include "host/quarantine.h"

int p3_pending_event(struct p3_pending *p, uint32_t event, uint32_t code) {
  if (p->kind == P3_SUBTASK) {
    if (event != COMMAND_EVENT_SUBTASK)
      return 0;
    p->starting = 0; /* STARTED or RETURNED: the arguments are consumed */
    if (code != COMMAND_SUBTASK_RETURNED)
      return 0;
    HOST(command_subtask_drop(p->handle));
    p3_reactor_forget(p->handle);
    p->handle = 0;
  } else if (!p->busy) {
    return 0;
  }
  p->busy = 0;
  return 1;
}

void p3_pending_init(struct p3_pending *p, enum p3_pending_kind kind, p3_wake_fn wake) {
  *p = (struct p3_pending) {.w = {wake}, .kind = (uint8_t) kind};
}

int p3_pending_call(struct p3_pending *p, command_subtask_status_t st) {
  if (COMMAND_SUBTASK_STATE(st) == COMMAND_SUBTASK_RETURNED)
    return 1;
  p->handle = COMMAND_SUBTASK_HANDLE(st);
  p->busy = 1;
  p->starting = COMMAND_SUBTASK_STATE(st) == COMMAND_SUBTASK_STARTING;
  p3_reactor_join(p->handle, &p->w);
  return 0;
}

void p3_pending_attach(struct p3_pending *p, uint32_t end) {
  p->handle = end;
  p->joined = 1;
  p3_reactor_join(end, &p->w);
}

int p3_pending_io(struct p3_pending *p, uint32_t status) {
  if (status != COMMAND_WAITABLE_STATUS_BLOCKED)
    return 1;
  p->busy = 1;
  return 0;
}

/* Where a cancelled operation's memory goes. Only subtasks are kept on a
 * host that writes after a cancel: jco's late writes come from its async
 * host calls (preview3-shim), while a cancelled stream read is its own
 * runtime's and stays cancelled (measured on jco 1.35: five receive
 * buffers cancelled with bytes sent to them afterwards stayed untouched),
 * so stream and future areas are the caller's at once. */
static int keep(struct p3_pending *p, void *area, unsigned char *tag, void (*release)(void *area)) {
  if (!tag)
    return P3_CANCELLED;
  return p3_quarantine(&p->qlink, area, tag, release) ? P3_KEPT : P3_CANCELLED;
}

int p3_pending_cancel(struct p3_pending *p, const struct p3_end_type *type, uint32_t *code,
                      void *area, unsigned char *tag, void (*release)(void *area)) {
  if (!p->busy)
    return P3_CANCELLED;
  p->busy = 0;
  if (p->kind == P3_SUBTASK) {
    uint32_t h = p->handle;
    /* A synchronous cancel of a subtask in a waitable set traps. */
    p3_reactor_leave(h);
    command_subtask_status_t st = HOST(command_subtask_cancel(h));
    HOST(command_subtask_drop(h));
    p->handle = 0;
    p->starting = 0;
    if (code)
      *code = st;
    if (COMMAND_SUBTASK_STATE(st) == COMMAND_SUBTASK_RETURNED)
      return P3_FINISHED;
    return area ? keep(p, area, tag, release) : P3_CANCELLED;
  }
  /* A synchronous cancel of a waitable in a waitable set traps: out of
   * the set first, for good (what follows a cancel is the end's drop). */
  p3_reactor_leave(p->handle);
  p->joined = 2;
  uint32_t st = HOST(type->cancel(p->handle));
  if (code)
    *code = st;
  if (COMMAND_WAITABLE_STATE(st) != COMMAND_WAITABLE_CANCELLED)
    return P3_FINISHED;
  return P3_CANCELLED; /* see keep: a stream or future stays cancelled */
}

void p3_pending_detach(struct p3_pending *p, const struct p3_end_type *type) {
  if (!p->joined)
    return;
  /* A stream end needs no leave first: its drop takes it out of the set
   * (the Component Model's drop joins it to none; Wasmtime 48 and jco 1.35
   * do so), and nothing is in flight on it, so no event is owed. A future
   * end does leave: jco 1.35's future drop keeps it in the set (its
   * runtime's FutureEnd.drop never touches the waitable), which would
   * grow the set by one dead member per future. */
  if (p->joined == 1 && p->kind == P3_FUTURE_READ)
    p3_reactor_leave(p->handle);
  else
    p3_reactor_forget(p->handle);
  HOST(type->drop(p->handle));
  p->joined = 0;
  p->handle = 0;
}
