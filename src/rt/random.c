#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "host/buf.h"
#include "host/host.h"

int getentropy(void *buf, size_t len) {
  if (len > 256) {
    errno = EIO; /* Linux and POSIX: at most 256 bytes per call */
    return -1;
  }
  if (len && !buf) {
    errno = EFAULT;
    return -1;
  }
  size_t off = 0;
  while (off < len) {
    command_list_u8_t bytes;
    HOST(wasi_random_random_get_random_bytes(len - off, &bytes));
    memcpy((char *) buf + off, bytes.ptr, bytes.len);
    off += bytes.len;
    p3_buf_recycle(bytes.ptr, bytes.len);
  }
  return 0;
}
