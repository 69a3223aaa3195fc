/* One pending host operation, whatever its kind: a subtask (an async call
 * in flight), a read or a write on a stream end, a read on a future end.
 * Joining the reactor, taking the completion, cancelling, dropping, and
 * what happens to a cancelled operation's memory on a host that may still
 * write into it (host/quarantine.h) are decided here once, for every
 * layer that talks to the host asynchronously. */
#ifndef P3_HOST_PENDING_H
#define P3_HOST_PENDING_H

#include <stdint.h>

#include "host/host.h"
#include "host/quarantine.h"
#include "reactor/reactor.h"

enum p3_pending_kind { P3_SUBTASK, P3_STREAM_READ, P3_STREAM_WRITE, P3_FUTURE_READ };

/* The canonical built-ins of one stream or future type: each element type
 * has its own. */
struct p3_end_type {
  command_waitable_status_t (*cancel)(uint32_t end); /* cancel-read or cancel-write */
  void (*drop)(uint32_t end);                        /* drop-readable or drop-writable */
};

/* As small as it can be: a cancelled operation's memory may have to stay
 * (quarantine), and this is part of it. */
struct p3_pending {
  union {
    struct {
      struct p3_waiter w; /* the owner's wake, which first asks p3_pending_event */
      uint32_t handle;    /* the subtask while in flight, or the end */
      uint8_t kind;
      uint8_t busy;     /* in flight: an event is owed */
      uint8_t starting; /* a subtask that has not taken its arguments yet */
      uint8_t joined;   /* a stream or future end: 1 in the reactor's set, 2 out of it */
    };
    /* Once a cancelled subtask's area is quarantined, this is its record. */
    struct p3_qlink qlink;
  };
};

void p3_pending_init(struct p3_pending *p, enum p3_pending_kind kind, p3_wake_fn wake);

/* What the owner's wake calls first with the reactor's event: 1 if the
 * operation has finished now (a returned subtask is dropped), 0 if the
 * event changes nothing for the owner. code is the event's code (for a
 * stream or future, its waitable status: state and count). */
int p3_pending_event(struct p3_pending *p, uint32_t event, uint32_t code);

/* The status an async call returned. 1: it has returned already, nothing
 * is pending. 0: it is in flight as a subtask, joined to the reactor. */
int p3_pending_call(struct p3_pending *p, command_subtask_status_t st);

/* Makes p the owner of a stream or future end (joined to the reactor
 * once; operations on it come and go). */
void p3_pending_attach(struct p3_pending *p, uint32_t end);
/* The status a read or write on p's end returned: 1 if it finished at
 * once (the caller reads the status), 0 if it is in flight. */
int p3_pending_io(struct p3_pending *p, uint32_t status);

/* What became of a cancelled operation. */
enum {
  P3_CANCELLED = 0, /* it wrote nothing and never will: the area is the caller's */
  P3_FINISHED = 1,  /* it finished first: its result is in the area */
  P3_KEPT = 2,      /* the host may still write: the area is kept, not the caller's */
};
/* Cancels p's operation (a subtask is left, cancelled and dropped).
 * area is the memory the host writes into; release frees it once a host
 * that writes after a cancel has done so (tag: the result's first byte, a
 * discriminant; NULL for stream data, which no host writes after a cancel). For a
 * stream or future, type names its built-ins (NULL for a subtask); *code gets the status the cancel
 * returned (its count is what was moved). Does nothing (P3_CANCELLED) if nothing is in flight.
 * p must lie inside area: a kept area's record takes p's place. */
int p3_pending_cancel(struct p3_pending *p, const struct p3_end_type *type, uint32_t *code,
                      void *area, unsigned char *tag, void (*release)(void *area));

/* Lets go of a stream or future end: leaves the reactor and drops it.
 * The operation on it must be finished or cancelled first (a cancel takes
 * the end out of the set for good). */
void p3_pending_detach(struct p3_pending *p, const struct p3_end_type *type);

#endif
