/* Advisory locks: fcntl F_GETLK/F_SETLK/F_SETLKW and flock. A component is
 * one process, and POSIX record locks never conflict within a process;
 * wasi:filesystem has no locks to take on the host's side. So a lock on a
 * file is granted once its arguments are checked as Linux checks them,
 * and F_GETLK always finds the range free. Programs that lock their own
 * files (a database, a pid file) run; p3net does not keep another process
 * from writing the file meanwhile. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/file.h>

#include "fd/fd.h"

int p3_fd_lock(struct p3_file *f, int cmd, struct flock *lk) {
  if (!lk) {
    errno = EFAULT;
    return -1;
  }
  if (!f->ops->pread) {
    errno = EINVAL; /* not a file with contents to lock */
    return -1;
  }
  if ((lk->l_type != F_RDLCK && lk->l_type != F_WRLCK && lk->l_type != F_UNLCK) ||
      (lk->l_whence != SEEK_SET && lk->l_whence != SEEK_CUR && lk->l_whence != SEEK_END)) {
    errno = EINVAL;
    return -1;
  }
  if (cmd == F_GETLK) {
    lk->l_type = F_UNLCK;
    return 0;
  }
  /* Linux: a read lock needs a file open for reading, a write lock one
   * open for writing. */
  if ((lk->l_type == F_RDLCK && f->ops->access == P3_ACCESS_WRONLY) ||
      (lk->l_type == F_WRLCK && f->ops->access == P3_ACCESS_RDONLY)) {
    errno = EBADF;
    return -1;
  }
  return 0;
}

int flock(int fd, int op) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  int kind = op & ~LOCK_NB;
  if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN) {
    errno = EINVAL;
    return -1;
  }
  return 0; /* within one process every flock is granted */
}
