/* The vector and message calls on TCP: writev gathers, readv scatters
 * (a stream keeps no boundaries), sendmsg/recvmsg and sendto/recvfrom
 * ignore addresses as Linux does for a connected stream (recvfrom's
 * address length comes back 0), MSG_WAITALL gathers across arrivals. On
 * wasip3 it also measures what one small send and one receive of bytes
 * already buffered cost in host calls. */
#include <sys/uio.h>

#include "check.h"
#include "tcp_util.h"

#ifdef __wasi__
#include <p3net.h>
#endif

int main(void) {
  struct sockaddr_storage la;
  int lst = tcp_listener(AF_INET6, &la);
  CHECK(lst >= 0);
  int c, s;
  if (tcp_pair(lst, &la, &c, &s) < 0)
    return 1;
  struct iovec out[3] = {{"ab", 2}, {"", 0}, {"cdefg", 5}};
  CHECK(writev(c, out, 3) == 7);
  char x[3], y[16];
  struct iovec in[2] = {{x, 3}, {y, sizeof y}};
  size_t got = 0;
  while (got < 7) {
    ssize_t n = readv(s, in, 2);
    CHECK(n > 0);
    if (n <= 0)
      break;
    got += (size_t) n;
    if (got < 7) { /* the rest lands after what came */
      if (got < 3) {
        in[0].iov_base = x + got;
        in[0].iov_len = 3 - got;
      } else {
        in[0].iov_len = 0;
        in[1].iov_base = y + (got - 3);
        in[1].iov_len = sizeof y - (got - 3);
      }
    }
  }
  CHECK(got == 7 && !memcmp(x, "abc", 3) && !memcmp(y, "defg", 4));

  struct sockaddr_in6 nowhere = loopback6(htons(9));
  CHECK(sendto(c, "hi", 2, 0, (struct sockaddr *) &nowhere, sizeof nowhere) == 2);
  struct sockaddr_storage from;
  socklen_t flen = sizeof from;
  char buf[64];
  CHECK(recvfrom(s, buf, 2, MSG_WAITALL, (struct sockaddr *) &from, &flen) == 2);
  CHECK(flen == 0 && !memcmp(buf, "hi", 2));

  struct iovec m1[2] = {{"12", 2}, {"345", 3}};
  struct msghdr mh = {.msg_iov = m1, .msg_iovlen = 2};
  CHECK(sendmsg(c, &mh, MSG_NOSIGNAL) == 5);
  struct iovec r1 = {buf, 5};
  struct msghdr rh = {
      .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &r1, .msg_iovlen = 1};
  CHECK(recvmsg(s, &rh, MSG_WAITALL) == 5 && !memcmp(buf, "12345", 5));
  CHECK(rh.msg_namelen == 0 && rh.msg_flags == 0);

  /* MSG_WAITALL across two arrivals. */
  CHECK(send(c, "wait", 4, 0) == 4);
  CHECK(send(c, "all!", 4, 0) == 4);
  CHECK(recv(s, buf, 8, MSG_WAITALL) == 8 && !memcmp(buf, "waitall!", 8));

#ifdef __wasi__
  /* Steady state: one 64-byte send, then its receive once it is here. */
  struct p3net_stats s0, s1, s2, s3;
  long send_calls = 0, recv_calls = 0;
  for (int i = 0; i < 100; i++) {
    p3net_stats_get(&s0);
    CHECK(send(c, buf, 64, 0) == 64);
    p3net_stats_get(&s1);
    struct pollfd p = {.fd = s, .events = POLLIN};
    CHECK(poll(&p, 1, 5000) == 1);
    p3net_stats_get(&s2);
    CHECK(recv(s, buf, sizeof buf, 0) == 64);
    p3net_stats_get(&s3);
    send_calls += (long) (s1.host_calls - s0.host_calls);
    recv_calls += (long) (s3.host_calls - s2.host_calls);
  }
  printf("host calls per 64-byte send: %.2f; per recv with the bytes already here: %.2f\n",
         send_calls / 100.0, recv_calls / 100.0);
  CHECK(send_calls <= 100 * 2);
  CHECK(recv_calls <= 100 * 2);
#endif
  close(c);
  close(s);
  close(lst);
  CHECK_DONE();
}
