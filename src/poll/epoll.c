/* epoll_create1, epoll_ctl, epoll_wait, epoll_pwait. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "poll/epoll.h"
#include "poll/wait.h"

/* The flags epoll_ctl accepts in events. */
#define KNOWN                                                                                      \
  (EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLRDNORM | EPOLLRDBAND | EPOLLWRNORM | \
   EPOLLWRBAND | EPOLLMSG | EPOLLRDHUP | EPOLLEXCLUSIVE | EPOLLWAKEUP | EPOLLONESHOT | EPOLLET)

static unsigned epoll_poll(struct p3_file *f) {
  struct p3_epoll *ep = (struct p3_epoll *) f;
  for (struct p3_watch *w = ep->ready_head; w; w = w->ready_next)
    if (p3_watch_events(w))
      return POLLIN | POLLRDNORM;
  return 0;
}

static int epoll_close(struct p3_file *f) {
  struct p3_epoll *ep = (struct p3_epoll *) f;
  for (int fd = 0; fd < ep->nby_fd; fd++)
    while (ep->by_fd[fd])
      p3_watch_free(ep->by_fd[fd]);
  free(ep->by_fd);
  free(ep);
  return 0;
}

static const struct p3_file_ops epoll_ops = {
    .close = epoll_close,
    .poll = epoll_poll,
};

int epoll_create1(int flags) {
  if (flags & ~EPOLL_CLOEXEC) {
    errno = EINVAL;
    return -1;
  }
  struct p3_epoll *ep = calloc(1, sizeof *ep);
  if (!ep) {
    errno = ENOMEM;
    return -1;
  }
  p3_stats.allocs++;
  ep->file.ops = &epoll_ops;
  p3_file_set_watcher(&p3_epoll_watcher); /* watches exist only with a set */
  int fd = p3_fd_install(&ep->file, !!(flags & EPOLL_CLOEXEC));
  if (fd < 0)
    free(ep);
  return fd;
}

int epoll_create(int size) {
  if (size <= 0) {
    errno = EINVAL;
    return -1;
  }
  return epoll_create1(0);
}

static struct p3_epoll *get_epoll(int epfd) {
  struct p3_file *f = p3_fd_get(epfd);
  if (!f)
    return NULL;
  if (f->ops != &epoll_ops) {
    errno = EINVAL;
    return NULL;
  }
  return (struct p3_epoll *) f;
}

static int grow(struct p3_epoll *ep, int fd) {
  if (fd < ep->nby_fd)
    return 0;
  int n = ep->nby_fd ? ep->nby_fd : 16;
  while (n <= fd)
    n *= 2;
  struct p3_watch **by = realloc(ep->by_fd, n * sizeof *by);
  if (!by)
    return -1;
  p3_stats.allocs++;
  memset(by + ep->nby_fd, 0, (n - ep->nby_fd) * sizeof *by);
  ep->by_fd = by;
  ep->nby_fd = n;
  return 0;
}

/* Puts w on the ready list if it is ready now (after ADD or MOD). */
static void recheck(struct p3_watch *w) {
  if (p3_watch_events(w)) {
    p3_ready_append(w);
    p3_file_changed(&w->ep->file);
  }
}

/* Levels of epoll sets from f down (f included): 0 for any other file.
 * Sets *loop if ep is among them. The graph below is acyclic and at most
 * MAX_LEVELS deep, since every ADD keeps it so, which bounds the
 * recursion. */
static int levels_below(struct p3_file *f, const struct p3_epoll *ep, int *loop) {
  if (f == &ep->file)
    *loop = 1;
  if (*loop || f->ops != &epoll_ops)
    return 0;
  const struct p3_epoll *e = (const struct p3_epoll *) f;
  int d = 0;
  for (int fd = 0; fd < e->nby_fd && !*loop; fd++)
    for (const struct p3_watch *w = e->by_fd[fd]; w && !*loop; w = w->fd_next) {
      int b = levels_below(w->file, ep, loop);
      d = b > d ? b : d;
    }
  return d + 1;
}

/* Levels of epoll sets above ep that watch it, directly or not. */
static int levels_above(const struct p3_epoll *ep) {
  int d = 0;
  for (const struct p3_watch *w = ep->file.watches; w; w = w->file_next) {
    int a = levels_above(w->ep) + 1;
    d = a > d ? a : d;
  }
  return d;
}

/* Linux allows five epoll sets in one chain of watches. */
#define MAX_LEVELS 5

/* ELOOP if watching f from ep would close a cycle of sets or make the
 * chain deeper than Linux allows. */
static int check_nesting(const struct p3_epoll *ep, struct p3_file *f) {
  if (f->ops != &epoll_ops)
    return 0;
  int loop = 0;
  int below = levels_below(f, ep, &loop);
  if (loop || levels_above(ep) + 1 + below > MAX_LEVELS) {
    errno = ELOOP;
    return -1;
  }
  return 0;
}

/* The checks in Linux's order: the event pointer, then both descriptors,
 * then what they are. */
int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) {
  if ((op == EPOLL_CTL_ADD || op == EPOLL_CTL_MOD) && !event) {
    errno = EFAULT;
    return -1;
  }
  struct p3_file *epf = p3_fd_get(epfd);
  if (!epf)
    return -1;
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  if (f->ops->no_epoll) {
    errno = EPERM;
    return -1;
  }
  if (f == epf || epf->ops != &epoll_ops) {
    errno = EINVAL;
    return -1;
  }
  struct p3_epoll *ep = (struct p3_epoll *) epf;
  struct p3_watch *w = fd < ep->nby_fd ? ep->by_fd[fd] : NULL;
  while (w && w->file != f) /* the key is the file and the fd together */
    w = w->fd_next;
  switch (op) {
  case EPOLL_CTL_ADD:
    if (w) {
      errno = EEXIST;
      return -1;
    }
    if (event->events & ~KNOWN) {
      errno = EINVAL;
      return -1;
    }
    if (check_nesting(ep, f) < 0)
      return -1;
    if (grow(ep, fd) < 0 || !(w = calloc(1, sizeof *w))) {
      errno = ENOMEM;
      return -1;
    }
    p3_stats.allocs++;
    w->ep = ep;
    w->file = f;
    w->fd = fd;
    w->events = event->events;
    w->data = event->data;
    w->file_next = f->watches;
    f->watches = w;
    w->fd_next = ep->by_fd[fd];
    ep->by_fd[fd] = w;
    recheck(w);
    return 0;
  case EPOLL_CTL_MOD:
    if (!w) {
      errno = ENOENT;
      return -1;
    }
    if ((event->events & ~KNOWN) || (event->events & EPOLLEXCLUSIVE)) {
      errno = EINVAL;
      return -1;
    }
    w->events = event->events;
    w->data = event->data;
    w->disabled = 0;
    p3_ready_remove(w);
    recheck(w);
    return 0;
  case EPOLL_CTL_DEL:
    if (!w) {
      errno = ENOENT;
      return -1;
    }
    p3_watch_free(w);
    return 0;
  default:
    errno = EINVAL;
    return -1;
  }
}

/* Reports what is ready, at most max entries, walking only the ready
 * list. Level-triggered entries go to the back (fairness, as Linux);
 * edge-triggered and one-shot entries leave it until their next change. */
static int harvest(struct p3_epoll *ep, struct epoll_event *out, int max) {
  int n = 0;
  struct p3_watch *w = ep->ready_head, *last = ep->ready_tail;
  while (w && n < max) {
    struct p3_watch *next = w->ready_next;
    int was_last = w == last;
    uint32_t ev = p3_watch_events(w);
    p3_ready_remove(w);
    if (ev) {
      out[n].events = ev;
      out[n].data = w->data;
      n++;
      if (w->events & EPOLLONESHOT)
        w->disabled = 1;
      else if (!(w->events & EPOLLET))
        p3_ready_append(w);
    }
    if (was_last)
      break;
    w = next;
  }
  return n;
}

struct answer {
  struct p3_epoll *ep;
  struct epoll_event *out;
  int max;
};

static int check(void *ctx) {
  struct answer *a = ctx;
  return epoll_poll(&a->ep->file) != 0;
}

static int take(void *ctx) {
  struct answer *a = ctx;
  return harvest(a->ep, a->out, a->max);
}

static int wait_until(int epfd, struct epoll_event *out, int max, int timeout) {
  struct p3_epoll *ep = get_epoll(epfd);
  if (!ep)
    return -1;
  if (max <= 0) {
    errno = EINVAL;
    return -1;
  }
  if (!out) {
    errno = EFAULT;
    return -1;
  }
  struct answer a = {ep, out, max};
  struct p3_readiness r = {check, take, &a};
  uint64_t deadline;
  return p3_readiness_wait(&r, timeout < 0 ? UINT64_MAX : (uint64_t) timeout * 1000000u, &deadline);
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) {
  return wait_until(epfd, events, maxevents, timeout);
}

int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout,
                const sigset_t *sigmask) {
  (void) sigmask; /* a component has no signals to mask */
  return wait_until(epfd, events, maxevents, timeout);
}
