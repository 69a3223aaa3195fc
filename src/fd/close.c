#include <unistd.h>

#include "fd/fd.h"

int close(int fd) {
  struct p3_file *f = p3_fd_remove(fd);
  if (!f)
    return -1;
  p3_file_closing(f);
  return f->ops->close ? f->ops->close(f) : 0;
}
