/* UDP sockets on wasi:sockets udp-socket. The POSIX calls in this folder
 * share this state; the receive and send machines own the host's async
 * operations, and readiness is read off this struct by poll and epoll. */
#ifndef P3_UDP_H
#define P3_UDP_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "fd/fd.h"
#include "host/host.h"
#include "host/pending.h"
#include "reactor/reactor.h"
#include "sock/sock.h"

typedef wasi_sockets_types_result_tuple2_list_u8_ip_socket_address_error_code_t p3_recv_result;

/* The receive in flight and its result. It is its own allocation because
 * it must outlive a closed socket when the host may still write into it
 * (jco keeps a cancelled receive going: see ../shared/HOSTS.md). */
struct p3_rx {
  struct p3_pending op; /* the receive subtask */
  struct p3_udp *sock;  /* NULL once the socket is gone */
  enum { RX_IDLE, RX_PENDING, RX_READY } state;
  p3_recv_result result; /* valid when RX_READY */
};

/* One send the host has started but not finished. The host has read the
 * datagram by then (a STARTED subtask has consumed its arguments); only
 * the result area is kept. */
struct p3_tx {
  struct p3_pending op; /* the send subtask; op.starting until it has read the datagram */
  struct p3_udp *sock;
  struct p3_tx *next, *prev; /* the socket's sends in flight (next: free list) */
  uint32_t len;              /* charged against SO_SNDBUF until done: payload + overhead */
  wasi_sockets_types_result_void_error_code_t result;
};

struct p3_udp {
  struct p3_file file;
  wasi_sockets_types_own_udp_socket_t handle;
  int family; /* AF_INET or AF_INET6 */
  int bound;
  int connected;
  int shut_rd, shut_wr;
  int so_error; /* an errno kept from a send that failed after returning */
  struct sockaddr_storage peer;
  struct p3_rx *rx;
  struct p3_tx *tx; /* sends in flight */
  uint32_t tx_bytes;
  /* Options the host does not hold, kept to answer getsockopt. */
  int sndbuf, rcvbuf, reuseaddr, broadcast, reuseport;
  struct timeval rcvtimeo, sndtimeo;
};

extern const struct p3_file_ops p3_udp_ops;

wasi_sockets_types_borrow_udp_socket_t p3_udp_borrow(struct p3_udp *s);

/* The socket calls (fd/sock.h) and the file calls UDP answers. */
int p3_udp_bind(struct p3_file *f, const struct sockaddr *addr, socklen_t len);
int p3_udp_connect(struct p3_file *f, const struct sockaddr *addr, socklen_t len);
int p3_udp_shutdown(struct p3_file *f, int how);
int p3_udp_getsockname(struct p3_file *f, struct sockaddr *addr, socklen_t *len);
int p3_udp_getpeername(struct p3_file *f, struct sockaddr *addr, socklen_t *len);
int p3_udp_getsockopt(struct p3_file *f, int level, int name, void *val, socklen_t *len);
int p3_udp_setsockopt(struct p3_file *f, int level, int name, const void *val, socklen_t len);
ssize_t p3_udp_sendmsg(struct p3_file *f, const struct msghdr *msg, int flags);
ssize_t p3_udp_recvmsg(struct p3_file *f, struct msghdr *msg, int flags);
ssize_t p3_udp_readv(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
ssize_t p3_udp_writev(struct p3_file *f, const struct iovec *iov, int iovcnt, int nonblock);
/* FIONREAD: the length of the next datagram, 0 if none is waiting. */
int p3_udp_nread(struct p3_file *f, int *out);

/* Starts the receive if the socket is bound and none is in flight. */
void p3_udp_rx_start(struct p3_udp *s);
/* Hands out (once) the error a finished receive carries, restarting the
 * receive; 0 if the waiting result is not an error. */
int p3_udp_rx_take_error(struct p3_udp *s);
/* Called when the socket becomes bound (explicitly or by a first send). */
void p3_udp_mark_bound(struct p3_udp *s);
/* Replaces a pending receive with a fresh one (after a re-connect: jco
 * moves the connection to a new host socket and strands the old receive). */
void p3_udp_rx_restart(struct p3_udp *s);
/* Cancels what is in flight at close; frees what the host no longer uses. */
void p3_udp_rx_close(struct p3_udp *s);
void p3_udp_tx_close(struct p3_udp *s);
/* Hands one datagram to the host: 0, or -1 with errno for an error the host
 * reported at once. */
int p3_udp_tx_send(struct p3_udp *s, const void *data, size_t len,
                   const wasi_sockets_types_option_ip_socket_address_t *to);
/* Disconnects (no-op if not connected). 0 or -1 with errno. */
int p3_udp_disconnect(struct p3_udp *s);

/* Readiness: POLLIN, POLLOUT, POLLERR as poll(2) reports them. */
unsigned p3_udp_poll(struct p3_file *f);

/* The IP options wasi:sockets cannot carry out (sockopt_host.c): 0 or -1
 * when answered, -2 when the option is not one of them. */
int p3_udp_ipopt_get(struct p3_udp *s, int level, int name, void *val, socklen_t *len);
int p3_udp_ipopt_set(struct p3_udp *s, int level, int name, const void *val, socklen_t len);

#endif
