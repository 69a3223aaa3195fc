/* What every socket kind shares: address conversion and checks, the errno
 * of a wasi:sockets error-code, option values in and out, iovec and msghdr
 * checks, timeouts. The POSIX socket calls in this folder dispatch to the
 * kinds through fd/sock.h. */
#ifndef P3_SOCK_SOCK_H
#define P3_SOCK_SOCK_H

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include "fd/sock.h"
#include "host/host.h"

typedef wasi_sockets_types_ip_socket_address_t p3_ipaddr;

/* The kinds' socket(): type without SOCK_NONBLOCK/CLOEXEC in kind. */
int p3_udp_open(int domain, int type, int protocol);
int p3_tcp_open(int domain, int type, int protocol);

/* wasi:sockets address family of AF_INET / AF_INET6. */
uint8_t p3_wasi_family(int domain);

/* Address conversion. to_wasi checks length and family (errno on -1). */
int p3_addr_to_wasi(const struct sockaddr *sa, socklen_t len, int family, p3_ipaddr *out);
/* Writes as much as fits, sets *len to the full length (as POSIX says). */
void p3_addr_from_wasi(const p3_ipaddr *in, struct sockaddr *sa, socklen_t *len);
/* The wildcard address and port 0 of family (an unbound socket's name). */
void p3_addr_any(int family, p3_ipaddr *out);
/* Whether a and b are the same address and port. */
int p3_addr_equal(const p3_ipaddr *a, const p3_ipaddr *b);
/* Whether Linux has no route for a stream connect to a: an IPv4 or IPv6
 * multicast address, the limited broadcast, or 127.255.255.255 (the
 * broadcast of lo, the one interface p3net reports). Linux says
 * ENETUNREACH at once; the hosts do not (src/tcp/connect.c). */
int p3_addr_no_route(const p3_ipaddr *a);
/* Checks and converts an address the program gave for bind, connect or
 * sendto on a socket of family, with the errno Linux gives for each fault. */
enum { P3_ADDR_BIND, P3_ADDR_CONNECT, P3_ADDR_SEND };
int p3_sockaddr_in(int family, const struct sockaddr *sa, socklen_t len, int use, p3_ipaddr *out);
/* The checks getsockname/getpeername/accept make of (addr, len): EFAULT for
 * a NULL len or a NULL addr with room, EINVAL for a negative length. */
int p3_addrlen_check(struct sockaddr *addr, socklen_t *len);

/* errno for a wasi:sockets error-code; frees the payload of `other`. */
int p3_errno_from_wasi(wasi_sockets_types_error_code_t *err);

/* Sums the iovecs' lengths into *total: EINVAL if the sum would exceed
 * SSIZE_MAX (so it never wraps), else EFAULT for a NULL base with a
 * length. */
int p3_iov_total(const struct iovec *iov, int iovcnt, size_t *total);

/* Checks a msghdr a program passed to sendmsg or recvmsg (errno on -1). */
int p3_msghdr_check(const struct msghdr *msg);

/* Deadline for a blocking call from a SO_*TIMEO value: UINT64_MAX for
 * {0, 0} (none), now for a negative one, saturating for huge ones. */
uint64_t p3_deadline_from_timeval(const struct timeval *tv);

/* Option values, with Linux's rules for short and missing buffers. */
int p3_opt_put_int(void *val, socklen_t *len, int v);
int p3_opt_put_timeval(void *val, socklen_t *len, const struct timeval *tv);
int p3_opt_get_int(const void *val, socklen_t len, int *out);
/* IPPROTO_IP integer options: Linux reads one byte when optlen is 1-3. */
int p3_opt_get_ip_int(const void *val, socklen_t len, int *out);
int p3_opt_get_timeval(const void *val, socklen_t len, struct timeval *out);
/* SO_SNDBUF/SO_RCVBUF: Linux doubles the value and enforces a minimum. */
int p3_opt_bufsize(int v, int min);
/* IP_TTL / IPV6_UNICAST_HOPS value for the host: -1 is the default (64);
 * anything outside 1-255 is EINVAL (-1 returned). */
int p3_opt_hops(int v);

#endif
