/* Finishing an async filesystem call. File operations block, as on Linux
 * (a regular file is always "ready"), so a call the host did not finish at
 * once is waited for in the reactor, where sockets and timers keep being
 * served. The result area is the caller's and is never abandoned: there is
 * no cancel, so no late write can land in freed memory. */
#include <stdint.h>

#include "fs/fs.h"

struct finish {
  struct p3_waiter w;
  int done;
};

static void finish_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  if (event == COMMAND_EVENT_SUBTASK && code == COMMAND_SUBTASK_RETURNED)
    ((struct finish *) w)->done = 1;
}

void p3_fs_finish(command_subtask_status_t st) {
  if (COMMAND_SUBTASK_STATE(st) == COMMAND_SUBTASK_RETURNED)
    return;
  uint32_t h = COMMAND_SUBTASK_HANDLE(st);
  struct finish fin = {{finish_wake}, 0};
  p3_reactor_join(h, &fin.w);
  while (!fin.done)
    p3_reactor_wait(UINT64_MAX);
  HOST(command_subtask_drop(h));
  p3_reactor_forget(h);
}
