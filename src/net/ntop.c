/* inet_ntop, with glibc's choices for IPv6 so output matches Linux byte
 * for byte: lowercase hex without leading zeros, the longest run of two or
 * more zero groups (the first of equal runs) shortened to "::", and the
 * dotted IPv4 tail for the IPv4-mapped (::ffff:a.b.c.d) and the old
 * IPv4-compatible (::a.b.c.d) forms. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "net/net.h"

size_t p3_utoa(uint32_t v, char *buf) {
  char tmp[10];
  size_t n = 0;
  do
    tmp[n++] = (char) ('0' + v % 10);
  while (v /= 10);
  for (size_t i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  return n;
}

size_t p3_ntop4(const uint8_t a[4], char *buf) {
  size_t n = 0;
  for (int i = 0; i < 4; i++) {
    if (i)
      buf[n++] = '.';
    n += p3_utoa(a[i], buf + n);
  }
  buf[n] = '\0';
  return n;
}

static size_t hex16(unsigned v, char *buf) {
  static const char digits[] = "0123456789abcdef";
  size_t n = 0;
  for (int shift = 12; shift >= 0; shift -= 4)
    if (v >> shift || shift == 0)
      buf[n++] = digits[(v >> shift) & 0xf];
  return n;
}

size_t p3_ntop6(const uint8_t a[16], char *buf) {
  unsigned w[8];
  for (int i = 0; i < 8; i++)
    w[i] = (unsigned) a[2 * i] << 8 | a[2 * i + 1];
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && w[j] == 0)
      j++;
    if (j - i > best_len && j - i >= 2)
      best = i, best_len = j - i;
    i = j > i ? j : i + 1;
  }
  if (best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
    const char *prefix = best_len == 6 ? "::" : "::ffff:";
    size_t n = strlen(prefix);
    memcpy(buf, prefix, n);
    return n + p3_ntop4(a + 12, buf + n);
  }
  size_t n = 0;
  for (int i = 0; i < 8; i++) {
    if (i == best) {
      buf[n++] = ':';
      if (i == 0)
        buf[n++] = ':';
      i += best_len - 1;
      continue;
    }
    n += hex16(w[i], buf + n);
    if (i < 7)
      buf[n++] = ':';
  }
  buf[n] = '\0';
  return n;
}

const char *inet_ntop(int af, const void *restrict src, char *restrict dst, socklen_t size) {
  char buf[INET6_ADDRSTRLEN];
  size_t len;
  if (af == AF_INET) {
    len = p3_ntop4(src, buf);
  } else if (af == AF_INET6) {
    len = p3_ntop6(src, buf);
  } else {
    errno = EAFNOSUPPORT;
    return NULL;
  }
  if (len >= size) {
    errno = ENOSPC;
    return NULL;
  }
  memcpy(dst, buf, len + 1);
  return dst;
}
