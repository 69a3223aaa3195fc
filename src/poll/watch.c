/* How a file's readiness reaches the epoll sets that watch it. */
#include <poll.h>
#include <stdlib.h>

#include "poll/epoll.h"

#define ALWAYS (EPOLLERR | EPOLLHUP)

void p3_ready_remove(struct p3_watch *w) {
  struct p3_epoll *ep = w->ep;
  if (!w->on_ready)
    return;
  if (w->ready_prev)
    w->ready_prev->ready_next = w->ready_next;
  else
    ep->ready_head = w->ready_next;
  if (w->ready_next)
    w->ready_next->ready_prev = w->ready_prev;
  else
    ep->ready_tail = w->ready_prev;
  w->ready_next = w->ready_prev = NULL;
  w->on_ready = 0;
}

void p3_ready_append(struct p3_watch *w) {
  struct p3_epoll *ep = w->ep;
  if (w->on_ready)
    return;
  w->ready_prev = ep->ready_tail;
  w->ready_next = NULL;
  if (ep->ready_tail)
    ep->ready_tail->ready_next = w;
  else
    ep->ready_head = w;
  ep->ready_tail = w;
  w->on_ready = 1;
}

uint32_t p3_watch_events(struct p3_watch *w) {
  if (w->disabled)
    return 0;
  return w->file->ops->poll(w->file) & (w->events | ALWAYS);
}

static void watch_notify(struct p3_file *f, unsigned events) {
  for (struct p3_watch *w = f->watches; w; w = w->file_next) {
    if (w->on_ready || !(events & (w->events | ALWAYS)) || !p3_watch_events(w))
      continue;
    p3_ready_append(w);
    /* The set itself became readable: tell whoever watches it. */
    p3_file_changed(&w->ep->file);
  }
}

void p3_watch_free(struct p3_watch *w) {
  for (struct p3_watch **p = &w->file->watches; *p; p = &(*p)->file_next)
    if (*p == w) {
      *p = w->file_next;
      break;
    }
  for (struct p3_watch **p = &w->ep->by_fd[w->fd]; *p; p = &(*p)->fd_next)
    if (*p == w) {
      *p = w->fd_next;
      break;
    }
  p3_ready_remove(w);
  free(w);
}

static void watch_detach(struct p3_file *f) {
  while (f->watches)
    p3_watch_free(f->watches);
}

const struct p3_file_watcher p3_epoll_watcher = {watch_notify, watch_detach};
