/* The descriptor table: one table owns fds 0-2 and every other descriptor.
 * A file is an open file description: any object that starts with struct
 * p3_file; its ops say what it can do. Several fds may share one file (dup,
 * dup2, fcntl F_DUPFD): the file counts them and is closed with the last. */
#ifndef P3_FD_H
#define P3_FD_H

#include <stddef.h>
#include <sys/types.h>

struct p3_file;
struct p3_sock_ops;
struct iovec;
struct stat;

struct p3_file_ops {
  /* Both return bytes done or -1 with errno; nonblock is O_NONBLOCK. */
  ssize_t (*read)(struct p3_file *f, void *buf, size_t len, int nonblock);
  ssize_t (*write)(struct p3_file *f, const void *buf, size_t len, int nonblock);
  /* Optional: a file that keeps message boundaries (a datagram socket)
   * gathers or scatters the iovecs as one message. Without these, readv and
   * writev go buffer by buffer. */
  ssize_t (*readv)(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
  ssize_t (*writev)(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
  /* Releases the object; its last fd is already gone from the table. */
  int (*close)(struct p3_file *f);
  /* Readiness now, as poll(2) bits (POLLIN, POLLOUT, POLLERR, POLLHUP). */
  unsigned (*poll)(struct p3_file *f);
  /* Optional: FIONREAD, the bytes a read would return now. Without it
   * FIONREAD is ENOTTY. */
  int (*nread)(struct p3_file *f, int *out);
  /* Optional: F_GETPIPE_SZ (set 0) and F_SETPIPE_SZ (set 1, size). Without
   * it those commands fail with EBADF, as Linux says of a file that is not
   * a pipe. */
  int (*pipe_size)(struct p3_file *f, int set, int size);
  /* Optional, for files with a position (regular files): without them
   * lseek, pread and pwrite fail with ESPIPE, as for a pipe or socket. */
  off_t (*seek)(struct p3_file *f, off_t off, int whence);
  ssize_t (*pread)(struct p3_file *f, void *buf, size_t len, off_t off);
  ssize_t (*pwrite)(struct p3_file *f, const void *buf, size_t len, off_t off);
  /* Optional: fstat. Without it fstat reports st_mode = mode below. */
  int (*stat)(struct p3_file *f, struct stat *st);
  /* Optional: ftruncate (EINVAL without) and fsync/fdatasync (EINVAL
   * without, as Linux says of a socket or pipe). */
  int (*truncate)(struct p3_file *f, off_t len);
  int (*sync)(struct p3_file *f, int data_only);
  /* The file type fstat reports when there is no stat op (S_IFSOCK...);
   * 0 means a socket. */
  unsigned mode;
  /* Regular files and directories: always ready for poll and select, but
   * epoll_ctl refuses them with EPERM, as Linux does. */
  unsigned char no_epoll;
  /* The access mode F_GETFL reports; the default (0) is O_RDWR. */
  enum { P3_ACCESS_RDWR, P3_ACCESS_RDONLY, P3_ACCESS_WRONLY } access;
  /* A socket's calls (fd/sock.h); NULL for a file that is no socket. */
  const struct p3_sock_ops *sock;
};

struct p3_watch; /* an epoll registration (poll/epoll layer) */

struct p3_file {
  const struct p3_file_ops *ops;
  int status_flags;         /* O_NONBLOCK */
  struct p3_watch *watches; /* epoll sets watching this file */
  int refs;                 /* fds in the table that refer to it */
};

/* The file behind fd, or NULL with errno EBADF. */
struct p3_file *p3_fd_get(int fd);
/* Puts f at the lowest free fd; -1 with EMFILE or ENOMEM. */
int p3_fd_install(struct p3_file *f, int cloexec);
/* Puts f at the lowest free fd not below min (fcntl F_DUPFD); -1 with
 * EINVAL (min out of range), EMFILE or ENOMEM. */
int p3_fd_install_from(struct p3_file *f, int min, int cloexec);
/* Puts f at exactly fd, closing what was there first (dup2); -1 with
 * EBADF (fd out of range) or ENOMEM. */
int p3_fd_install_at(struct p3_file *f, int fd, int cloexec);
/* Takes fd out of the table and returns its file (NULL, EBADF if none).
 * The caller owns the reference the fd held: see p3_file_release. */
struct p3_file *p3_fd_remove(int fd);
/* Drops one reference; the last closes the file (its epoll registrations
 * go, then ops->close). Returns what ops->close says, else 0. */
int p3_file_release(struct p3_file *f);
int p3_fd_get_cloexec(int fd);
void p3_fd_set_cloexec(int fd, int on);
/* The files fds 0-2 start with (stdin, stdout, stderr: rt/stdio.c). */
extern struct p3_file *const p3_stdio_files[3];
/* How many fds the table can ever hold (RLIMIT_NOFILE's place). */
#define P3_FD_MAX 65536

struct flock;
/* fcntl's F_GETLK, F_SETLK, F_SETLKW on f (fd/lock.c). */
int p3_fd_lock(struct p3_file *f, int cmd, struct flock *lk);

/* Tells every epoll set watching f that its readiness may have changed. */
void p3_file_changed(struct p3_file *f);
/* The same for a change Linux announces with the poll bits in events only
 * (an eventfd read wakes writers with POLLOUT): a watch interested in none
 * of them (nor POLLERR/POLLHUP) sees no edge, as on Linux. */
void p3_file_changed_by(struct p3_file *f, unsigned events);
/* Takes f out of every epoll set: it is being closed. */
void p3_file_closing(struct p3_file *f);

/* Whoever keeps f->watches (the epoll layer) hears of changes and closes
 * through this, installed when it first registers a watch: the descriptor
 * layer depends on nobody. */
struct p3_file_watcher {
  /* events: the readiness bits that may have changed (a wake-up only
   * watchers of those bits see, as Linux's EPOLLET edges) */
  void (*changed)(struct p3_file *f, unsigned events);
  void (*closing)(struct p3_file *f);
};
void p3_file_set_watcher(const struct p3_file_watcher *w);

#endif
