/* Walking a control buffer with CMSG_FIRSTHDR and CMSG_NXTHDR, as code
 * that builds or parses ancillary data does: three headers laid out with
 * CMSG_SPACE/CMSG_LEN are all found, in order, with their data; the walk
 * ends (NULL) exactly when the next header would not fit in
 * msg_controllen, and at a header whose cmsg_len is too short to step over
 * or so large that stepping would wrap. A recvmsg result (no ancillary data
 * on either side here) walks to nothing. */
#include "check.h"

#include <stdint.h>

#include "sock_util.h"

static union {
  struct cmsghdr align;
  unsigned char b[256];
} ctl;

static const size_t data_len[3] = {1, 4, 9};

/* Lays out three headers (level 100+i, type 200+i, data bytes i+1 each
 * time) and returns the bytes they use. */
static size_t build(void) {
  memset(&ctl, 0xee, sizeof ctl);
  size_t off = 0;
  for (int i = 0; i < 3; i++) {
    struct cmsghdr *c = (struct cmsghdr *) (ctl.b + off);
    c->cmsg_len = CMSG_LEN(data_len[i]);
    c->cmsg_level = 100 + i;
    c->cmsg_type = 200 + i;
    memset(CMSG_DATA(c), i + 1, data_len[i]);
    off += CMSG_SPACE(data_len[i]);
  }
  return off;
}

/* Walks msg_control as the caller set it; returns how many headers. */
static int walk(struct msghdr *m, int check_content) {
  int n = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
    if (n >= 3) {
      n++;
      break; /* a wrong NXTHDR must not loop forever */
    }
    if (check_content) {
      CHECK(c->cmsg_level == 100 + n && c->cmsg_type == 200 + n);
      CHECK(c->cmsg_len == CMSG_LEN(data_len[n]));
      for (size_t k = 0; k < data_len[n]; k++)
        CHECK(CMSG_DATA(c)[k] == n + 1);
    }
    n++;
  }
  return n;
}

static struct msghdr msg_with(size_t controllen) {
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_control = ctl.b;
  m.msg_controllen = controllen;
  return m;
}

int main(void) {
  size_t used = build();
  struct cmsghdr *first = (struct cmsghdr *) ctl.b;
  size_t off1 = CMSG_SPACE(data_len[0]);
  size_t off2 = off1 + CMSG_SPACE(data_len[1]);

  struct msghdr m = msg_with(used);
  CHECK(walk(&m, 1) == 3);
  CHECK(CMSG_FIRSTHDR(&m) == first);
  CHECK((unsigned char *) CMSG_NXTHDR(&m, first) == ctl.b + off1);
  CHECK((unsigned char *) CMSG_NXTHDR(&m, CMSG_NXTHDR(&m, first)) == ctl.b + off2);

  /* Room to spare after the last header: still three (the bytes after it
   * are 0xee, which as a header would be huge, but they are never read as
   * one unless a header fits there). */
  m = msg_with(sizeof ctl.b);
  struct cmsghdr *third = (struct cmsghdr *) (ctl.b + off2);
  CHECK(CMSG_NXTHDR(&m, first) != NULL);
  /* The third header's successor starts at `used` with junk: its header
   * fits, so it is returned, and its own cmsg_len ends the walk there. */
  struct cmsghdr *junk = CMSG_NXTHDR(&m, third);
  CHECK((unsigned char *) junk == ctl.b + used);
  if (junk)
    CHECK(CMSG_NXTHDR(&m, junk) == NULL);

  /* The third header fits only if all of its header does. */
  m = msg_with(off2 + sizeof(struct cmsghdr));
  CHECK(walk(&m, 0) == 3);
  m = msg_with(off2 + sizeof(struct cmsghdr) - 1);
  CHECK(walk(&m, 0) == 2);
  m = msg_with(off1 + sizeof(struct cmsghdr) - 1);
  CHECK(walk(&m, 0) == 1);
  m = msg_with(sizeof(struct cmsghdr));
  CHECK(walk(&m, 0) == 1);
  m = msg_with(sizeof(struct cmsghdr) - 1);
  CHECK(CMSG_FIRSTHDR(&m) == NULL);

  /* A header too short to be one, or one claiming more than there is:
   * the walk ends at it. */
  m = msg_with(used);
  first->cmsg_len = 0;
  CHECK(CMSG_NXTHDR(&m, first) == NULL);
  first->cmsg_len = sizeof(struct cmsghdr) - 1;
  CHECK(CMSG_NXTHDR(&m, first) == NULL);
  first->cmsg_len = (socklen_t) -1;
  CHECK(CMSG_NXTHDR(&m, first) == NULL);
  first->cmsg_len = (socklen_t) used; /* no room left for another header */
  CHECK(CMSG_NXTHDR(&m, first) == NULL);
  /* One that leaves exactly a header's room behind it. */
  first->cmsg_len = (socklen_t) (used - CMSG_ALIGN(sizeof(struct cmsghdr)));
  CHECK((unsigned char *) CMSG_NXTHDR(&m, first) ==
        ctl.b + used - CMSG_ALIGN(sizeof(struct cmsghdr)));
  first->cmsg_len++;
  CHECK(CMSG_NXTHDR(&m, first) == NULL);
  first->cmsg_len = CMSG_LEN(0); /* a header with no data is fine */
  CHECK(CMSG_NXTHDR(&m, first) == (struct cmsghdr *) (ctl.b + CMSG_SPACE(0)));

  /* recvmsg reports no ancillary data: nothing to walk. */
  struct sockaddr_in me;
  int fd = bound4(&me);
  CHECK(send_to(fd, &me, "x") == 0);
  CHECK(readable(fd));
  char buf[4];
  struct iovec iov = {buf, sizeof buf};
  m = msg_with(sizeof ctl.b);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  CHECK(recvmsg(fd, &m, 0) == 1);
  CHECK(m.msg_controllen == 0);
  CHECK(CMSG_FIRSTHDR(&m) == NULL);
  close(fd);
  CHECK_DONE();
}
