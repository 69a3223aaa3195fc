/* getentropy on wasi:random: the host's bytes, never more than asked. */
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
    /* The length is the host's word: copy no more than was asked for, and
     * give up on a host that returns nothing rather than ask forever. */
    size_t n = bytes.len < len - off ? bytes.len : len - off;
    if (n)
      memcpy((char *) buf + off, bytes.ptr, n);
    off += n;
    p3_buf_recycle(bytes.ptr, bytes.len);
    if (!n) {
      errno = EIO;
      return -1;
    }
  }
  return 0;
}
