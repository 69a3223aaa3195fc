/* TCP sockets on wasi:sockets tcp-socket, kernel style. A connected socket
 * keeps one stream read in flight into a receive buffer of p3net's own
 * (SO_RCVBUF bytes) and one stream write in flight from a send buffer
 * (SO_SNDBUF bytes), and a listener keeps one read of its connection
 * stream in flight: POLLIN and POLLOUT are facts about those buffers, a
 * nonblocking send that fits is taken at once, and a consumed receive
 * starts the next host read. */
#ifndef P3_TCP_H
#define P3_TCP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "fd/fd.h"
#include "host/host.h"
#include "host/pending.h"
#include "sock/sock.h"

/* Where the socket is, as Linux's TCP states group them for POSIX. */
enum p3_tcp_state {
  TCP_FRESH,      /* created or bound: no connection (Linux TCP_CLOSE) */
  TCP_LISTENING,  /* listen succeeded */
  TCP_CONNECTING, /* connect in flight (SYN_SENT) */
  TCP_CONNECTED,  /* the streams are open (both ways may be shut down) */
  TCP_CLOSED,     /* connect failed, or the connection was reset */
};

/* A host call's result<_, error-code> with its operation: a connect, or a
 * read of a send or receive future. Its own allocation, so that a host
 * that writes after a cancel (jco) writes into memory still held. */
struct p3_tcp_op {
  struct p3_pending op;
  struct p3_tcp *sock; /* NULL once the socket is gone */
  wasi_sockets_types_result_void_error_code_t result;
};

/* The receive side: the host's stream and a buffer the host reads into.
 * Bytes sit in buf[head, head + len); a host read in flight fills from
 * head + len on (nothing moves while it is in flight). */
struct p3_tcp_rx {
  struct p3_pending op; /* the stream end; busy while a read is in flight */
  uint32_t future;      /* the receive future: ok at FIN, err on a reset */
  struct p3_tcp_op *fut;
  uint8_t *buf;
  size_t cap, head, len;
  int ended; /* the host's stream is over: its future says how */
  int eof;   /* the peer's FIN (or the end of the stream) came */
  int reset; /* the future said err: the connection is broken */
};

/* The send side: a ring of cap bytes, len queued from head; the host
 * reads the first `flight` of them while a write is in flight. */
struct p3_tcp_tx {
  struct p3_pending op; /* the writable end */
  uint32_t future;      /* send's future: resolves once all was sent */
  struct p3_tcp_op *fut;
  uint8_t *buf;
  size_t cap, head, len, flight;
  int fin;    /* the writable end is dropped: FIN is on its way */
  int broken; /* the host stopped taking bytes */
  int told;   /* a send reported the reset before the future said it */
};

/* The listener: one read of the connection stream in flight. */
struct p3_tcp_accept {
  struct p3_pending op;
  struct p3_tcp *sock;
  wasi_sockets_types_own_tcp_socket_t got;
  int ready; /* got holds a connection accept has not taken */
  int ended; /* the stream ended (the host's listener failed) */
};

struct p3_tcp {
  struct p3_file file;
  wasi_sockets_types_own_tcp_socket_t handle;
  int family;
  enum p3_tcp_state state;
  int bound;
  int connect_told; /* a connect after completion returned 0 once (Linux) */
  int so_error;     /* pending error: SO_ERROR, the next call, POLLERR */
  int shut_rd, shut_wr;
  struct p3_tcp_op *connect;
  struct p3_tcp_accept *accept;
  struct p3_tcp_rx rx;
  struct p3_tcp_tx tx;
  /* Options p3net keeps (the host has no such control, or it is read
   * back as set). */
  int sndbuf, rcvbuf, reuseaddr, nodelay, broadcast, reuseport, backlog;
  struct linger linger;
  struct timeval rcvtimeo, sndtimeo;
};

extern const struct p3_file_ops p3_tcp_ops;

wasi_sockets_types_borrow_tcp_socket_t p3_tcp_borrow(struct p3_tcp *s);
/* A new socket object for a host socket (accept); NULL with errno. */
struct p3_tcp *p3_tcp_new(int family, wasi_sockets_types_own_tcp_socket_t handle);
/* Installs s at the lowest fd; -1 with errno, s then freed. */
int p3_tcp_install(struct p3_tcp *s, int flags);

/* The socket calls (fd/sock.h). */
int p3_tcp_bind(struct p3_file *f, const struct sockaddr *addr, socklen_t len);
int p3_tcp_connect(struct p3_file *f, const struct sockaddr *addr, socklen_t len);
int p3_tcp_listen(struct p3_file *f, int backlog);
int p3_tcp_accept4(struct p3_file *f, struct sockaddr *addr, socklen_t *len, int flags);
int p3_tcp_shutdown(struct p3_file *f, int how);
int p3_tcp_getsockname(struct p3_file *f, struct sockaddr *addr, socklen_t *len);
int p3_tcp_getpeername(struct p3_file *f, struct sockaddr *addr, socklen_t *len);
int p3_tcp_getsockopt(struct p3_file *f, int level, int name, void *val, socklen_t *len);
int p3_tcp_setsockopt(struct p3_file *f, int level, int name, const void *val, socklen_t len);
ssize_t p3_tcp_sendmsg(struct p3_file *f, const struct msghdr *msg, int flags);
ssize_t p3_tcp_recvmsg(struct p3_file *f, struct msghdr *msg, int flags);
ssize_t p3_tcp_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
ssize_t p3_tcp_writev(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
unsigned p3_tcp_poll(struct p3_file *f);
int p3_tcp_nread(struct p3_file *f, int *out);
int p3_tcp_close(struct p3_file *f);

/* The connection is up (connect finished, or accepted): opens the host's
 * receive and send streams and starts the first read. 0 or -1 (ENOMEM). */
int p3_tcp_open_streams(struct p3_tcp *s);
/* Opens the host's receive stream with an empty buffer (rx.c), and the
 * send stream with an empty ring (tx.c). 0 or -1 (ENOMEM). */
int p3_tcp_rx_open(struct p3_tcp *s);
int p3_tcp_tx_open(struct p3_tcp *s);
/* Starts a host read into the receive buffer if none is in flight, there
 * is room and the stream goes on. */
void p3_tcp_rx_fill(struct p3_tcp *s);
/* Consumes n bytes from the front of the receive buffer. */
void p3_tcp_rx_consume(struct p3_tcp *s, size_t n);
/* Copies up to n bytes into the send ring; returns how many fit. Starts a
 * write if none is in flight. */
size_t p3_tcp_tx_queue(struct p3_tcp *s, const void *data, size_t n);
/* Starts a write of what is queued if none is in flight (and drops the
 * writable end once all is sent after SHUT_WR). */
void p3_tcp_tx_flush(struct p3_tcp *s);
/* The host stopped taking bytes and its send future has not said why:
 * waits for the reason (one look if nonblock, else up to 1 s), and if it
 * is still unknown records the likeliest one, ECONNRESET, as SO_ERROR.
 * Linux reports the reset before any EPIPE. */
void p3_tcp_tx_await_reason(struct p3_tcp *s, int nonblock);
/* Free room in the send ring. */
size_t p3_tcp_tx_room(const struct p3_tcp *s);
/* At close: lets go of every host end (data queued is flushed first
 * unless abort). */
void p3_tcp_rx_close(struct p3_tcp *s);
void p3_tcp_tx_close(struct p3_tcp *s, int abort);
/* Takes the pending error, if any (0 if none). */
int p3_tcp_take_error(struct p3_tcp *s);
/* Memory of size bytes from the pool of what closed sockets let go of, or
 * from malloc (zeroed if zero); NULL if there is none. pool.c. */
void *p3_tcp_mem_take(size_t size, int zero);
/* Hands p (size bytes, from p3_tcp_mem_take) back for reuse; no host
 * operation may still write into it. */
void p3_tcp_mem_give(void *p, size_t size);
/* A result<_, error-code> operation: allocation and its end. */
struct p3_tcp_op *p3_tcp_op_new(struct p3_tcp *s, enum p3_pending_kind kind, p3_wake_fn wake);
/* Cancels op's operation at close; frees it unless the host may still
 * write (then the quarantine does). */
void p3_tcp_op_abandon(struct p3_tcp_op *op, const struct p3_end_type *type);
/* Sets SO_ERROR and wakes watchers. */
void p3_tcp_fail(struct p3_tcp *s, int err);

/* The canonical built-ins of the stream and future types TCP uses. */
extern const struct p3_end_type p3_tcp_bytes_in, p3_tcp_bytes_out, p3_tcp_future_in,
    p3_tcp_conns_in;

#endif
