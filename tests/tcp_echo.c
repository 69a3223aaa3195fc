/* Connect, accept and echo within one program, IPv4 and IPv6: a nonblocking
 * connect to a listener, accept once poll says a connection waits, bytes
 * both ways, names on both ends, then close and EOF as 0 for good. */
#include "check.h"
#include "tcp_util.h"

static void run(int family) {
  struct sockaddr_storage la;
  int lst = tcp_listener(family, &la);
  CHECK(lst >= 0);
  if (lst < 0)
    return;
  int val = -1;
  socklen_t vlen = sizeof val;
  CHECK_OK(getsockopt(lst, SOL_SOCKET, SO_ACCEPTCONN, &val, &vlen));
  CHECK(val == 1);
  int c, s;
  if (tcp_pair(lst, &la, &c, &s) < 0) {
    close(lst);
    return;
  }
  /* Names: the client's peer is the listener's address; the server's peer
   * is the client's name. */
  struct sockaddr_storage a, b;
  socklen_t alen = sizeof a, blen = sizeof b;
  CHECK_OK(getpeername(c, (struct sockaddr *) &a, &alen));
  CHECK(alen == sockaddr_len(&la) && !memcmp(&a, &la, alen));
  alen = sizeof a;
  CHECK_OK(getsockname(c, (struct sockaddr *) &a, &alen));
  CHECK_OK(getpeername(s, (struct sockaddr *) &b, &blen));
  CHECK(alen == blen && !memcmp(&a, &b, alen));
  CHECK(a.ss_family == family);

  char buf[64];
  CHECK(send(c, "hello", 5, 0) == 5);
  CHECK(recv(s, buf, 5, MSG_WAITALL) == 5 && !memcmp(buf, "hello", 5));
  CHECK(write(s, "world!", 6) == 6);
  memset(buf, 0, sizeof buf);
  CHECK(recv(c, buf, 6, MSG_WAITALL) == 6 && !memcmp(buf, "world!", 6));
  /* Echo a few messages back and forth. */
  for (int i = 0; i < 20; i++) {
    char msg[32], got[32];
    int n = snprintf(msg, sizeof msg, "message %d", i);
    CHECK(send(c, msg, (size_t) n, 0) == n);
    CHECK(recv(s, got, (size_t) n, MSG_WAITALL) == n && !memcmp(got, msg, (size_t) n));
    CHECK(send(s, got, (size_t) n, 0) == n);
    memset(got, 0, sizeof got);
    /* read may return a part: a stream keeps no message boundaries. */
    ssize_t k = 0, r = 1;
    while (k < n && (r = read(c, got + k, (size_t) (n - k))) > 0)
      k += r;
    CHECK(k == n && !memcmp(got, msg, (size_t) n));
  }
  /* The client closes: the server reads the end, 0, and again 0. */
  CHECK_OK(close(c));
  CHECK(recv(s, buf, sizeof buf, 0) == 0);
  CHECK(recv(s, buf, sizeof buf, 0) == 0);
  CHECK(read(s, buf, sizeof buf) == 0);
  CHECK_OK(close(s));

  /* close delivers what was sent before it: 256 KiB sent, then close at
   * once; the peer reads every byte, then the end. */
  if (tcp_pair(lst, &la, &c, &s) == 0) {
    static char big[256 << 10], got[256 << 10];
    for (size_t i = 0; i < sizeof big; i++)
      big[i] = (char) (i * 7 + 3);
    set_nonblock(c, 1);
    size_t off = 0;
    /* Nonblocking: whatever the buffers take, the peer reading meanwhile. */
    size_t in = 0;
    while (off < sizeof big) {
      ssize_t n = send(c, big + off, sizeof big - off, 0);
      if (n > 0)
        off += (size_t) n;
      if (off - in > (64 << 10) || n < 0) {
        ssize_t r = recv(s, got + in, sizeof got - in, MSG_DONTWAIT);
        if (r > 0)
          in += (size_t) r;
        else if (n < 0)
          readable_within(s, 100);
      }
    }
    CHECK_OK(close(c));
    ssize_t r = 1;
    while (in < sizeof got && (r = recv(s, got + in, sizeof got - in, 0)) > 0)
      in += (size_t) r;
    CHECK(in == sizeof big && !memcmp(got, big, sizeof big));
    CHECK(recv(s, got, 1, 0) == 0);
    CHECK_OK(close(s));
  }
  CHECK_OK(close(lst));
}

int main(void) {
  run(AF_INET);
  run(AF_INET6);
  CHECK_DONE();
}
