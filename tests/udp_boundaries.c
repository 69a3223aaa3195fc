/* Datagram boundaries. UDP is message-oriented: one send is one receive, a
 * buffer too small for the datagram truncates it and the rest is lost (the
 * next receive gets the next datagram), recvmsg flags that with MSG_TRUNC,
 * recv(MSG_TRUNC) reports the real length, MSG_PEEK leaves the datagram
 * queued, zero-length datagrams exist, and the IPv4 maximum payload is
 * 65507 bytes (65535 - 20 IP - 8 UDP); one more byte is EMSGSIZE. A layer
 * that treats UDP as a byte stream breaks all of these. */
#include "check.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sock_util.h"

#define MAX4 65507

static void send_self(int fd, const struct sockaddr_in *to, const void *buf, size_t len) {
  ssize_t n = sendto(fd, buf, len, 0, (const struct sockaddr *) to, sizeof *to);
  if (n != (ssize_t) len)
    fprintf(stderr, "sendto %zu bytes: got %zd (errno %d)\n", len, n, errno);
  CHECK(n == (ssize_t) len);
}

int main(void) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(fd >= 0);
  limit_wait(fd);
  struct sockaddr_in me = bind_loopback4(fd, 0);
  /* Room for the big datagrams below. */
  int rcvbuf = 1 << 20;
  CHECK_OK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf));

  char buf[256];

  /* Two sends are two receives, never merged. */
  send_self(fd, &me, "first", 5);
  send_self(fd, &me, "second", 6);
  CHECK(readable(fd));
  CHECK(recv(fd, buf, sizeof buf, 0) == 5 && memcmp(buf, "first", 5) == 0);
  CHECK(readable(fd));
  CHECK(recv(fd, buf, sizeof buf, 0) == 6 && memcmp(buf, "second", 6) == 0);
  CHECK(nothing_queued(fd));

  /* Short buffer: returns the buffer size, the tail is discarded, the next
   * receive is the next datagram. */
  send_self(fd, &me, "0123456789", 10);
  send_self(fd, &me, "next", 4);
  CHECK(readable(fd));
  memset(buf, 0, sizeof buf);
  CHECK(recv(fd, buf, 4, 0) == 4);
  CHECK(memcmp(buf, "0123", 4) == 0 && buf[4] == 0);
  CHECK(readable(fd));
  CHECK(recv(fd, buf, sizeof buf, 0) == 4 && memcmp(buf, "next", 4) == 0);
  CHECK(nothing_queued(fd));

  /* recvmsg with a short buffer sets MSG_TRUNC in msg_flags; a fitting one
   * does not. */
  send_self(fd, &me, "truncate me", 11);
  send_self(fd, &me, "fits", 4);
  CHECK(readable(fd));
  struct iovec iov = {.iov_base = buf, .iov_len = 3};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  CHECK(recvmsg(fd, &mh, 0) == 3);
  CHECK(memcmp(buf, "tru", 3) == 0);
  CHECK(mh.msg_flags & MSG_TRUNC);
  CHECK(readable(fd));
  iov.iov_len = sizeof buf;
  mh.msg_flags = -1;
  CHECK(recvmsg(fd, &mh, 0) == 4);
  CHECK(memcmp(buf, "fits", 4) == 0);
  CHECK(!(mh.msg_flags & MSG_TRUNC));
  CHECK(nothing_queued(fd));

  /* recv(MSG_TRUNC) returns the datagram's real length, even with a short
   * (or empty) buffer; the datagram is consumed. */
  send_self(fd, &me, "0123456789abcdef", 16);
  CHECK(readable(fd));
  memset(buf, 0, sizeof buf);
  CHECK(recv(fd, buf, 4, MSG_TRUNC) == 16);
  CHECK(memcmp(buf, "0123", 4) == 0 && buf[4] == 0);
  CHECK(nothing_queued(fd));
  send_self(fd, &me, "0123456789", 10);
  CHECK(readable(fd));
  CHECK(recv(fd, NULL, 0, MSG_TRUNC) == 10);
  CHECK(nothing_queued(fd));

  /* MSG_PEEK twice sees the same datagram; the read after takes it; the
   * second datagram is next. A peek with a short buffer truncates the copy
   * but not the queued datagram. */
  send_self(fd, &me, "peekaboo", 8);
  send_self(fd, &me, "after", 5);
  CHECK(readable(fd));
  struct sockaddr_in from;
  socklen_t len = sizeof from;
  memset(buf, 0, sizeof buf);
  CHECK(recvfrom(fd, buf, sizeof buf, MSG_PEEK, (struct sockaddr *) &from, &len) == 8);
  CHECK(memcmp(buf, "peekaboo", 8) == 0);
  CHECK(from.sin_port == me.sin_port);
  memset(buf, 0, sizeof buf);
  CHECK(recv(fd, buf, 4, MSG_PEEK) == 4);
  CHECK(memcmp(buf, "peek", 4) == 0);
  CHECK(recv(fd, buf, 2, MSG_PEEK | MSG_TRUNC) == 8);
  memset(buf, 0, sizeof buf);
  CHECK(recv(fd, buf, sizeof buf, 0) == 8);
  CHECK(memcmp(buf, "peekaboo", 8) == 0);
  CHECK(readable(fd));
  CHECK(recv(fd, buf, sizeof buf, MSG_PEEK) == 5);
  CHECK(recv(fd, buf, sizeof buf, 0) == 5 && memcmp(buf, "after", 5) == 0);
  CHECK(nothing_queued(fd));

  /* Zero-length datagrams: sent, polled, received as 0 with the sender's
   * address, and they are real datagrams (the next one follows). */
  CHECK(sendto(fd, "", 0, 0, (struct sockaddr *) &me, sizeof me) == 0);
  CHECK(sendto(fd, NULL, 0, 0, (struct sockaddr *) &me, sizeof me) == 0);
  send_self(fd, &me, "z", 1);
  CHECK(readable(fd));
  len = sizeof from;
  memset(&from, 0, sizeof from);
  CHECK(recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *) &from, &len) == 0);
  CHECK(from.sin_family == AF_INET && from.sin_port == me.sin_port);
  CHECK(readable(fd));
  CHECK(recv(fd, buf, sizeof buf, 0) == 0);
  CHECK(readable(fd));
  CHECK(recv(fd, buf, sizeof buf, 0) == 1 && buf[0] == 'z');
  CHECK(nothing_queued(fd));

  /* Largest IPv4 datagram: 65507 bytes round-trip intact. */
  static unsigned char big[MAX4 + 1], got[MAX4 + 100];
  for (size_t i = 0; i < sizeof big; i++)
    big[i] = (unsigned char) (i * 7 + (i >> 8));
  send_self(fd, &me, big, MAX4);
  CHECK(readable(fd));
  memset(got, 0, sizeof got);
  CHECK(recv(fd, got, sizeof got, 0) == MAX4);
  CHECK(memcmp(got, big, MAX4) == 0);

  /* A big datagram into a small buffer: truncated, then gone. */
  send_self(fd, &me, big, MAX4);
  CHECK(readable(fd));
  CHECK(recv(fd, got, 100, MSG_TRUNC) == MAX4);
  CHECK(memcmp(got, big, 100) == 0);
  CHECK(nothing_queued(fd));

  /* One byte more does not fit in an IPv4 datagram. */
  CHECK_ERR(sendto(fd, big, MAX4 + 1, 0, (struct sockaddr *) &me, sizeof me), EMSGSIZE);
  CHECK(nothing_queued(fd));

  CHECK_OK(close(fd));
  CHECK_DONE();
}
