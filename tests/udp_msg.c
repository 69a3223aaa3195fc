/* Scatter/gather and batched datagram calls: sendmsg gathers a 3-part iovec
 * into ONE datagram, recvmsg scatters one datagram across 3 iovecs and fills
 * msg_name/msg_namelen with the source, writev/readv behave the same on a
 * connected socket, and sendmmsg/recvmmsg move 4 datagrams in one call each
 * with msg_len per message. High-throughput UDP code (QUIC, DNS servers) is
 * written against exactly these calls. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sock_util.h"

int main(void) {
  struct sockaddr_in na, nb;
  int a = bound4(&na);
  int b = bound4(&nb);

  /* sendmsg gathers three pieces into one datagram. */
  char p1[] = "alpha-", p2[] = "beta-", p3[] = "gamma";
  struct iovec out[3] = {{p1, 6}, {p2, 5}, {p3, 5}};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_name = &nb;
  mh.msg_namelen = sizeof nb;
  mh.msg_iov = out;
  mh.msg_iovlen = 3;
  CHECK(sendmsg(a, &mh, 0) == 16);
  CHECK(readable(b));
  char whole[64];
  memset(whole, 0, sizeof whole);
  CHECK(recv(b, whole, sizeof whole, 0) == 16);
  CHECK(memcmp(whole, "alpha-beta-gamma", 16) == 0);
  CHECK(nothing_queued(b));

  /* recvmsg scatters one datagram over three buffers and names the source. */
  CHECK(sendmsg(a, &mh, 0) == 16);
  CHECK(readable(b));
  char r1[4], r2[7], r3[32];
  memset(r1, 0, sizeof r1);
  memset(r2, 0, sizeof r2);
  memset(r3, 0, sizeof r3);
  struct iovec in[3] = {{r1, sizeof r1}, {r2, sizeof r2}, {r3, sizeof r3}};
  struct sockaddr_in from;
  memset(&from, 0, sizeof from);
  struct msghdr rh;
  memset(&rh, 0, sizeof rh);
  rh.msg_name = &from;
  rh.msg_namelen = sizeof from + 8; /* larger than needed: set to the real size */
  rh.msg_iov = in;
  rh.msg_iovlen = 3;
  rh.msg_flags = -1;
  CHECK(recvmsg(b, &rh, 0) == 16);
  CHECK(memcmp(r1, "alph", 4) == 0);
  CHECK(memcmp(r2, "a-beta-", 7) == 0);
  CHECK(memcmp(r3, "gamma", 5) == 0 && r3[5] == 0);
  CHECK(rh.msg_namelen == sizeof from);
  CHECK(from.sin_family == AF_INET);
  CHECK(from.sin_port == na.sin_port);
  CHECK(from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  CHECK(rh.msg_flags == 0);
  CHECK(rh.msg_controllen == 0);

  /* recvmsg without a name buffer: msg_namelen is left 0. */
  CHECK(sendto(a, "nameless", 8, 0, (struct sockaddr *) &nb, sizeof nb) == 8);
  CHECK(readable(b));
  struct iovec one = {whole, sizeof whole};
  memset(&rh, 0, sizeof rh);
  rh.msg_iov = &one;
  rh.msg_iovlen = 1;
  CHECK(recvmsg(b, &rh, 0) == 8);
  CHECK(rh.msg_namelen == 0);
  CHECK(memcmp(whole, "nameless", 8) == 0);

  /* Empty iovec entries are skipped on both sides. */
  struct iovec holes[4] = {{p1, 0}, {p2, 5}, {NULL, 0}, {p3, 5}};
  mh.msg_iov = holes;
  mh.msg_iovlen = 4;
  CHECK(sendmsg(a, &mh, 0) == 10);
  CHECK(readable(b));
  memset(r1, 0, sizeof r1);
  memset(r3, 0, sizeof r3);
  struct iovec inholes[3] = {{r1, 0}, {NULL, 0}, {r3, sizeof r3}};
  memset(&rh, 0, sizeof rh);
  rh.msg_iov = inholes;
  rh.msg_iovlen = 3;
  CHECK(recvmsg(b, &rh, 0) == 10);
  CHECK(memcmp(r3, "beta-gamma", 10) == 0);

  /* writev/readv on a connected socket: one datagram per call. */
  CHECK_OK(connect(a, (struct sockaddr *) &nb, sizeof nb));
  CHECK(writev(a, out, 3) == 16);
  CHECK(writev(a, out + 2, 1) == 5);
  CHECK(readable(b));
  memset(r1, 0, sizeof r1);
  memset(r2, 0, sizeof r2);
  memset(r3, 0, sizeof r3);
  CHECK(readv(b, in, 3) == 16);
  CHECK(memcmp(r1, "alph", 4) == 0 && memcmp(r2, "a-beta-", 7) == 0);
  CHECK(memcmp(r3, "gamma", 5) == 0);
  CHECK(readable(b));
  memset(r1, 0, sizeof r1);
  memset(r2, 0, sizeof r2);
  CHECK(readv(b, in, 3) == 5);
  CHECK(memcmp(r1, "gamm", 4) == 0 && r2[0] == 'a' && r2[1] == 0);
  /* sendmsg without a name on a connected socket goes to the peer. */
  mh.msg_name = NULL;
  mh.msg_namelen = 0;
  mh.msg_iov = out;
  mh.msg_iovlen = 3;
  CHECK(sendmsg(a, &mh, 0) == 16);
  CHECK(readable(b));
  CHECK(recv(b, whole, sizeof whole, 0) == 16);
  CHECK(nothing_queued(b));

  /* sendmmsg: four datagrams of different sizes in one call. */
  static const char *const payload[4] = {"one", "two-two", "", "four four four"};
  struct iovec miov[4];
  struct mmsghdr mm[4];
  memset(mm, 0, sizeof mm);
  for (int i = 0; i < 4; i++) {
    miov[i].iov_base = (void *) payload[i];
    miov[i].iov_len = strlen(payload[i]);
    mm[i].msg_hdr.msg_iov = &miov[i];
    mm[i].msg_hdr.msg_iovlen = 1;
    mm[i].msg_hdr.msg_name = &nb;
    mm[i].msg_hdr.msg_namelen = sizeof nb;
  }
  CHECK(sendmmsg(a, mm, 4, 0) == 4);
  for (int i = 0; i < 4; i++)
    CHECK(mm[i].msg_len == strlen(payload[i]));

  /* recvmmsg with MSG_WAITFORONE, after poll: each message gets its
   * length and source. The four may arrive over more than one call. */
  CHECK(readable(b));
  char rbuf[4][32];
  struct iovec riov[4];
  struct sockaddr_in rfrom[4];
  struct mmsghdr rm[4];
  int got = 0;
  double t0 = check_now_ms();
  while (got < 4 && check_now_ms() - t0 < 2000) {
    memset(rm, 0, sizeof rm);
    memset(rfrom, 0, sizeof rfrom);
    for (int i = 0; i < 4; i++) {
      riov[i].iov_base = rbuf[i];
      riov[i].iov_len = sizeof rbuf[i];
      rm[i].msg_hdr.msg_iov = &riov[i];
      rm[i].msg_hdr.msg_iovlen = 1;
      rm[i].msg_hdr.msg_name = &rfrom[i];
      rm[i].msg_hdr.msg_namelen = sizeof rfrom[i];
    }
    struct pollfd pf = {.fd = b, .events = POLLIN};
    if (poll(&pf, 1, 2000) != 1)
      break;
    int n = recvmmsg(b, rm, 4 - got, MSG_WAITFORONE, NULL);
    CHECK(n >= 1);
    if (n < 1)
      break;
    for (int i = 0; i < n; i++) {
      size_t want = strlen(payload[got + i]);
      CHECK(rm[i].msg_len == want);
      CHECK(memcmp(rbuf[i], payload[got + i], want) == 0);
      CHECK(rm[i].msg_hdr.msg_namelen == sizeof(struct sockaddr_in));
      CHECK(rfrom[i].sin_family == AF_INET);
      CHECK(rfrom[i].sin_port == na.sin_port);
      CHECK(!(rm[i].msg_hdr.msg_flags & MSG_TRUNC));
    }
    got += n;
  }
  CHECK(got == 4);
  CHECK(nothing_queued(b));

  /* recvmmsg on an empty socket with MSG_DONTWAIT: EAGAIN. */
  memset(rm, 0, sizeof rm);
  riov[0].iov_base = rbuf[0];
  riov[0].iov_len = sizeof rbuf[0];
  rm[0].msg_hdr.msg_iov = &riov[0];
  rm[0].msg_hdr.msg_iovlen = 1;
  CHECK_ERR(recvmmsg(b, rm, 1, MSG_DONTWAIT, NULL), EAGAIN);

  /* recvmmsg truncation is per message. */
  CHECK(send(a, "0123456789", 10, 0) == 10);
  CHECK(readable(b));
  riov[0].iov_len = 4;
  CHECK(recvmmsg(b, rm, 1, 0, NULL) == 1);
  CHECK(rm[0].msg_len == 4);
  CHECK(rm[0].msg_hdr.msg_flags & MSG_TRUNC);
  CHECK(memcmp(rbuf[0], "0123", 4) == 0);

  CHECK_OK(close(b));
  CHECK_OK(close(a));
  CHECK_DONE();
}
