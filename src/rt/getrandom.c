/* getrandom on wasi:random (through getentropy, 256 bytes at a time). The
 * host's generator never blocks and has no separate "random" pool, so the
 * flags change nothing; unknown flags are EINVAL, and one call returns at
 * most 32 MiB - 1 bytes, as Linux's does. */
#include <errno.h>
#include <sys/random.h>
#include <unistd.h>

#define P3_GETRANDOM_MAX ((size_t) 33554431)

ssize_t getrandom(void *buf, size_t len, unsigned flags) {
  if (flags & ~(unsigned) (GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
      (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE)) {
    errno = EINVAL;
    return -1;
  }
  if (len > P3_GETRANDOM_MAX)
    len = P3_GETRANDOM_MAX;
  if (len && !buf) {
    errno = EFAULT;
    return -1;
  }
  for (size_t off = 0; off < len;) {
    size_t n = len - off < 256 ? len - off : 256;
    if (getentropy((char *) buf + off, n) < 0)
      return off ? (ssize_t) off : -1;
    off += n;
  }
  return (ssize_t) len;
}
