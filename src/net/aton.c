/* inet_aton and inet_addr: the classic BSD forms, as glibc reads them.
 * One to four parts separated by dots, each decimal, 0x-hex or 0-octal;
 * all parts but the last are single bytes and the last fills the bytes
 * that remain ("10.1" is 10.0.0.1, "0x7f000001" is 127.0.0.1). glibc
 * stops at the first white space and ignores what follows, so
 * "1.2.3.4 junk" is valid for inet_aton, while getaddrinfo wants the
 * string to end there. */
#include <arpa/inet.h>

#include "net/net.h"

static int is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Reads one part; NULL if s does not start with a valid number. */
static const char *part(const char *s, uint64_t *out) {
  unsigned base = 10;
  if (*s < '0' || *s > '9')
    return NULL;
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s += 2;
  } else if (s[0] == '0') {
    base = 8;
  }
  uint64_t v = 0;
  const char *start = s;
  for (;; s++) {
    unsigned d;
    if (*s >= '0' && *s <= '9')
      d = (unsigned) (*s - '0');
    else if (*s >= 'a' && *s <= 'f')
      d = (unsigned) (*s - 'a' + 10);
    else if (*s >= 'A' && *s <= 'F')
      d = (unsigned) (*s - 'A' + 10);
    else
      break;
    if (d >= base)
      break;
    if (v <= UINT32_MAX) /* saturates above: any such part is too big */
      v = v * base + d;
  }
  if (s == start)
    return NULL; /* "0x" without digits */
  *out = v;
  return s;
}

const char *p3_aton(const char *s, uint32_t *addr) {
  uint64_t parts[4];
  int n = 0;
  for (;;) {
    s = part(s, &parts[n]);
    if (!s)
      return NULL;
    n++;
    if (*s != '.' || n == 4)
      break;
    s++;
  }
  if (*s && !is_space(*s))
    return NULL;
  /* Every part but the last is one byte; the last fills the rest. */
  uint32_t v = 0;
  for (int i = 0; i < n - 1; i++) {
    if (parts[i] > 0xff)
      return NULL;
    v |= (uint32_t) parts[i] << (24 - 8 * i);
  }
  uint64_t last_max = n == 1 ? UINT32_MAX : UINT32_MAX >> (8 * (n - 1));
  if (parts[n - 1] > last_max)
    return NULL;
  *addr = v | (uint32_t) parts[n - 1];
  return s;
}

int inet_aton(const char *cp, struct in_addr *inp) {
  uint32_t a;
  if (!p3_aton(cp, &a))
    return 0;
  if (inp)
    inp->s_addr = htonl(a);
  return 1;
}

in_addr_t inet_addr(const char *cp) {
  uint32_t a;
  return p3_aton(cp, &a) ? htonl(a) : INADDR_NONE;
}
