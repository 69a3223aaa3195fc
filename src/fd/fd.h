/* The descriptor table: one table owns fds 0-2 and every socket. A file is
 * any object that starts with struct p3_file; its ops say what it can do. */
#ifndef P3_FD_H
#define P3_FD_H

#include <stddef.h>
#include <sys/types.h>

struct p3_file;
struct iovec;

struct p3_file_ops {
  /* Both return bytes done or -1 with errno; nonblock is O_NONBLOCK. */
  ssize_t (*read)(struct p3_file *f, void *buf, size_t len, int nonblock);
  ssize_t (*write)(struct p3_file *f, const void *buf, size_t len, int nonblock);
  /* Optional: a file that keeps message boundaries (a datagram socket)
   * gathers or scatters the iovecs as one message. Without these, readv and
   * writev go buffer by buffer. */
  ssize_t (*readv)(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
  ssize_t (*writev)(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
  /* Releases the object; the fd is already gone from the table. */
  int (*close)(struct p3_file *f);
  /* Readiness now, as poll(2) bits (POLLIN, POLLOUT, POLLERR, POLLHUP). */
  unsigned (*poll)(struct p3_file *f);
};

struct p3_watch; /* an epoll registration (poll/epoll layer) */

struct p3_file {
  const struct p3_file_ops *ops;
  int status_flags;         /* O_NONBLOCK */
  struct p3_watch *watches; /* epoll sets watching this file */
};

/* The file behind fd, or NULL with errno EBADF. */
struct p3_file *p3_fd_get(int fd);
/* Puts f at the lowest free fd; -1 with EMFILE or ENOMEM. */
int p3_fd_install(struct p3_file *f, int cloexec);
/* Takes fd out of the table and returns its file (NULL, EBADF if none). */
struct p3_file *p3_fd_remove(int fd);
int p3_fd_get_cloexec(int fd);
void p3_fd_set_cloexec(int fd, int on);

/* Tells every epoll set watching f that its readiness may have changed. */
void p3_file_changed(struct p3_file *f);
/* Takes f out of every epoll set: it is being closed. */
void p3_file_closing(struct p3_file *f);

#endif
