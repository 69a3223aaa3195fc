#include "fd/fd.h"

/* Readiness changes and closes reach epoll sets through the watches; a
 * file nobody watches costs one test. */
static const struct p3_file_watcher *watcher;

void p3_file_set_watcher(const struct p3_file_watcher *w) {
  watcher = w;
}

void p3_file_changed(struct p3_file *f) {
  p3_file_changed_by(f, ~0u);
}

void p3_file_changed_by(struct p3_file *f, unsigned events) {
  if (f->watches)
    watcher->changed(f, events);
}

void p3_file_closing(struct p3_file *f) {
  if (f->watches)
    watcher->closing(f);
}
