/* inet_pton: the strict text forms only. IPv4 is four decimal parts with
 * no leading zeros (unlike inet_aton, "010" is not octal here but an
 * error); IPv6 is RFC 4291's form: up to eight groups of 1-4 hex digits,
 * one "::" standing for at least one zero group, and an optional dotted
 * IPv4 tail in place of the last two groups. No zone ("%eth0") is
 * accepted: that is getaddrinfo's business. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "net/net.h"

int p3_pton4(const char *s, uint8_t out[4]) {
  uint8_t b[4];
  for (int i = 0; i < 4; i++) {
    if (i && *s++ != '.')
      return 0;
    if (*s < '0' || *s > '9')
      return 0;
    unsigned v = 0;
    int digits = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
      if (digits == 3 || (digits == 1 && v == 0))
        return 0; /* too long, or a leading zero */
      v = v * 10 + (unsigned) (*s - '0');
    }
    if (v > 255)
      return 0;
    b[i] = (uint8_t) v;
  }
  if (*s)
    return 0;
  memcpy(out, b, 4);
  return 1;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static int pton6(const char *s, uint8_t out[16]) {
  uint16_t w[8];
  int n = 0;    /* groups read */
  int gap = -1; /* where "::" stands, in groups */
  if (s[0] == ':') {
    if (s[1] != ':')
      return 0;
    gap = 0;
    s += 2;
  }
  while (*s) {
    const char *start = s;
    unsigned v = 0;
    int digits = 0;
    for (int h; (h = hexval(*s)) >= 0 && digits <= 4; s++, digits++)
      v = v << 4 | (unsigned) h;
    if (*s == '.') {
      /* The IPv4 tail ends the address and fills two groups. */
      uint8_t b[4];
      if (n > 6 || !p3_pton4(start, b))
        return 0;
      w[n++] = (uint16_t) (b[0] << 8 | b[1]);
      w[n++] = (uint16_t) (b[2] << 8 | b[3]);
      break;
    }
    if (digits == 0 || digits > 4 || n == 8)
      return 0;
    w[n++] = (uint16_t) v;
    if (*s == '\0')
      break;
    if (*s++ != ':')
      return 0;
    if (*s == ':') {
      if (gap >= 0)
        return 0;
      gap = n;
      s++;
    } else if (*s == '\0') {
      return 0; /* a trailing single colon */
    }
  }
  if (gap < 0 ? n != 8 : n > 7)
    return 0;
  uint16_t full[8] = {0};
  if (gap < 0) {
    memcpy(full, w, sizeof full);
  } else {
    memcpy(full, w, (size_t) gap * sizeof *w);
    memcpy(full + 8 - (n - gap), w + gap, (size_t) (n - gap) * sizeof *w);
  }
  for (int i = 0; i < 8; i++) {
    out[2 * i] = (uint8_t) (full[i] >> 8);
    out[2 * i + 1] = (uint8_t) full[i];
  }
  return 1;
}

int inet_pton(int af, const char *restrict src, void *restrict dst) {
  if (af == AF_INET)
    return p3_pton4(src, dst);
  if (af == AF_INET6)
    return pton6(src, dst);
  errno = EAFNOSUPPORT;
  return -1;
}
