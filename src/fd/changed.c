#include "fd/fd.h"

/* Readiness changes reach epoll sets through the watches; a file nobody
 * watches costs one test. The epoll layer supplies p3_watch_notify. */
void p3_watch_notify(struct p3_file *f) __attribute__((weak));

void p3_file_changed(struct p3_file *f) {
  if (f->watches && p3_watch_notify)
    p3_watch_notify(f);
}
