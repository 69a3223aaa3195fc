#include <unistd.h>

#include "fd/fd.h"

/* The file closes only with its last fd (dup shares it). */
int close(int fd) {
  struct p3_file *f = p3_fd_remove(fd);
  if (!f)
    return -1;
  return p3_file_release(f);
}
