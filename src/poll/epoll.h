#ifndef P3_POLL_EPOLL_H
#define P3_POLL_EPOLL_H

#include <sys/epoll.h>

#include "fd/fd.h"

struct p3_epoll;

/* One fd registered in one epoll set. As on Linux, a registration is
 * keyed by the open file description and the fd number together: it stays
 * while a dup of the fd keeps the file open, even once that fd is closed,
 * and goes when the file's last fd closes. It sits on its file's watch
 * list always, and on its set's ready list while it may be ready, so a
 * wait costs the ready fds, not the registered ones. */
struct p3_watch {
  struct p3_epoll *ep;
  struct p3_file *file;
  int fd;
  uint32_t events; /* as registered, with EPOLLET and EPOLLONESHOT */
  epoll_data_t data;
  int disabled; /* EPOLLONESHOT has fired: silent until EPOLL_CTL_MOD */
  struct p3_watch *file_next;
  struct p3_watch *fd_next; /* others with the same fd number (other files) */
  struct p3_watch *ready_next, *ready_prev;
  int on_ready;
};

struct p3_epoll {
  struct p3_file file;
  /* The interest list, indexed by fd number: a chain, since a closed fd's
   * registration may outlive it (its file still open through a dup) while
   * the number is reused for another file. */
  struct p3_watch **by_fd;
  int nby_fd;
  struct p3_watch *ready_head, *ready_tail;
};

/* Keeping the ready list (poll/watch.c). */
void p3_ready_remove(struct p3_watch *w);
void p3_ready_append(struct p3_watch *w);
/* The events of w that hold now (0 if none or disabled). */
uint32_t p3_watch_events(struct p3_watch *w);
/* Unlinks w from its file's watch list and its set; frees it. */
void p3_watch_free(struct p3_watch *w);
/* What the descriptor layer calls when a watched file changes or closes. */
extern const struct p3_file_watcher p3_epoll_watcher;

#endif
