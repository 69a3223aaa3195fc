/* Text <-> binary addresses: inet_pton, inet_ntop, inet_aton, inet_addr,
 * inet_ntoa and the byte-order calls. Every expected answer is what glibc
 * gives (the native run checks the tables themselves): the strict forms of
 * inet_pton, the classic BSD forms of inet_aton, and inet_ntop's choices
 * for IPv6 (longest zero run compressed, dotted IPv4 tails). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>

#include "check.h"

/* Valid IPv4 for inet_pton, with inet_ntop's text (the same). */
static const char *const good4[] = {
    "0.0.0.0", "1.2.3.4", "127.0.0.1", "255.255.255.255", "192.168.100.200", "10.0.0.1", "1.2.3.0",
};

/* Invalid for inet_pton(AF_INET). Several are valid for inet_aton. */
static const char *const bad4[] = {
    "",          "1",         "1.2",       "1.2.3",    "1.2.3.4.",  ".1.2.3",   "1.2.3.4.5",
    "256.1.1.1", "1.2.3.256", "01.2.3.4",  "1.2.3.04", "1.2.3.004", "1.2.3.4 ", " 1.2.3.4",
    "1.2.3.4x",  "0x1.2.3.4", "1..2.3",    "+1.2.3.4", "-1.2.3.4",  "1.2.3.-4", "1.2.3.1000",
    "::1",       "a.b.c.d",   "1.2.3.4\n", "1,2,3,4",  "1.2.3.4/8",
};

/* IPv6 text in, glibc's inet_ntop text out. */
static const struct {
  const char *in, *out;
} good6[] = {
    {"::", "::"},
    {"::1", "::1"},
    {"1::", "1::"},
    {"1::1", "1::1"},
    {"0:0:0:0:0:0:0:0", "::"},
    {"0000:0000:0000:0000:0000:0000:0000:0001", "::1"},
    {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
    {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
    {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
    {"1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"},
    {"1:0:0:2:0:0:0:3", "1:0:0:2::3"},
    {"1:0:0:2:0:0:3:4", "1::2:0:0:3:4"},
    {"1:0:0:1:0:0:1:0", "1::1:0:0:1:0"},
    {"1:0:0:0:1:0:0:0", "1::1:0:0:0"},
    {"::0:1:0:0:0", "::1:0:0:0"},
    {"ABCD:EF01::", "abcd:ef01::"},
    {"2001:db8::1", "2001:db8::1"},
    {"2001:DB8:0:0:8:800:200C:417A", "2001:db8::8:800:200c:417a"},
    {"2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"},
    {"fe80::1", "fe80::1"},
    {"ff02::1", "ff02::1"},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
    /* IPv4-mapped and IPv4-compatible addresses get a dotted tail. */
    {"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
    {"::ffff:102:304", "::ffff:1.2.3.4"},
    {"0:0:0:0:0:ffff:102:304", "::ffff:1.2.3.4"},
    {"::ffff:0:0", "::ffff:0.0.0.0"},
    {"::ffff:0.0.0.0", "::ffff:0.0.0.0"},
    {"::ffff:255.255.255.255", "::ffff:255.255.255.255"},
    {"::1.2.3.4", "::1.2.3.4"},
    {"::2:3", "::0.2.0.3"},
    {"::1:0", "::0.1.0.0"},
    {"::0.0.1.0", "::100"},
    {"::0.0.0.0", "::"},
    {"::0:0:1", "::1"},
    /* Only those two prefixes: other tails print as hex groups. */
    {"::fffe:1.2.3.4", "::fffe:102:304"},
    {"1::ffff:1.2.3.4", "1::ffff:102:304"},
    {"0:0:0:0:1:ffff:102:304", "::1:ffff:102:304"},
    {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
    {"1:2:3:4:5::1.2.3.4", "1:2:3:4:5:0:102:304"},
    {"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
};

static const char *const bad6[] = {
    "",
    ":",
    ":::",
    "1:::2",
    ":1",
    "1:",
    "1::2:",
    ":1::2",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:",
    "1::2::3",
    "12345::",
    "01234::",
    "::g",
    "::1 ",
    " ::1",
    "fe80::1%1",
    "[::1]",
    "::ffff:01.2.3.4",
    "::ffff:1.2.3",
    "::ffff:1.2.3.4.5",
    "::ffff:256.1.1.1",
    "::ffff:1.2.3.04",
    "1:2:3:4:5:6:7:1.2.3.4",
    "::1.2.3.4:1",
    "1.2.3.4::",
    "1.2.3.4",
    "::ffff:1.2.3.4/96",
};

/* inet_aton's forms: input, validity, the address in host order. */
static const struct {
  const char *in;
  int ok;
  uint32_t addr;
} aton[] = {
    {"1.2.3.4", 1, 0x01020304},
    {"0.0.0.0", 1, 0},
    {"255.255.255.255", 1, 0xffffffff},
    {"1", 1, 0x00000001},
    {"0", 1, 0},
    {"00", 1, 0},
    {"1.2.3", 1, 0x01020003},
    {"1.16777215", 1, 0x01ffffff},
    {"1.2.65535", 1, 0x0102ffff},
    {"4294967295", 1, 0xffffffff},
    {"0x7f000001", 1, 0x7f000001},
    {"0x7f.1", 1, 0x7f000001},
    {"0x7f.0.1", 1, 0x7f000001},
    {"017700000001", 1, 0x7f000001},
    {"0xff.0xff.0xff.0xff", 1, 0xffffffff},
    {"0X1.0X2.0X3.0X4", 1, 0x01020304},
    {"0377.0377.0377.0377", 1, 0xffffffff},
    {"01.2.3.4", 1, 0x01020304},
    {"1.2.3.04", 1, 0x01020304},
    {"010.0.0.1", 1, 0x08000001},
    {"1.2.3.4 ", 1, 0x01020304},
    {"1.2.3.4 junk", 1, 0x01020304},
    {"1.2.3.4\tx", 1, 0x01020304},
    {"1.2.3.4\n", 1, 0x01020304},
    {"", 0, 0},
    {" 1.2.3.4", 0, 0},
    {"1.2.3.4.", 0, 0},
    {"1.2.3.", 0, 0},
    {".1.2.3", 0, 0},
    {"1..2.3", 0, 0},
    {"1.2.3.4.5", 0, 0},
    {"1.2.3.4x", 0, 0},
    {"256.1.1.1", 0, 0},
    {"1.2.3.256", 0, 0},
    {"1.16777216", 0, 0},
    {"1.2.65536", 0, 0},
    {"4294967296", 0, 0},
    {"0xfffffffff", 0, 0},
    {"0x100.1.1.1", 0, 0},
    {"0400.1.1.1", 0, 0},
    {"08", 0, 0},
    {"09.1.1.1", 0, 0},
    {"0x", 0, 0},
    {"0x.1.2.3", 0, 0},
    {"+1.2.3.4", 0, 0},
    {"-1", 0, 0},
    {"1. 2.3.4", 0, 0},
    {"a.b.c.d", 0, 0},
    {"::1", 0, 0},
};

#define N(a) (sizeof(a) / sizeof(a)[0])

static void check_pton4(void) {
  for (size_t i = 0; i < N(good4); i++) {
    unsigned char b[4];
    char out[INET_ADDRSTRLEN];
    if (inet_pton(AF_INET, good4[i], b) != 1) {
      fprintf(stderr, "inet_pton(AF_INET, \"%s\") rejected\n", good4[i]);
      check_failures++;
      continue;
    }
    const char *r = inet_ntop(AF_INET, b, out, sizeof out);
    if (!r || strcmp(out, good4[i])) {
      fprintf(stderr, "inet_ntop(AF_INET) of \"%s\" gave \"%s\"\n", good4[i], r ? out : "NULL");
      check_failures++;
    }
  }
  for (size_t i = 0; i < N(bad4); i++) {
    unsigned char b[4] = {9, 9, 9, 9};
    if (inet_pton(AF_INET, bad4[i], b) != 0) {
      fprintf(stderr, "inet_pton(AF_INET, \"%s\") accepted\n", bad4[i]);
      check_failures++;
    }
  }
}

static void check_pton6(void) {
  for (size_t i = 0; i < N(good6); i++) {
    struct in6_addr a, b;
    char out[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET6, good6[i].in, &a) != 1) {
      fprintf(stderr, "inet_pton(AF_INET6, \"%s\") rejected\n", good6[i].in);
      check_failures++;
      continue;
    }
    const char *r = inet_ntop(AF_INET6, &a, out, sizeof out);
    if (!r || strcmp(out, good6[i].out)) {
      fprintf(stderr, "inet_ntop(AF_INET6) of \"%s\" gave \"%s\", want \"%s\"\n", good6[i].in,
              r ? out : "NULL", good6[i].out);
      check_failures++;
      continue;
    }
    /* The text inet_ntop writes parses back to the same address. */
    CHECK(inet_pton(AF_INET6, out, &b) == 1 && !memcmp(&a, &b, sizeof a));
  }
  for (size_t i = 0; i < N(bad6); i++) {
    struct in6_addr a;
    if (inet_pton(AF_INET6, bad6[i], &a) != 0) {
      fprintf(stderr, "inet_pton(AF_INET6, \"%s\") accepted\n", bad6[i]);
      check_failures++;
    }
  }
}

/* Every byte value in every position survives a round trip. */
static void check_roundtrip(void) {
  for (int pos = 0; pos < 16; pos++)
    for (int v = 0; v < 256; v += 15) {
      unsigned char a[16] = {0}, b[16];
      char text[INET6_ADDRSTRLEN];
      a[pos] = (unsigned char) v;
      a[(pos + 7) % 16] = (unsigned char) (255 - v);
      CHECK(inet_ntop(AF_INET6, a, text, sizeof text) == text);
      CHECK(inet_pton(AF_INET6, text, b) == 1 && !memcmp(a, b, 16));
      if (pos < 4) {
        CHECK(inet_ntop(AF_INET, a, text, sizeof text) == text);
        CHECK(inet_pton(AF_INET, text, b) == 1 && !memcmp(a, b, 4));
      }
    }
}

static void check_aton(void) {
  for (size_t i = 0; i < N(aton); i++) {
    struct in_addr a = {0x5a5a5a5a};
    int ok = inet_aton(aton[i].in, &a);
    in_addr_t b = inet_addr(aton[i].in);
    if (ok != aton[i].ok || (ok && ntohl(a.s_addr) != aton[i].addr)) {
      fprintf(stderr, "inet_aton(\"%s\") = %d, %08x; want %d, %08x\n", aton[i].in, ok,
              (unsigned) ntohl(a.s_addr), aton[i].ok, (unsigned) aton[i].addr);
      check_failures++;
    }
    uint32_t want = aton[i].ok ? htonl(aton[i].addr) : INADDR_NONE;
    if (b != want) {
      fprintf(stderr, "inet_addr(\"%s\") = %08x, want %08x\n", aton[i].in, (unsigned) b,
              (unsigned) want);
      check_failures++;
    }
  }
}

static void check_errors(void) {
  unsigned char b[16] = {0};
  char out[64];
  /* Bad family: -1/EAFNOSUPPORT from inet_pton, NULL/EAFNOSUPPORT from inet_ntop. */
  CHECK_ERR(inet_pton(AF_UNIX, "1.2.3.4", b), EAFNOSUPPORT);
  CHECK_ERR(inet_pton(12345, "::1", b), EAFNOSUPPORT);
  errno = 0;
  CHECK(inet_ntop(AF_UNIX, b, out, sizeof out) == NULL && errno == EAFNOSUPPORT);

  /* ENOSPC when the text and its NUL do not fit, and exactly fitting works. */
  unsigned char v4[4] = {255, 255, 255, 255};
  errno = 0;
  CHECK(inet_ntop(AF_INET, v4, out, 15) == NULL && errno == ENOSPC);
  CHECK(inet_ntop(AF_INET, v4, out, 16) == out && !strcmp(out, "255.255.255.255"));
  errno = 0;
  CHECK(inet_ntop(AF_INET, v4, out, 0) == NULL && errno == ENOSPC);
  struct in6_addr a6;
  CHECK(inet_pton(AF_INET6, "1:2:3:4:5:6:7:8", &a6) == 1);
  errno = 0;
  CHECK(inet_ntop(AF_INET6, &a6, out, 15) == NULL && errno == ENOSPC);
  CHECK(inet_ntop(AF_INET6, &a6, out, 16) == out && !strcmp(out, "1:2:3:4:5:6:7:8"));
  CHECK(inet_pton(AF_INET6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", &a6) == 1);
  CHECK(inet_ntop(AF_INET6, &a6, out, INET6_ADDRSTRLEN) == out);
  CHECK(inet_pton(AF_INET6, "::ffff:255.255.255.255", &a6) == 1);
  errno = 0;
  CHECK(inet_ntop(AF_INET6, &a6, out, 22) == NULL && errno == ENOSPC);
  CHECK(inet_ntop(AF_INET6, &a6, out, 23) == out && !strcmp(out, "::ffff:255.255.255.255"));
}

static void check_misc(void) {
  /* inet_ntoa writes dotted decimal of a network-order address. */
  struct in_addr a;
  a.s_addr = htonl(0xc0a80a01);
  CHECK(!strcmp(inet_ntoa(a), "192.168.10.1"));
  a.s_addr = htonl(INADDR_ANY);
  CHECK(!strcmp(inet_ntoa(a), "0.0.0.0"));
  a.s_addr = htonl(INADDR_BROADCAST);
  CHECK(!strcmp(inet_ntoa(a), "255.255.255.255"));

  /* Byte order: network order is big-endian. */
  uint16_t s = htons(0x1234);
  uint32_t l = htonl(0x12345678);
  CHECK(((unsigned char *) &s)[0] == 0x12 && ((unsigned char *) &s)[1] == 0x34);
  CHECK(!memcmp(&l, "\x12\x34\x56\x78", 4));
  CHECK(ntohs(s) == 0x1234 && ntohl(l) == 0x12345678);
  CHECK(ntohs(htons(0xfffe)) == 0xfffe && ntohl(htonl(0x80000001u)) == 0x80000001u);

  /* The two named IPv6 addresses. */
  char out[INET6_ADDRSTRLEN];
  CHECK(inet_ntop(AF_INET6, &in6addr_any, out, sizeof out) && !strcmp(out, "::"));
  CHECK(inet_ntop(AF_INET6, &in6addr_loopback, out, sizeof out) && !strcmp(out, "::1"));
  CHECK(IN6_IS_ADDR_UNSPECIFIED(&in6addr_any) && IN6_IS_ADDR_LOOPBACK(&in6addr_loopback));
  struct in6_addr any = IN6ADDR_ANY_INIT, lo = IN6ADDR_LOOPBACK_INIT;
  CHECK(!memcmp(&any, &in6addr_any, sizeof any) && !memcmp(&lo, &in6addr_loopback, sizeof lo));
}

int main(void) {
  check_pton4();
  check_pton6();
  check_roundtrip();
  check_aton();
  check_errors();
  check_misc();
  CHECK_DONE();
}
