#include "fd/fd.h"

/* Readiness changes and closes reach epoll sets through the watches; a
 * file nobody watches costs one test. The epoll layer supplies these. */
void p3_watch_notify(struct p3_file *f, unsigned events) __attribute__((weak));
void p3_watch_detach(struct p3_file *f) __attribute__((weak));

void p3_file_changed(struct p3_file *f) {
  p3_file_changed_by(f, ~0u);
}

void p3_file_changed_by(struct p3_file *f, unsigned events) {
  if (f->watches && p3_watch_notify)
    p3_watch_notify(f, events);
}

void p3_file_closing(struct p3_file *f) {
  if (f->watches && p3_watch_detach)
    p3_watch_detach(f);
}
