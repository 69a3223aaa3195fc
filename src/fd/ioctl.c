#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>

#include "fd/fd.h"
#include "net/iface.h"

int ioctl(int fd, int request, ...) {
  struct p3_file *f = p3_fd_get(fd);
  if (!f)
    return -1;
  va_list ap;
  va_start(ap, request);
  int *arg = va_arg(ap, int *);
  va_end(ap);
  switch (request) {
  case FIONBIO:
    if (!arg) {
      errno = EFAULT;
      return -1;
    }
    /* No p3_file_changed: readiness does not depend on the mode, and on
     * Linux switching it is no event (an EPOLLET watch would see an edge
     * that Linux never gives: udp_fionbio_edge). */
    f->status_flags = *arg ? f->status_flags | O_NONBLOCK : f->status_flags & ~O_NONBLOCK;
    return 0;
  case FIONREAD:
    if (!arg) {
      errno = EFAULT;
      return -1;
    }
    if (!f->ops->nread) {
      errno = ENOTTY;
      return -1;
    }
    return f->ops->nread(f, arg);
  case SIOCGIFNAME:
  case SIOCGIFCONF:
  case SIOCGIFFLAGS:
  case SIOCSIFFLAGS:
  case SIOCGIFADDR:
  case SIOCSIFADDR:
  case SIOCGIFDSTADDR:
  case SIOCGIFBRDADDR:
  case SIOCGIFNETMASK:
  case SIOCGIFMETRIC:
  case SIOCGIFMTU:
  case SIOCSIFMTU:
  case SIOCGIFHWADDR:
  case SIOCGIFINDEX:
  case SIOCGIFTXQLEN:
    return p3_if_ioctl(f, request, arg);
  default:
    errno = ENOTTY;
    return -1;
  }
}
