/* The simulated host: one handle table, a scheduler that decides when
 * async operations complete and in which order their events are delivered,
 * and every command.h function p3net calls, backed by real kernel UDP
 * sockets on loopback. Component Model rules that a real host enforces
 * with a trap are enforced here with p3sim_trap. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>

#include "sim.h"

/* For the E* values only: the simulator never reads or writes errno. */
#include <errno.h>

typedef wasi_sockets_types_ip_socket_address_t ipaddr_t;
typedef wasi_sockets_types_error_code_t errcode_t;
typedef wasi_sockets_types_result_tuple2_list_u8_ip_socket_address_error_code_t recv_result_t;
typedef wasi_sockets_types_result_void_error_code_t send_result_t;
typedef wasi_sockets_types_method_udp_socket_send_args_t send_args_t;

/* ------------------------------------------------------------------ */
/* Policy                                                              */
/* ------------------------------------------------------------------ */

struct p3sim_policy p3sim_pol;
int (*p3sim_choice_hook)(void);
static uint64_t rng_state;
static int inited;

/* p3net defines getenv (on wasi:cli/environment): the simulator reads the
 * real environment itself. */
extern char **environ;
static const char *env(const char *name) {
  size_t n = strlen(name);
  for (char **e = environ; e && *e; e++)
    if (!strncmp(*e, name, n) && (*e)[n] == '=')
      return *e + n + 1;
  return NULL;
}

void p3sim_init(void) {
  if (inited)
    return;
  inited = 1;
  const char *m = env("P3SIM_MODE");
  const char *s = env("P3SIM_SEED");
  const char *f = env("P3SIM_FAIL_SEND");
  const char *w = env("P3SIM_SHORT_WRITES");
  const char *l = env("P3SIM_LEAK_CHECK");
  const char *t = env("P3SIM_TRACE");
  const char *h = env("P3SIM_LOOKUP_HANG");
  const char *d = env("P3SIM_SEND_DELAY_MS");
  const char *sd = env("P3SIM_STDIN_DROP_WITH_DATA");
  p3sim_pol.stdin_drop_with_data = sd && *sd ? strcmp(sd, "0") != 0 : -1;
  p3sim_pol.send_delay_ns = d ? strtoull(d, NULL, 10) * 1000000u : 0;
  p3sim_pol.connect_errors = env("P3SIM_CONNECT_ERRORS");
  const char *bd = env("P3SIM_BIND_DATAGRAM");
  p3sim_pol.bind_datagram = bd && *bd && strcmp(bd, "0");
  p3sim_pol.lookup_hang = h && *h && strcmp(h, "0");
  p3sim_pol.seed = s ? strtoull(s, NULL, 0) : 1;
  if (!m || !*m)
    p3sim_pol.mode = s ? MODE_RANDOM : MODE_IMMEDIATE;
  else if (!strcmp(m, "immediate"))
    p3sim_pol.mode = MODE_IMMEDIATE;
  else if (!strcmp(m, "delayed"))
    p3sim_pol.mode = MODE_DELAYED;
  else if (!strcmp(m, "random"))
    p3sim_pol.mode = MODE_RANDOM;
  else if (!strcmp(m, "jco"))
    p3sim_pol.mode = MODE_JCO;
  else
    p3sim_trap("P3SIM_MODE=%s: want immediate, delayed, random or jco", m);
  p3sim_pol.says_jco = p3sim_pol.mode == MODE_JCO;
  if (f && *f) {
    double p = strtod(f, NULL);
    p3sim_pol.fail_send_pct = (int) (p <= 1.0 ? p * 100.0 + 0.5 : p);
  }
  p3sim_pol.short_writes = w && *w && strcmp(w, "0");
  p3sim_pol.leak_check = !(l && !strcmp(l, "0"));
  p3sim_tracing = t && *t && strcmp(t, "0");
  rng_state = p3sim_pol.seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
  p3sim_trace("mode %d seed %llu fail_send %d%% short_writes %d", p3sim_pol.mode,
              (unsigned long long) p3sim_pol.seed, p3sim_pol.fail_send_pct, p3sim_pol.short_writes);
}

uint64_t p3sim_rand(void) {
  if (p3sim_choice_hook) {
    uint64_t v = 0;
    for (int i = 0; i < 4; i++)
      v = v << 8 | (uint64_t) (p3sim_choice_hook() & 0xff);
    return v;
  }
  /* splitmix64 */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static int randomized(void) {
  return p3sim_pol.mode == MODE_RANDOM || p3sim_pol.mode == MODE_JCO || p3sim_choice_hook;
}

int p3sim_chance(int pct) {
  return (int) (p3sim_rand() % 100) < pct;
}

int p3sim_return_now(void) {
  if (randomized())
    return p3sim_chance(50);
  return p3sim_pol.mode == MODE_IMMEDIATE;
}

/* ------------------------------------------------------------------ */
/* The handle table                                                     */
/* ------------------------------------------------------------------ */

enum kind { H_FREE, H_SET, H_SUBTASK, H_STREAM_R, H_STREAM_W, H_FUTURE_R, H_SOCKET, H_TCP, H_FS };
static const char *const kind_names[] = {"free",          "waitable-set",   "subtask",
                                         "stream (read)", "stream (write)", "future (read)",
                                         "udp-socket",    "tcp-socket",     "filesystem handle"};
enum op { OP_NONE, OP_RECV, OP_SEND, OP_CLOCK, OP_LOOKUP, OP_CONNECT, OP_FS };
enum {
  S_STARTING = COMMAND_SUBTASK_STARTING,
  S_STARTED = COMMAND_SUBTASK_STARTED,
  S_RETURNED = COMMAND_SUBTASK_RETURNED
};
static const char *const op_names[] = {"?",
                                       "udp-socket.receive",
                                       "udp-socket.send",
                                       "monotonic-clock.wait",
                                       "resolve-addresses",
                                       "tcp-socket.connect",
                                       "filesystem call"};
/* What a TCP stream carries (struct pipe's tcp). */
enum { TCP_NONE, TCP_RECV, TCP_SEND, TCP_CONNS };

/* A stdio byte stream: the guest holds the writable end, the host the
 * readable one once write-via-stream has taken it (or the reverse for
 * stdin). */
struct pipe {
  int target;      /* 0: not yet given to the host; 1 stdout, 2 stderr; -1 stdin */
  int writer_gone; /* the writable end was dropped */
  int ends;        /* live handles on this pipe */
  int dropped;     /* a read returned DROPPED: the reader may only drop its end */
  /* A TCP stream: its kind, its own dup of the socket's descriptor, and
   * the future that goes with it (receive's or send's). */
  int tcp;
  int fd;
  uint8_t family;
  int eof, broken; /* receive saw the end; send failed */
  int fut_done;    /* the future has its value */
  int fut_err;     /* its error tag + 1 (0: ok) */
};

struct ent {
  uint8_t kind;
  uint32_t next_free;
  /* every waitable */
  uint32_t set;
  uint8_t has_event, ev_type;
  uint32_t ev_code;
  uint64_t ev_seq;
  /* subtask */
  uint8_t op, state, delivered, cancelled;
  uint32_t sock; /* the socket lent to the subtask, 0: none */
  void *result;
  send_args_t *args; /* a STARTING send: not read yet */
  uint8_t *data;
  size_t len;
  uint8_t has_to, kernel_done;
  ipaddr_t to;
  int fail; /* wasi error tag + 1 (0: none) decided for a send */
  int fail_other_msg;
  uint64_t seq;
  uint64_t deadline;
  command_string_t name;
  /* stream and future ends */
  struct pipe *pipe;
  uint8_t busy;    /* an operation is in progress or its event undelivered */
  uint8_t pending; /* that operation has not completed yet */
  const uint8_t *wbuf;
  size_t wamt;
  uint8_t *rbuf; /* a pending stdin read's buffer */
  size_t ramt;
  void *fbuf;
  /* udp-socket */
  int fd;
  uint8_t family; /* 0 v4, 1 v6 */
  uint8_t connected;
  uint8_t bound; /* as Wasmtime tracks it: set by bind, connect or send, never cleared */
  ipaddr_t peer;
  uint32_t lends;
  uint8_t rd_ready, wr_ready;
  /* tcp-socket */
  uint8_t listening, received, sent;
  int backlog;
  /* filesystem handle (sim/fs.c keeps its state) */
  uint8_t fs_kept; /* a preopen: the guest keeps it to the end */
};

static struct ent *tab;
static uint32_t cap, free_head, used_top; /* handles 1..used_top-1 have been used */
static uint64_t ev_counter, send_counter;

static uint32_t h_alloc(uint8_t kind) {
  uint32_t h;
  if (free_head) {
    h = free_head;
    free_head = tab[h].next_free;
  } else {
    if (used_top == 0)
      used_top = 1; /* handle 0 means "none" */
    if (used_top >= cap) {
      uint32_t n = cap ? cap * 2 : 64;
      struct ent *t = realloc(tab, n * sizeof *t);
      if (!t)
        p3sim_trap("out of memory for the handle table");
      memset(t + cap, 0, (n - cap) * sizeof *t);
      tab = t;
      cap = n;
    }
    h = used_top++;
  }
  memset(&tab[h], 0, sizeof tab[h]);
  tab[h].kind = kind;
  tab[h].fd = -1;
  return h;
}

static void h_release(uint32_t h) {
  memset(&tab[h], 0, sizeof tab[h]);
  tab[h].kind = H_FREE;
  tab[h].next_free = free_head; /* LIFO: the next handle reuses this one */
  free_head = h;
}

static const char *kname(uint32_t h) {
  return h && h < used_top ? kind_names[tab[h].kind] : "nothing";
}

static struct ent *get(uint32_t h, uint8_t kind, const char *call) {
  if (!h || h >= used_top || tab[h].kind == H_FREE)
    p3sim_trap("%s: handle %u is not live (unknown or already dropped)", call, h);
  if (tab[h].kind != kind)
    p3sim_trap("%s: handle %u is a %s, not a %s", call, h, kname(h), kind_names[kind]);
  return &tab[h];
}

/* Filesystem streams and futures are H_FS handles: joinable like any
 * waitable (sim/fs.c completes their operations at once). */
static int is_waitable(uint8_t k) {
  return k == H_SUBTASK || k == H_STREAM_R || k == H_STREAM_W || k == H_FUTURE_R || k == H_FS;
}

static void set_event(uint32_t h, uint8_t type, uint32_t code) {
  struct ent *e = &tab[h];
  e->has_event = 1;
  e->ev_type = type;
  e->ev_code = code; /* a later state replaces an undelivered earlier one */
  e->ev_seq = ++ev_counter;
}

unsigned p3sim_live_handles(void) {
  unsigned n = 0;
  for (uint32_t h = 1; h < used_top; h++)
    n += tab[h].kind != H_FREE;
  return n;
}

/* ------------------------------------------------------------------ */
/* Addresses and errors                                                 */
/* ------------------------------------------------------------------ */

static uint8_t tag_from_errno(long e) {
  switch (e) {
  case EACCES:
  case EPERM:
    return WASI_SOCKETS_TYPES_ERROR_CODE_ACCESS_DENIED;
  case EOPNOTSUPP:
  case ENOPROTOOPT:
  case EPROTONOSUPPORT:
    return WASI_SOCKETS_TYPES_ERROR_CODE_NOT_SUPPORTED;
  case EINVAL:
  case EAFNOSUPPORT:
  case EDESTADDRREQ:
  case EISCONN:
    return WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT;
  case ENOMEM:
  case ENOBUFS:
    return WASI_SOCKETS_TYPES_ERROR_CODE_OUT_OF_MEMORY;
  case ETIMEDOUT:
    return WASI_SOCKETS_TYPES_ERROR_CODE_TIMEOUT;
  case EADDRNOTAVAIL:
    return WASI_SOCKETS_TYPES_ERROR_CODE_ADDRESS_NOT_BINDABLE;
  case EADDRINUSE:
    return WASI_SOCKETS_TYPES_ERROR_CODE_ADDRESS_IN_USE;
  case EHOSTUNREACH:
  case EHOSTDOWN:
  case ENETUNREACH:
  case ENETDOWN:
  case ENONET:
  case ECONNRESET:
    return WASI_SOCKETS_TYPES_ERROR_CODE_REMOTE_UNREACHABLE;
  case ECONNREFUSED:
    return WASI_SOCKETS_TYPES_ERROR_CODE_CONNECTION_REFUSED;
  case EMSGSIZE:
    return WASI_SOCKETS_TYPES_ERROR_CODE_DATAGRAM_TOO_LARGE;
  default:
    return WASI_SOCKETS_TYPES_ERROR_CODE_OTHER;
  }
}

/* Fills an error-code; `other` carries a host-allocated message when
 * with_msg is set (the guest must free it). */
static void put_error(errcode_t *err, uint8_t tag, int with_msg) {
  memset(err, 0, sizeof *err);
  err->tag = tag;
  if (tag == WASI_SOCKETS_TYPES_ERROR_CODE_OTHER && with_msg) {
    static const char msg[] = "p3sim: injected failure";
    uint8_t *p = cabi_realloc(NULL, 0, 1, sizeof msg - 1);
    memcpy(p, msg, sizeof msg - 1);
    err->val.other.is_some = true;
    err->val.other.val.ptr = p;
    err->val.other.val.len = sizeof msg - 1;
  }
}

static int is_unspecified(const ipaddr_t *a) {
  if (a->tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4) {
    const wasi_sockets_types_ipv4_address_t *v = &a->val.ipv4.address;
    return !v->f0 && !v->f1 && !v->f2 && !v->f3;
  }
  const wasi_sockets_types_ipv6_address_t *v = &a->val.ipv6.address;
  return !(v->f0 | v->f1 | v->f2 | v->f3 | v->f4 | v->f5 | v->f6 | v->f7);
}

static int is_v4_mapped(const ipaddr_t *a) {
  if (a->tag != WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV6)
    return 0;
  const wasi_sockets_types_ipv6_address_t *v = &a->val.ipv6.address;
  return !(v->f0 | v->f1 | v->f2 | v->f3 | v->f4) && v->f5 == 0xffff;
}

static uint16_t port_of(const ipaddr_t *a) {
  return a->tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4 ? a->val.ipv4.port : a->val.ipv6.port;
}

static int same_addr(const ipaddr_t *a, const ipaddr_t *b) {
  if (a->tag != b->tag)
    return 0;
  if (a->tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4)
    return a->val.ipv4.port == b->val.ipv4.port &&
           !memcmp(&a->val.ipv4.address, &b->val.ipv4.address, sizeof a->val.ipv4.address);
  return a->val.ipv6.port == b->val.ipv6.port &&
         !memcmp(&a->val.ipv6.address, &b->val.ipv6.address, sizeof a->val.ipv6.address);
}

/* wasi -> sockaddr for a socket of the given family; 0 or an error tag+1. */
static int to_sockaddr(const ipaddr_t *a, int family, struct sockaddr_storage *ss, socklen_t *len) {
  memset(ss, 0, sizeof *ss);
  if (a->tag > 1)
    p3sim_trap("ip-socket-address with invalid tag %u", a->tag);
  if (a->tag != family || is_v4_mapped(a))
    return WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT + 1;
  if (a->tag == WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4) {
    struct sockaddr_in *in = (struct sockaddr_in *) ss;
    const wasi_sockets_types_ipv4_address_t *v = &a->val.ipv4.address;
    in->sin_family = AF_INET;
    in->sin_port = htons(a->val.ipv4.port);
    uint8_t *b = (uint8_t *) &in->sin_addr;
    b[0] = v->f0, b[1] = v->f1, b[2] = v->f2, b[3] = v->f3;
    *len = sizeof *in;
  } else {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) ss;
    const wasi_sockets_types_ipv6_address_t *v = &a->val.ipv6.address;
    uint16_t g[8] = {v->f0, v->f1, v->f2, v->f3, v->f4, v->f5, v->f6, v->f7};
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(a->val.ipv6.port);
    in6->sin6_flowinfo = htonl(a->val.ipv6.flow_info);
    in6->sin6_scope_id = a->val.ipv6.scope_id;
    for (int i = 0; i < 8; i++) {
      in6->sin6_addr.s6_addr[2 * i] = (uint8_t) (g[i] >> 8);
      in6->sin6_addr.s6_addr[2 * i + 1] = (uint8_t) g[i];
    }
    *len = sizeof *in6;
  }
  return 0;
}

static void from_sockaddr(const struct sockaddr_storage *ss, ipaddr_t *a) {
  memset(a, 0, sizeof *a);
  if (ss->ss_family == AF_INET) {
    const struct sockaddr_in *in = (const struct sockaddr_in *) ss;
    const uint8_t *b = (const uint8_t *) &in->sin_addr;
    a->tag = WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV4;
    a->val.ipv4.port = ntohs(in->sin_port);
    a->val.ipv4.address = (wasi_sockets_types_ipv4_address_t) {b[0], b[1], b[2], b[3]};
  } else {
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) ss;
    const uint8_t *b = in6->sin6_addr.s6_addr;
    uint16_t g[8];
    for (int i = 0; i < 8; i++)
      g[i] = (uint16_t) (b[2 * i] << 8 | b[2 * i + 1]);
    a->tag = WASI_SOCKETS_TYPES_IP_SOCKET_ADDRESS_IPV6;
    a->val.ipv6.port = ntohs(in6->sin6_port);
    a->val.ipv6.flow_info = ntohl(in6->sin6_flowinfo);
    a->val.ipv6.scope_id = in6->sin6_scope_id;
    a->val.ipv6.address =
        (wasi_sockets_types_ipv6_address_t) {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]};
  }
}

/* ------------------------------------------------------------------ */
/* Completing operations                                                */
/* ------------------------------------------------------------------ */

static uint8_t rxbuf[65536];

/* The guest's memory is written only here and in the immediate paths: a
 * freed or reused result area shows up as an ASan report right here. */
static void write_recv_ok(recv_result_t *r, const uint8_t *data, size_t n,
                          const struct sockaddr_storage *from) {
  uint8_t *p = cabi_realloc(NULL, 0, 1, n);
  if (n)
    memcpy(p, data, n);
  ipaddr_t a;
  from_sockaddr(from, &a);
  r->is_err = false;
  r->val.ok.f0.ptr = p;
  r->val.ok.f0.len = n;
  r->val.ok.f1 = a;
}

static void write_recv_err(recv_result_t *r, uint8_t tag) {
  r->is_err = true;
  put_error(&r->val.err, tag, 0);
}

/* One kernel receive: 1 and the result written, 0 if nothing is there. */
static int try_recv(struct ent *s, recv_result_t *r) {
  struct sockaddr_storage from;
  socklen_t flen = sizeof from;
  memset(&from, 0, sizeof from);
  long n = SYS6(SYS_recvfrom, s->fd, rxbuf, sizeof rxbuf, MSG_DONTWAIT, &from, &flen);
  if (n == -EAGAIN || n == -EINTR)
    return 0;
  if (n < 0) {
    write_recv_err(r, tag_from_errno(-n));
    return 1;
  }
  write_recv_ok(r, rxbuf, (size_t) n, &from);
  return 1;
}

/* The oldest started, unsent send on socket sock (0: none). */
static uint32_t oldest_unsent(uint32_t sock) {
  uint32_t best = 0;
  for (uint32_t h = 1; h < used_top; h++) {
    struct ent *e = &tab[h];
    if (e->kind == H_SUBTASK && e->op == OP_SEND && e->sock == sock && e->state == S_STARTED &&
        !e->cancelled && !e->kernel_done && (!best || e->seq < tab[best].seq))
      best = h;
  }
  return best;
}

/* Hands a started send's datagram to the kernel if it is its socket's
 * next one (datagrams leave in the order the sends started). */
static void kernel_send(uint32_t h) {
  struct ent *t = &tab[h];
  if (t->kernel_done || oldest_unsent(t->sock) != h)
    return;
  if (t->fail) {
    t->kernel_done = 1;
    return;
  }
  struct ent *s = &tab[t->sock];
  struct sockaddr_storage ss;
  socklen_t len = 0;
  if (t->has_to) {
    int bad = to_sockaddr(&t->to, s->family, &ss, &len);
    if (bad) {
      t->fail = bad;
      t->kernel_done = 1;
      return;
    }
  }
  long n = SYS6(SYS_sendto, s->fd, t->data, t->len, MSG_DONTWAIT | MSG_NOSIGNAL,
                t->has_to ? (void *) &ss : NULL, len);
  if (n == -EAGAIN || n == -EINTR)
    return; /* later, when the socket is writable */
  if (n < 0)
    t->fail = tag_from_errno(-n) + 1;
  else
    s->bound = 1; /* send binds implicitly */
  t->kernel_done = 1;
}

/* Reads a send's arguments (STARTING -> STARTED) and validates them as
 * Wasmtime does. */
static void start_send(uint32_t h, const send_args_t *args) {
  struct ent *t = &tab[h];
  struct ent *s = &tab[t->sock];
  t->state = S_STARTED;
  t->seq = ++send_counter;
  t->deadline = p3sim_pol.send_delay_ns ? p3sim_mono_ns() + p3sim_pol.send_delay_ns : 0;
  t->len = args->data.len;
  if (t->len > 65535)
    p3sim_trap("udp-socket.send of %zu bytes: a host may trap above 64 KiB", t->len);
  if (t->len && !args->data.ptr)
    p3sim_trap("udp-socket.send: list<u8> of %zu bytes at NULL", t->len);
  t->data = malloc(t->len ? t->len : 1);
  if (!t->data)
    p3sim_trap("out of memory");
  if (t->len)
    memcpy(t->data, args->data.ptr, t->len); /* the host reads the datagram now */
  t->has_to = args->remote_address.is_some;
  if (t->has_to)
    t->to = args->remote_address.val;
  if (!t->fail) {
    if (t->has_to) {
      if (t->to.tag != s->family || is_v4_mapped(&t->to) || is_unspecified(&t->to) ||
          port_of(&t->to) == 0 || (s->connected && !same_addr(&t->to, &s->peer)))
        t->fail = WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT + 1;
    } else if (!s->connected) {
      t->fail = WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT + 1;
    }
  }
  t->args = NULL;
  kernel_send(h);
}

static void write_send_result(struct ent *t, send_result_t *r) {
  if (t->fail) {
    r->is_err = true;
    put_error(&r->val.err, (uint8_t) (t->fail - 1), t->fail_other_msg);
  } else {
    r->is_err = false;
  }
}

static void free_subtask_data(struct ent *t) {
  free(t->data);
  t->data = NULL;
  free(t->name.ptr);
  t->name.ptr = NULL;
}

static void write_lookup_result(struct ent *t);

/* jco mode: calls that were cancelled but go on in the host and write
 * into the cancelled call's result area later. The host points there until
 * that write and forgets the area after it, so an area p3net never frees
 * once written is a leak LeakSanitizer reports. */
struct zombie {
  void *result;
  uint8_t op;
  uint64_t fire_at;
  int fired;
};
static struct zombie *zombies;
static size_t nzombies, zcap;

static void zombie_add(uint8_t op, void *result) {
  if (nzombies == zcap) {
    size_t n = zcap ? zcap * 2 : 16;
    struct zombie *z = realloc(zombies, n * sizeof *z);
    if (!z)
      p3sim_trap("out of memory");
    zombies = z;
    zcap = n;
  }
  zombies[nzombies++] =
      (struct zombie) {result, op, p3sim_mono_ns() + (p3sim_rand() % 20) * 1000000u, 0};
}

static int zombies_fire(int all) {
  int n = 0;
  uint64_t now = p3sim_mono_ns();
  for (size_t i = 0; i < nzombies; i++) {
    struct zombie *z = &zombies[i];
    if (z->fired || (!all && now < z->fire_at))
      continue;
    p3sim_trace("jco: a cancelled %s writes into %p", op_names[z->op], z->result);
    z->fired = 1;
    n++;
    void *area = z->result;
    z->result = NULL; /* written: from now on only p3net knows the area */
    if (z->op == OP_LOOKUP) {
      struct ent fake;
      memset(&fake, 0, sizeof fake);
      fake.result = area;
      fake.name.ptr = (uint8_t *) "localhost";
      fake.name.len = 9;
      write_lookup_result(&fake);
      continue;
    }
    if (z->op == OP_SEND || z->op == OP_CONNECT) {
      struct ent fake;
      memset(&fake, 0, sizeof fake);
      write_send_result(&fake, area); /* the datagram went: ok */
      continue;
    }
    static const uint8_t late[] = "p3sim: late datagram into a cancelled receive";
    struct sockaddr_storage from;
    memset(&from, 0, sizeof from);
    struct sockaddr_in *in = (struct sockaddr_in *) &from;
    in->sin_family = AF_INET;
    in->sin_port = htons(9);
    in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    write_recv_ok(area, late, sizeof late - 1, &from);
  }
  return n;
}

static uint64_t zombie_next(void) {
  uint64_t next = UINT64_MAX;
  for (size_t i = 0; i < nzombies; i++)
    if (!zombies[i].fired && zombies[i].fire_at < next)
      next = zombies[i].fire_at;
  return next;
}

static size_t write_chunk(size_t amt) {
  if (p3sim_pol.short_writes && amt > 1)
    return 1 + (size_t) (p3sim_rand() % amt);
  return amt;
}

/* The host side of a stream write: n bytes from buf to the real fd.
 * Returns the status (count and state). */
static uint32_t host_take(struct ent *w, const uint8_t *buf, size_t amt) {
  size_t n = write_chunk(amt);
  static uint8_t copy[65536];
  size_t done = 0;
  while (done < n) {
    size_t k = n - done < sizeof copy ? n - done : sizeof copy;
    memcpy(copy, buf + done, k); /* the host reads guest memory (checked by ASan) */
    if (p3sim_write_all(w->pipe->target, copy, k) < 0)
      return done << 4 | COMMAND_WAITABLE_DROPPED;
    done += k;
  }
  return (uint32_t) (n << 4) | COMMAND_WAITABLE_COMPLETED;
}

static void resolve(uint32_t h) {
  tab[h].state = S_RETURNED;
  free_subtask_data(&tab[h]);
  set_event(h, COMMAND_EVENT_SUBTASK, COMMAND_SUBTASK_RETURNED);
  p3sim_trace("%s subtask %u returned", op_names[tab[h].op], h);
}

/* Takes one step of the operation behind handle h if it can be taken
 * now. Returns 1 if something happened. */
/* fd 0 was readable at the last kernel_poll (a pending stdin read may
 * complete). */
static int stdin_rd_ready;
/* stdin as the host sees it: bytes read from fd 0 ahead of the guest's
 * read (to learn whether the end follows), and whether the end came. */
static uint8_t stdin_ahead[4096];
static size_t stdin_ahead_len;
static int stdin_at_end;
static uint32_t stdin_take(struct ent *r, uint8_t *buf, size_t amt);
static int tcp_step(uint32_t h);
static int tcp_connect_step(struct ent *t);
static struct pipe *pipe_new(void);
static void pipe_unref(struct pipe *p);

static int step(uint32_t h) {
  struct ent *e = &tab[h];
  if (e->kind == H_SUBTASK) {
    if (e->state == S_RETURNED || e->cancelled)
      return 0;
    switch (e->op) {
    case OP_RECV:
      if (!tab[e->sock].rd_ready || !try_recv(&tab[e->sock], e->result))
        return 0;
      resolve(h);
      return 1;
    case OP_SEND:
      if (e->state == S_STARTING) {
        start_send(h, e->args);
        set_event(h, COMMAND_EVENT_SUBTASK, COMMAND_SUBTASK_STARTED);
        p3sim_trace("send subtask %u started", h);
        return 1;
      }
      if (!e->kernel_done && tab[e->sock].wr_ready)
        kernel_send(h);
      if (!e->kernel_done || p3sim_mono_ns() < e->deadline)
        return 0;
      write_send_result(e, e->result);
      resolve(h);
      return 1;
    case OP_CLOCK:
      if (p3sim_mono_ns() < e->deadline)
        return 0;
      resolve(h);
      return 1;
    case OP_CONNECT:
      if (!tcp_connect_step(e))
        return 0;
      resolve(h);
      return 1;
    case OP_FS:
      /* The result was computed at the call; it lands only now. */
      memcpy(e->result, e->data, e->len);
      resolve(h);
      return 1;
    case OP_LOOKUP:
      if (p3sim_pol.lookup_hang)
        return 0; /* a resolver that never answers */
      write_lookup_result(e);
      resolve(h);
      return 1;
    }
    return 0;
  }
  if ((e->kind == H_STREAM_R || e->kind == H_STREAM_W || e->kind == H_FUTURE_R) && e->pending &&
      e->pipe->tcp)
    return tcp_step(h);
  if (e->kind == H_STREAM_R && e->pending) {
    if (!stdin_rd_ready && !stdin_ahead_len && !stdin_at_end)
      return 0;
    e->pending = 0;
    set_event(h, COMMAND_EVENT_STREAM_READ, stdin_take(e, e->rbuf, e->ramt));
    return 1;
  }
  if (e->kind == H_STREAM_W && e->pending) {
    uint32_t st = host_take(e, e->wbuf, e->wamt);
    e->pending = 0;
    set_event(h, COMMAND_EVENT_STREAM_WRITE, st);
    return 1;
  }
  if (e->kind == H_FUTURE_R && e->pending && e->pipe->writer_gone) {
    wasi_cli_stdout_result_void_error_code_t *r = e->fbuf;
    r->is_err = false;
    e->pending = 0;
    set_event(h, COMMAND_EVENT_FUTURE_READ, COMMAND_WAITABLE_COMPLETED);
    return 1;
  }
  return 0;
}

static int op_pending(const struct ent *e) {
  if (e->kind == H_SUBTASK)
    return e->state != S_RETURNED && !e->cancelled;
  return (e->kind == H_STREAM_W || e->kind == H_FUTURE_R || e->kind == H_STREAM_R) && e->pending;
}

#define NO_SOCK UINT32_MAX
/* Asks the kernel which sockets with pending work are ready, waiting at
 * most timeout_ns (0: just look; UINT64_MAX: no limit). */
static void kernel_poll(uint64_t timeout_ns) {
  struct pollfd pf[256];
  uint32_t who[256];
  nfds_t n = 0;
  for (uint32_t h = 1; h < used_top; h++) {
    struct ent *s = &tab[h];
    if (s->kind == H_SOCKET)
      s->rd_ready = s->wr_ready = 0;
  }
  for (uint32_t h = 1; h < used_top && n < 256; h++) {
    struct ent *t = &tab[h];
    if (t->kind != H_SUBTASK || !op_pending(t) || !t->sock)
      continue;
    short want = 0;
    if (t->op == OP_RECV)
      want = POLLIN;
    else if (t->op == OP_SEND && t->state == S_STARTED && !t->kernel_done)
      want = POLLOUT;
    else if (t->op == OP_CONNECT)
      want = POLLOUT;
    if (!want)
      continue;
    nfds_t i;
    for (i = 0; i < n && who[i] != t->sock; i++)
      ;
    if (i == n) {
      pf[n] = (struct pollfd) {tab[t->sock].fd, 0, 0};
      who[n++] = t->sock;
    }
    pf[i].events |= want;
  }
  /* Pending TCP stream operations wait on their own descriptors (who:
   * NO_SOCK: their step tries the call again). */
  for (uint32_t h = 1; h < used_top && n < 256; h++) {
    struct ent *e = &tab[h];
    if (!(e->kind == H_STREAM_R || e->kind == H_STREAM_W) || !e->pending || !e->pipe->tcp)
      continue;
    pf[n] = (struct pollfd) {e->pipe->fd, e->kind == H_STREAM_W ? POLLOUT : POLLIN, 0};
    who[n++] = NO_SOCK;
  }
  /* A pending stdin read waits on fd 0 (who: 0, no socket). */
  nfds_t in_at = n;
  for (uint32_t h = 1; h < used_top && n < 256 && in_at == n; h++)
    if (tab[h].kind == H_STREAM_R && tab[h].pending && !tab[h].pipe->tcp) {
      pf[n] = (struct pollfd) {0, POLLIN, 0};
      who[n++] = 0;
    }
  stdin_rd_ready = 0;
  struct timespec ts, *tsp = NULL;
  if (timeout_ns != UINT64_MAX) {
    ts.tv_sec = (time_t) (timeout_ns / 1000000000u);
    ts.tv_nsec = (long) (timeout_ns % 1000000000u);
    tsp = &ts;
  }
  if (!n && !tsp)
    p3sim_trap("the host would wait forever with nothing pending");
  long r = SYS5(SYS_ppoll, pf, n, tsp, NULL, 8);
  if (r <= 0)
    return;
  for (nfds_t i = 0; i < n; i++) {
    if (who[i] == NO_SOCK)
      continue;
    if (!who[i]) {
      stdin_rd_ready = (pf[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      continue;
    }
    struct ent *s = &tab[who[i]];
    if (pf[i].revents & (POLLIN | POLLERR | POLLHUP))
      s->rd_ready = 1;
    if (pf[i].revents & (POLLOUT | POLLERR))
      s->wr_ready = 1;
  }
}

/* Lets the host run: completes pending operations that can complete now,
 * each with the policy's probability, in the policy's order. With
 * at_least_one, completes one anyway if the dice chose none. */
static int host_run(int at_least_one) {
  kernel_poll(0);
  int n = zombies_fire(0);
  uint32_t cand[512];
  uint32_t nc = 0;
  for (uint32_t h = 1; h < used_top && nc < 512; h++)
    if (op_pending(&tab[h]))
      cand[nc++] = h;
  if (randomized())
    for (uint32_t i = nc; i > 1; i--) {
      uint32_t j = (uint32_t) (p3sim_rand() % i), t = cand[i - 1];
      cand[i - 1] = cand[j];
      cand[j] = t;
    }
  int done = 0;
  for (uint32_t i = 0; i < nc; i++)
    if (!randomized() || p3sim_chance(50))
      done += step(cand[i]);
  if (at_least_one && !done)
    for (uint32_t i = 0; i < nc && !done; i++)
      done += step(cand[i]);
  return n + done;
}

/* Whether anything joined to set could ever produce an event. */
static int can_fire(uint32_t set) {
  for (uint32_t h = 1; h < used_top; h++) {
    struct ent *e = &tab[h];
    if (is_waitable(e->kind) && e->set == set && (e->has_event || op_pending(e)))
      return 1;
  }
  return 0;
}

/* Blocks in the kernel until a socket is ready or the next timer is due. */
static void block(void) {
  uint64_t next = zombie_next();
  for (uint32_t h = 1; h < used_top; h++) {
    struct ent *e = &tab[h];
    if (e->kind == H_SUBTASK && op_pending(e) && (e->op == OP_CLOCK || e->op == OP_SEND) &&
        e->deadline && e->deadline < next)
      next = e->deadline;
  }
  uint64_t now = p3sim_mono_ns();
  kernel_poll(next == UINT64_MAX ? UINT64_MAX : next > now ? next - now : 0);
}

static int deliver(uint32_t set, command_event_t *ev) {
  uint32_t best = 0, n = 0;
  for (uint32_t h = 1; h < used_top; h++) {
    struct ent *e = &tab[h];
    if (!is_waitable(e->kind) || e->set != set || !e->has_event)
      continue;
    n++;
    if (randomized()) {
      if (p3sim_rand() % n == 0) /* uniform among the ready ones */
        best = h;
    } else if (!best || e->ev_seq < tab[best].ev_seq) {
      best = h;
    }
  }
  if (!best)
    return 0;
  struct ent *e = &tab[best];
  ev->event = (command_event_code_t) e->ev_type;
  ev->waitable = best;
  ev->code = e->ev_code;
  e->has_event = 0;
  if (e->kind == H_SUBTASK && e->ev_code == COMMAND_SUBTASK_RETURNED) {
    e->delivered = 1;
    if (e->sock)
      tab[e->sock].lends--;
    e->sock = 0;
  }
  if (e->kind == H_STREAM_W || e->kind == H_FUTURE_R || e->kind == H_STREAM_R)
    e->busy = 0;
  p3sim_trace("event %d on %u code %#x", ev->event, best, ev->code);
  return 1;
}

/* ------------------------------------------------------------------ */
/* Component Model built-ins                                            */
/* ------------------------------------------------------------------ */

command_waitable_set_t command_waitable_set_new(void) {
  p3sim_init();
  uint32_t h = h_alloc(H_SET);
  p3sim_trace("waitable-set.new -> %u", h);
  return h;
}

void command_waitable_join(uint32_t waitable, command_waitable_set_t set) {
  if (!waitable || waitable >= used_top || !is_waitable(tab[waitable].kind))
    p3sim_trap("waitable.join: handle %u is a %s, not a waitable", waitable, kname(waitable));
  if (set)
    get(set, H_SET, "waitable.join");
  tab[waitable].set = set;
  p3sim_trace("join %u -> set %u", waitable, set);
}

void command_waitable_set_drop(command_waitable_set_t set) {
  get(set, H_SET, "waitable-set.drop");
  for (uint32_t h = 1; h < used_top; h++)
    if (is_waitable(tab[h].kind) && tab[h].set == set)
      p3sim_trap("waitable-set.drop: set %u still has member %u", set, h);
  h_release(set);
}

void command_waitable_set_wait(command_waitable_set_t set, command_event_t *event) {
  get(set, H_SET, "waitable-set.wait");
  for (;;) {
    host_run(0);
    if (deliver(set, event))
      return;
    if (!can_fire(set))
      p3sim_trap("waitable-set.wait on set %u: deadlock, nothing joined to it can ever "
                 "produce an event",
                 set);
    if (host_run(1))
      continue;
    block();
  }
}

void command_waitable_set_poll(command_waitable_set_t set, command_event_t *event) {
  get(set, H_SET, "waitable-set.poll");
  /* No host progress here: Wasmtime runs host I/O only on wait and yield. */
  if (!deliver(set, event)) {
    event->event = COMMAND_EVENT_NONE;
    event->waitable = 0;
    event->code = 0;
  }
}

void command_thread_yield(void) {
  p3sim_init();
  host_run(0);
}

command_subtask_status_t command_subtask_cancel(command_subtask_t subtask) {
  struct ent *t = get(subtask, H_SUBTASK, "subtask.cancel");
  if (t->cancelled)
    p3sim_trap("subtask.cancel: subtask %u was already cancelled", subtask);
  if (t->delivered)
    p3sim_trap("subtask.cancel: subtask %u has already returned and that was delivered", subtask);
  if (t->set)
    p3sim_trap("subtask.cancel (synchronous) of subtask %u that is still in waitable set %u",
               subtask, t->set);
  /* The race a real host has: the operation may finish just before the
   * cancel reaches it. */
  if (t->state != S_RETURNED) {
    int race = randomized() ? p3sim_chance(50) : p3sim_pol.mode == MODE_IMMEDIATE;
    if (race) {
      kernel_poll(0);
      step(subtask);
      t = &tab[subtask];
      if (t->state == S_STARTED && t->op == OP_SEND)
        step(subtask); /* a send just started may complete too */
    }
  }
  t = &tab[subtask];
  uint32_t code;
  if (t->state == S_RETURNED) {
    code = COMMAND_SUBTASK_RETURNED;
  } else if (t->state == S_STARTING) {
    code = COMMAND_SUBTASK_STARTED_CANCELLED;
  } else {
    code = COMMAND_SUBTASK_RETURNED_CANCELLED;
    /* jco reports the cancel but lets the host call run on and write its
     * result later. Every other mode is a conforming host: a cancelled
     * call writes nothing, and the host forgets its result area at once,
     * so p3net must free it (LeakSanitizer and valgrind report it if not).
     * Measured on jco for receives (HOSTS.md); sends and lookups are taken
     * to run on alike, the worst a promise-based host can do. */
    if (p3sim_pol.mode == MODE_JCO && t->result)
      zombie_add(t->op, t->result);
  }
  t->has_event = 0;
  t->cancelled = 1;
  t->delivered = 1;
  t->args = NULL;
  free_subtask_data(t);
  if (t->sock)
    tab[t->sock].lends--;
  t->sock = 0;
  p3sim_trace("cancel %u (%s) -> %u", subtask, op_names[t->op], code);
  return code;
}

void command_subtask_drop(command_subtask_t subtask) {
  struct ent *t = get(subtask, H_SUBTASK, "subtask.drop");
  if (!t->delivered)
    p3sim_trap("subtask.drop: %s subtask %u has not returned (or its return was not "
               "delivered yet)",
               op_names[t->op], subtask);
  p3sim_trace("drop subtask %u", subtask);
  h_release(subtask);
}

void command_task_cancel(void) {
  p3sim_trap("task.cancel: not expected from p3net's run export");
}

void command_backpressure_inc(void) {}
void command_backpressure_dec(void) {}
static void *context0;
void *command_context_get_0(void) {
  return context0;
}
void command_context_set_0(void *value) {
  context0 = value;
}

/* A new subtask for op: STARTED (or STARTING), borrowing sock. */
static command_subtask_status_t new_subtask(uint8_t op, uint8_t state, uint32_t sock, void *result,
                                            uint32_t *out) {
  uint32_t h = h_alloc(H_SUBTASK);
  struct ent *t = &tab[h];
  t->op = op;
  t->state = state;
  t->sock = sock;
  t->result = result;
  if (sock)
    tab[sock].lends++;
  if (out)
    *out = h;
  p3sim_trace("%s -> subtask %u (%s)", op_names[op], h,
              state == S_STARTING ? "STARTING" : "STARTED");
  return h << 4 | state;
}

/* ------------------------------------------------------------------ */
/* Hooks for sim/fs.c                                                   */
/* ------------------------------------------------------------------ */

uint32_t p3sim_fs_handle(int kept) {
  p3sim_init();
  uint32_t h = h_alloc(H_FS);
  tab[h].fs_kept = (uint8_t) !!kept;
  return h;
}

void p3sim_fs_check(uint32_t h, const char *call) {
  get(h, H_FS, call);
}

void p3sim_fs_release(uint32_t h, const char *call) {
  get(h, H_FS, call);
  h_release(h);
}

/* An async filesystem call whose result (size bytes at tmp, malloc'ed and
 * taken over) is ready: returned at once when the policy says so, else
 * through a subtask that returns at the host's next step. */
command_subtask_status_t p3sim_fs_return(void *result, void *tmp, size_t size) {
  if (p3sim_return_now()) {
    memcpy(result, tmp, size);
    free(tmp);
    return COMMAND_SUBTASK_RETURNED;
  }
  uint32_t h;
  command_subtask_status_t st = new_subtask(OP_FS, S_STARTED, 0, result, &h);
  tab[h].data = tmp;
  tab[h].len = size;
  return st;
}

/* ------------------------------------------------------------------ */
/* wasi:sockets udp                                                     */
/* ------------------------------------------------------------------ */

static struct ent *sock_get(int32_t h, const char *call) {
  return get((uint32_t) h, H_SOCKET, call);
}

bool wasi_sockets_types_static_udp_socket_create(wasi_sockets_types_ip_address_family_t family,
                                                 wasi_sockets_types_own_udp_socket_t *ret,
                                                 errcode_t *err) {
  p3sim_init();
  if (family > 1)
    p3sim_trap("udp-socket.create: invalid ip-address-family %u", family);
  long fd =
      SYS3(SYS_socket, family ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    put_error(err, tag_from_errno(-fd), 0);
    return false;
  }
  if (family) {
    int one = 1; /* wasi:sockets 0.3 has no dual-stack sockets */
    SYS5(SYS_setsockopt, fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  }
  uint32_t h = h_alloc(H_SOCKET);
  tab[h].fd = (int) fd;
  tab[h].family = family;
  ret->__handle = (int32_t) h;
  p3sim_trace("udp-socket.create -> %u", h);
  return true;
}

void wasi_sockets_types_udp_socket_drop_own(wasi_sockets_types_own_udp_socket_t handle) {
  struct ent *s = sock_get(handle.__handle, "udp-socket drop");
  if (s->lends)
    p3sim_trap("udp-socket drop: socket %d is still borrowed by %u subtask(s)", handle.__handle,
               s->lends);
  SYS1(SYS_close, s->fd);
  p3sim_trace("drop socket %d", handle.__handle);
  h_release((uint32_t) handle.__handle);
}

/* P3SIM_BIND_DATAGRAM: a peer that was waiting for the port sends to it the
 * moment it is bound, so the guest's first receive finds a datagram at
 * once (possible on any host; rare there, certain here). */
static void greet(int fd, int family) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (SYS3(SYS_getsockname, fd, &ss, &len) < 0)
    return;
  if (family == AF_INET) {
    struct sockaddr_in *a = (struct sockaddr_in *) &ss;
    if (!a->sin_addr.s_addr)
      a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  } else {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *) &ss;
    static const uint8_t zero[16];
    if (!memcmp(a->sin6_addr.s6_addr, zero, 16))
      a->sin6_addr.s6_addr[15] = 1; /* ::1 */
  }
  long peer = SYS3(SYS_socket, family, SOCK_DGRAM, 0);
  if (peer < 0)
    return;
  static const char hello[] = "p3sim: bind datagram";
  SYS6(SYS_sendto, peer, hello, sizeof hello - 1, 0, &ss, len);
  SYS1(SYS_close, peer);
  p3sim_trace("bind: a datagram was sent to the new socket");
}

bool wasi_sockets_types_method_udp_socket_bind(wasi_sockets_types_borrow_udp_socket_t self,
                                               ipaddr_t *local, errcode_t *err) {
  struct ent *s = sock_get(self.__handle, "udp-socket.bind");
  if (s->bound) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE, 0);
    return false;
  }
  struct sockaddr_storage ss;
  socklen_t len;
  int bad = to_sockaddr(local, s->family, &ss, &len);
  if (bad) {
    put_error(err, (uint8_t) (bad - 1), 0);
    return false;
  }
  long r = SYS3(SYS_bind, s->fd, &ss, len);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  s->bound = 1;
  if (p3sim_pol.bind_datagram)
    greet(s->fd, s->family == WASI_SOCKETS_TYPES_IP_ADDRESS_FAMILY_IPV4 ? AF_INET : AF_INET6);
  return true;
}

bool wasi_sockets_types_method_udp_socket_connect(wasi_sockets_types_borrow_udp_socket_t self,
                                                  ipaddr_t *remote, errcode_t *err) {
  struct ent *s = sock_get(self.__handle, "udp-socket.connect");
  struct sockaddr_storage ss;
  socklen_t len;
  int bad = to_sockaddr(remote, s->family, &ss, &len);
  if (!bad && (is_unspecified(remote) || port_of(remote) == 0))
    bad = WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT + 1;
  if (bad) {
    put_error(err, (uint8_t) (bad - 1), 0);
    return false;
  }
  if (s->connected) { /* as Wasmtime: disconnect first */
    struct sockaddr unspec = {.sa_family = AF_UNSPEC};
    SYS3(SYS_connect, s->fd, &unspec, sizeof unspec);
    s->connected = 0;
  }
  long r = SYS3(SYS_connect, s->fd, &ss, len);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  s->connected = 1;
  s->bound = 1; /* connect binds implicitly */
  s->peer = *remote;
  return true;
}

bool wasi_sockets_types_method_udp_socket_disconnect(wasi_sockets_types_borrow_udp_socket_t self,
                                                     errcode_t *err) {
  struct ent *s = sock_get(self.__handle, "udp-socket.disconnect");
  if (!s->connected) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE, 0);
    return false;
  }
  struct sockaddr unspec = {.sa_family = AF_UNSPEC};
  long r = SYS3(SYS_connect, s->fd, &unspec, sizeof unspec);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  s->connected = 0;
  return true;
}

bool wasi_sockets_types_method_udp_socket_get_local_address(
    wasi_sockets_types_borrow_udp_socket_t self, ipaddr_t *ret, errcode_t *err) {
  struct ent *s = sock_get(self.__handle, "udp-socket.get-local-address");
  if (!s->bound) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE, 0);
    return false;
  }
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  memset(&ss, 0, sizeof ss);
  long r = SYS3(SYS_getsockname, s->fd, &ss, &len);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  from_sockaddr(&ss, ret);
  return true;
}

bool wasi_sockets_types_method_udp_socket_get_remote_address(
    wasi_sockets_types_borrow_udp_socket_t self, ipaddr_t *ret, errcode_t *err) {
  struct ent *s = sock_get(self.__handle, "udp-socket.get-remote-address");
  if (!s->connected) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE, 0);
    return false;
  }
  *ret = s->peer;
  return true;
}

wasi_sockets_types_ip_address_family_t wasi_sockets_types_method_udp_socket_get_address_family(
    wasi_sockets_types_borrow_udp_socket_t self) {
  return sock_get(self.__handle, "udp-socket.get-address-family")->family;
}

static int hop_opt(struct ent *s, int *level, int *name) {
  *level = s->family ? IPPROTO_IPV6 : IPPROTO_IP;
  *name = s->family ? IPV6_UNICAST_HOPS : IP_TTL;
  return 0;
}

bool wasi_sockets_types_method_udp_socket_get_unicast_hop_limit(
    wasi_sockets_types_borrow_udp_socket_t self, uint8_t *ret, errcode_t *err) {
  struct ent *s = sock_get(self.__handle, "udp-socket.get-unicast-hop-limit");
  int level, name, v = 0;
  socklen_t len = sizeof v;
  hop_opt(s, &level, &name);
  long r = SYS5(SYS_getsockopt, s->fd, level, name, &v, &len);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  *ret = (uint8_t) v;
  return true;
}

bool wasi_sockets_types_method_udp_socket_set_unicast_hop_limit(
    wasi_sockets_types_borrow_udp_socket_t self, uint8_t value, errcode_t *err) {
  struct ent *s = sock_get(self.__handle, "udp-socket.set-unicast-hop-limit");
  if (!value) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT, 0);
    return false;
  }
  int level, name, v = value;
  hop_opt(s, &level, &name);
  long r = SYS5(SYS_setsockopt, s->fd, level, name, &v, sizeof v);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  return true;
}

static bool bufsize(int32_t h, int name, int set, uint64_t value, uint64_t *ret, errcode_t *err,
                    const char *call) {
  struct ent *s = sock_get(h, call);
  if (set && !value) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT, 0);
    return false;
  }
  int v = value > 0x3fffffff ? 0x3fffffff : (int) value;
  socklen_t len = sizeof v;
  long r = set ? SYS5(SYS_setsockopt, s->fd, SOL_SOCKET, name, &v, sizeof v)
               : SYS5(SYS_getsockopt, s->fd, SOL_SOCKET, name, &v, &len);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  if (ret)
    *ret = (uint64_t) v;
  return true;
}

bool wasi_sockets_types_method_udp_socket_get_receive_buffer_size(
    wasi_sockets_types_borrow_udp_socket_t self, uint64_t *ret, errcode_t *err) {
  return bufsize(self.__handle, SO_RCVBUF, 0, 0, ret, err, "udp-socket.get-receive-buffer-size");
}
bool wasi_sockets_types_method_udp_socket_set_receive_buffer_size(
    wasi_sockets_types_borrow_udp_socket_t self, uint64_t value, errcode_t *err) {
  return bufsize(self.__handle, SO_RCVBUF, 1, value, NULL, err,
                 "udp-socket.set-receive-buffer-size");
}
bool wasi_sockets_types_method_udp_socket_get_send_buffer_size(
    wasi_sockets_types_borrow_udp_socket_t self, uint64_t *ret, errcode_t *err) {
  return bufsize(self.__handle, SO_SNDBUF, 0, 0, ret, err, "udp-socket.get-send-buffer-size");
}
bool wasi_sockets_types_method_udp_socket_set_send_buffer_size(
    wasi_sockets_types_borrow_udp_socket_t self, uint64_t value, errcode_t *err) {
  return bufsize(self.__handle, SO_SNDBUF, 1, value, NULL, err, "udp-socket.set-send-buffer-size");
}

command_subtask_status_t
wasi_sockets_types_method_udp_socket_receive(wasi_sockets_types_borrow_udp_socket_t self,
                                             recv_result_t *result) {
  struct ent *s = sock_get(self.__handle, "udp-socket.receive");
  if (!result)
    p3sim_trap("udp-socket.receive: NULL result area");
  if (!s->bound) {
    /* Wasmtime: receive on an unbound socket fails with invalid-state. */
    if (p3sim_return_now()) {
      write_recv_err(result, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE);
      return COMMAND_SUBTASK_RETURNED;
    }
    uint32_t h;
    command_subtask_status_t st =
        new_subtask(OP_RECV, S_STARTED, (uint32_t) self.__handle, result, &h);
    write_recv_err(result, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE);
    resolve(h);
    return st;
  }
  if (p3sim_return_now() && try_recv(s, result)) {
    p3sim_trace("udp-socket.receive on %d -> RETURNED", self.__handle);
    return COMMAND_SUBTASK_RETURNED;
  }
  return new_subtask(OP_RECV, S_STARTED, (uint32_t) self.__handle, result, NULL);
}

/* Error injection: the error a send fails with (tag+1), 0 for none. */
static int injected_send_failure(int *with_msg) {
  *with_msg = 0;
  if (!p3sim_pol.fail_send_pct || !p3sim_chance(p3sim_pol.fail_send_pct))
    return 0;
  static const uint8_t tags[] = {WASI_SOCKETS_TYPES_ERROR_CODE_CONNECTION_REFUSED,
                                 WASI_SOCKETS_TYPES_ERROR_CODE_REMOTE_UNREACHABLE,
                                 WASI_SOCKETS_TYPES_ERROR_CODE_OUT_OF_MEMORY,
                                 WASI_SOCKETS_TYPES_ERROR_CODE_ACCESS_DENIED,
                                 WASI_SOCKETS_TYPES_ERROR_CODE_OTHER,
                                 WASI_SOCKETS_TYPES_ERROR_CODE_OTHER};
  unsigned i = (unsigned) (p3sim_rand() % sizeof tags);
  *with_msg = i == sizeof tags - 1; /* one `other` carries a message */
  return tags[i] + 1;
}

command_subtask_status_t wasi_sockets_types_method_udp_socket_send(send_args_t *args,
                                                                   send_result_t *result) {
  if (!args || !result)
    p3sim_trap("udp-socket.send: NULL argument or result area");
  uint32_t sock = (uint32_t) args->self.__handle;
  sock_get(args->self.__handle, "udp-socket.send");
  int with_msg;
  int fail = injected_send_failure(&with_msg);
  /* STARTING: the host has not read the arguments (backpressure). */
  int starting = randomized() ? p3sim_chance(25) : p3sim_pol.mode == MODE_DELAYED;
  uint32_t h;
  if (starting) {
    command_subtask_status_t st = new_subtask(OP_SEND, S_STARTING, sock, result, &h);
    tab[h].args = args;
    tab[h].fail = fail;
    tab[h].fail_other_msg = with_msg;
    return st;
  }
  command_subtask_status_t st = new_subtask(OP_SEND, S_STARTING, sock, result, &h);
  tab[h].fail = fail;
  tab[h].fail_other_msg = with_msg;
  start_send(h, args);
  if (tab[h].kernel_done && !p3sim_pol.send_delay_ns && p3sim_return_now()) {
    /* Finished on the first poll: no subtask, as Wasmtime does. */
    write_send_result(&tab[h], result);
    free_subtask_data(&tab[h]);
    tab[sock].lends--;
    h_release(h);
    p3sim_trace("udp-socket.send on %u -> RETURNED", sock);
    return COMMAND_SUBTASK_RETURNED;
  }
  (void) st;
  return h << 4 | COMMAND_SUBTASK_STARTED;
}

/* ------------------------------------------------------------------ */
/* wasi:sockets ip-name-lookup ("localhost" and IP literals only)       */
/* ------------------------------------------------------------------ */

typedef wasi_sockets_ip_name_lookup_ip_address_t lookup_addr_t;
typedef wasi_sockets_ip_name_lookup_result_list_ip_address_error_code_t lookup_result_t;

static int parse_v4(const char *s, size_t n, uint8_t out[4]) {
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    if (part && (i >= n || s[i++] != '.'))
      return 0;
    unsigned v = 0, digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 4)
      v = v * 10 + (unsigned) (s[i++] - '0'), digits++;
    if (!digits || v > 255)
      return 0;
    out[part] = (uint8_t) v;
  }
  return i == n;
}

static void write_lookup_result(struct ent *t) {
  lookup_result_t *r = t->result;
  const char *s = (const char *) t->name.ptr;
  size_t n = t->name.len;
  lookup_addr_t addrs[2];
  size_t count = 0;
  uint8_t v4[4];
  memset(addrs, 0, sizeof addrs);
  if ((n == 9 && !memcmp(s, "localhost", 9))) {
    addrs[0].tag = WASI_SOCKETS_TYPES_IP_ADDRESS_IPV4;
    addrs[0].val.ipv4 = (wasi_sockets_types_ipv4_address_t) {127, 0, 0, 1};
    addrs[1].tag = WASI_SOCKETS_TYPES_IP_ADDRESS_IPV6;
    addrs[1].val.ipv6.f7 = 1;
    count = 2;
  } else if ((n == 3 && !memcmp(s, "::1", 3)) || (n == 13 && !memcmp(s, "ip6-localhost", 13))) {
    addrs[0].tag = WASI_SOCKETS_TYPES_IP_ADDRESS_IPV6;
    addrs[0].val.ipv6.f7 = 1;
    count = 1;
  } else if (parse_v4(s, n, v4)) {
    addrs[0].tag = WASI_SOCKETS_TYPES_IP_ADDRESS_IPV4;
    addrs[0].val.ipv4 = (wasi_sockets_types_ipv4_address_t) {v4[0], v4[1], v4[2], v4[3]};
    count = 1;
  }
  memset(r, 0, sizeof *r);
  if (!count) {
    r->is_err = true;
    r->val.err.tag = WASI_SOCKETS_IP_NAME_LOOKUP_ERROR_CODE_NAME_UNRESOLVABLE;
    return;
  }
  lookup_addr_t *list = cabi_realloc(NULL, 0, _Alignof(lookup_addr_t), count * sizeof *list);
  memcpy(list, addrs, count * sizeof *list);
  r->val.ok.ptr = list;
  r->val.ok.len = count;
}

command_subtask_status_t wasi_sockets_ip_name_lookup_resolve_addresses(command_string_t name,
                                                                       lookup_result_t *result) {
  p3sim_init();
  uint32_t h;
  command_subtask_status_t st = new_subtask(OP_LOOKUP, S_STARTED, 0, result, &h);
  struct ent *t = &tab[h];
  t->name.len = name.len;
  t->name.ptr = malloc(name.len + 1);
  if (!t->name.ptr)
    p3sim_trap("out of memory");
  if (name.len)
    memcpy(t->name.ptr, name.ptr, name.len);
  if (!p3sim_pol.lookup_hang && p3sim_return_now()) {
    write_lookup_result(t);
    free_subtask_data(t);
    h_release(h);
    return COMMAND_SUBTASK_RETURNED;
  }
  return st;
}

/* ------------------------------------------------------------------ */
/* wasi:clocks, wasi:random                                             */
/* ------------------------------------------------------------------ */

wasi_clocks_monotonic_clock_mark_t wasi_clocks_monotonic_clock_now(void) {
  return p3sim_mono_ns();
}

wasi_clocks_monotonic_clock_duration_t wasi_clocks_monotonic_clock_get_resolution(void) {
  struct timespec ts;
  SYS2(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

command_subtask_status_t
wasi_clocks_monotonic_clock_wait_until(wasi_clocks_monotonic_clock_mark_t when) {
  p3sim_init();
  if (p3sim_mono_ns() >= when && p3sim_return_now())
    return COMMAND_SUBTASK_RETURNED;
  uint32_t h;
  command_subtask_status_t st = new_subtask(OP_CLOCK, S_STARTED, 0, NULL, &h);
  /* Timers fire at their deadline or a little later, never earlier. */
  uint64_t late = randomized() ? (p3sim_rand() % 3) * 1000000u : 0;
  tab[h].deadline = when > UINT64_MAX - late ? UINT64_MAX : when + late;
  return st;
}

command_subtask_status_t
wasi_clocks_monotonic_clock_wait_for(wasi_clocks_monotonic_clock_duration_t d) {
  uint64_t now = p3sim_mono_ns();
  return wasi_clocks_monotonic_clock_wait_until(d > UINT64_MAX - now ? UINT64_MAX : now + d);
}

void wasi_clocks_system_clock_now(wasi_clocks_system_clock_instant_t *ret) {
  struct timespec ts;
  SYS2(SYS_clock_gettime, CLOCK_REALTIME, &ts);
  ret->seconds = ts.tv_sec;
  ret->nanoseconds = (uint32_t) ts.tv_nsec;
}

wasi_clocks_system_clock_duration_t wasi_clocks_system_clock_get_resolution(void) {
  struct timespec ts;
  SYS2(SYS_clock_getres, CLOCK_REALTIME, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

void wasi_random_random_get_random_bytes(uint64_t max_len, command_list_u8_t *ret) {
  p3sim_init();
  uint64_t n = max_len;
  /* The interface allows short results (at least one byte). */
  if (randomized() && n > 1 && p3sim_chance(30))
    n = 1 + p3sim_rand() % n;
  if (n > (1u << 20))
    n = 1u << 20;
  uint8_t *p = cabi_realloc(NULL, 0, 1, (size_t) n);
  size_t off = 0;
  while (off < n) {
    long r = SYS3(SYS_getrandom, p + off, n - off, 0);
    if (r <= 0)
      p3sim_trap("getrandom failed: %ld", r);
    off += (size_t) r;
  }
  ret->ptr = p;
  ret->len = (size_t) n;
}

uint64_t wasi_random_random_get_random_u64(void) {
  uint64_t v = 0;
  SYS3(SYS_getrandom, &v, sizeof v, 0);
  return v;
}

/* ------------------------------------------------------------------ */
/* wasi:sockets tcp: real nonblocking loopback TCP sockets behind the     */
/* socket, its receive and send streams and its connection stream.      */
/* ------------------------------------------------------------------ */

static struct ent *tcp_get(int32_t h, const char *call) {
  return get((uint32_t) h, H_TCP, call);
}

/* The error tag of a TCP failure (errno e). */
static uint8_t tcp_tag(long e) {
  if (e == ECONNRESET)
    return WASI_SOCKETS_TYPES_ERROR_CODE_CONNECTION_RESET;
  if (e == EPIPE)
    return WASI_SOCKETS_TYPES_ERROR_CODE_CONNECTION_BROKEN;
  return tag_from_errno(e);
}

static uint32_t tcp_new_ent(int fd, uint8_t family) {
  uint32_t h = h_alloc(H_TCP);
  tab[h].fd = fd;
  tab[h].family = family;
  return h;
}

bool wasi_sockets_types_static_tcp_socket_create(wasi_sockets_types_ip_address_family_t family,
                                                 wasi_sockets_types_own_tcp_socket_t *ret,
                                                 errcode_t *err) {
  p3sim_init();
  if (family > 1)
    p3sim_trap("tcp-socket.create: invalid ip-address-family %u", family);
  long fd =
      SYS3(SYS_socket, family ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    put_error(err, tag_from_errno(-fd), 0);
    return false;
  }
  int one = 1; /* the WIT's implementors note: bind ignores TIME_WAIT */
  SYS5(SYS_setsockopt, fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (family)
    SYS5(SYS_setsockopt, fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  ret->__handle = (int32_t) tcp_new_ent((int) fd, family);
  p3sim_trace("tcp-socket.create -> %d", ret->__handle);
  return true;
}

void wasi_sockets_types_tcp_socket_drop_own(wasi_sockets_types_own_tcp_socket_t handle) {
  struct ent *s = tcp_get(handle.__handle, "tcp-socket drop");
  if (s->lends)
    p3sim_trap("tcp-socket drop: socket %d is still borrowed by %u subtask(s)", handle.__handle,
               s->lends);
  SYS1(SYS_close, s->fd); /* its streams hold their own descriptors */
  p3sim_trace("drop tcp socket %d", handle.__handle);
  h_release((uint32_t) handle.__handle);
}

bool wasi_sockets_types_method_tcp_socket_bind(wasi_sockets_types_borrow_tcp_socket_t self,
                                               ipaddr_t *local, errcode_t *err) {
  struct ent *s = tcp_get(self.__handle, "tcp-socket.bind");
  struct sockaddr_storage ss;
  socklen_t len;
  int bad = to_sockaddr(local, s->family, &ss, &len);
  if (bad) {
    put_error(err, (uint8_t) (bad - 1), 0);
    return false;
  }
  if (s->bound) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE, 0);
    return false;
  }
  long r = SYS3(SYS_bind, s->fd, &ss, len);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  s->bound = 1;
  return true;
}

/* The errno (as the kernel would report it, for tcp_tag) of the next
 * word of P3SIM_CONNECT_ERRORS, consumed; 0 for the word `ok` (that
 * connect goes through) and once the list is used up. */
static int injected_connect_failure(void) {
  static const struct {
    const char *word;
    int e;
  } codes[] = {{"timeout", ETIMEDOUT},
               {"remote-unreachable", ENETUNREACH},
               {"connection-refused", ECONNREFUSED}};
  const char *w = p3sim_pol.connect_errors;
  while (w && (*w == ',' || *w == ' '))
    w++;
  if (!w || !*w)
    return 0;
  size_t n = strcspn(w, ", ");
  p3sim_pol.connect_errors = w + n;
  if (n == 2 && !strncmp(w, "ok", 2)) /* this one goes through */
    return 0;
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
    if (strlen(codes[i].word) == n && !strncmp(w, codes[i].word, n))
      return codes[i].e;
  p3sim_trap("P3SIM_CONNECT_ERRORS: unknown error code '%.*s'", (int) n, w);
}

command_subtask_status_t wasi_sockets_types_method_tcp_socket_connect(
    wasi_sockets_types_method_tcp_socket_connect_args_t *args, send_result_t *result) {
  struct ent *s = tcp_get(args->self.__handle, "tcp-socket.connect");
  struct sockaddr_storage ss;
  socklen_t len;
  int bad = to_sockaddr(&args->remote_address, s->family, &ss, &len);
  if (!bad && (is_unspecified(&args->remote_address) || !port_of(&args->remote_address)))
    bad = WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT + 1;
  if (!bad && (s->connected || s->listening))
    bad = WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE + 1;
  if (bad) {
    result->is_err = true;
    put_error(&result->val.err, (uint8_t) (bad - 1), 0);
    return S_RETURNED;
  }
  /* An injected failure sends nothing: the attempt fails as the mode
   * decides, at once or later. */
  int injected = injected_connect_failure();
  long r = injected ? -injected : SYS3(SYS_connect, s->fd, &ss, len);
  s->connected = 1; /* one attempt per socket */
  s->bound = 1;
  uint32_t h;
  command_subtask_status_t st =
      new_subtask(OP_CONNECT, S_STARTED, (uint32_t) args->self.__handle, result, &h);
  tab[h].fail = r < 0 && r != -EINPROGRESS ? (int) -r : 0;
  if (p3sim_return_now() && step(h)) {
    /* Finished at once: no subtask for the guest. */
    tab[h].delivered = 1;
    tab[tab[h].sock].lends--;
    h_release(h);
    return S_RETURNED;
  }
  return st;
}

/* A connect in flight finishes once the kernel says so. */
static int tcp_connect_step(struct ent *t) {
  struct ent *s = &tab[t->sock];
  long e = t->fail;
  if (!e) {
    struct pollfd pf = {s->fd, POLLOUT, 0};
    struct timespec zero = {0, 0};
    if (SYS5(SYS_ppoll, &pf, 1, &zero, NULL, 8) != 1)
      return 0;
    int so = 0;
    socklen_t l = sizeof so;
    SYS5(SYS_getsockopt, s->fd, SOL_SOCKET, SO_ERROR, &so, &l);
    e = so;
  }
  send_result_t *r = t->result;
  if (e) {
    r->is_err = true;
    put_error(&r->val.err, tcp_tag(e), 0);
  } else {
    r->is_err = false;
  }
  return 1;
}

/* A stream end of socket s: a pipe with its own descriptor. */
static struct pipe *tcp_pipe(struct ent *s, int kind) {
  struct pipe *p = pipe_new();
  p->tcp = kind;
  p->fd = (int) SYS3(SYS_fcntl, s->fd, F_DUPFD_CLOEXEC, 0);
  if (p->fd < 0)
    p3sim_trap("out of descriptors");
  p->family = s->family;
  return p;
}

bool wasi_sockets_types_method_tcp_socket_listen(wasi_sockets_types_borrow_tcp_socket_t self,
                                                 wasi_sockets_types_stream_own_tcp_socket_t *ret,
                                                 errcode_t *err) {
  struct ent *s = tcp_get(self.__handle, "tcp-socket.listen");
  if (s->connected || s->listening) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE, 0);
    return false;
  }
  long r = SYS2(SYS_listen, s->fd, s->backlog ? s->backlog : 128);
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  s->listening = 1;
  s->bound = 1;
  struct pipe *p = tcp_pipe(s, TCP_CONNS);
  uint32_t h = h_alloc(H_STREAM_R);
  tab[h].pipe = p;
  p->ends = 1;
  *ret = h;
  return true;
}

/* Accepts one connection into *out; 0 if none is waiting. */
static int tcp_accept(struct pipe *p, wasi_sockets_types_own_tcp_socket_t *out) {
  long fd = SYS4(SYS_accept4, p->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0)
    return 0;
  uint32_t h = tcp_new_ent((int) fd, p->family);
  tab[h].connected = tab[h].bound = 1;
  out->__handle = (int32_t) h;
  p3sim_trace("accept -> tcp socket %u", h);
  return 1;
}

command_waitable_status_t
wasi_sockets_types_stream_own_tcp_socket_read(wasi_sockets_types_stream_own_tcp_socket_t reader,
                                              wasi_sockets_types_own_tcp_socket_t *buf,
                                              size_t amt) {
  struct ent *r = get(reader, H_STREAM_R, "stream<tcp-socket>.read");
  if (r->pipe->tcp != TCP_CONNS)
    p3sim_trap("stream<tcp-socket>.read on %u: not a listener's stream", reader);
  if (r->busy)
    p3sim_trap("stream.read on %u while a read is in progress", reader);
  if (!amt)
    return COMMAND_WAITABLE_COMPLETED;
  if (p3sim_return_now() && tcp_accept(r->pipe, buf))
    return 1 << 4 | COMMAND_WAITABLE_COMPLETED;
  r->busy = r->pending = 1;
  r->rbuf = (uint8_t *) buf;
  r->ramt = amt;
  return COMMAND_WAITABLE_STATUS_BLOCKED;
}

/* A read cancelled or an end dropped: the shared rules of stream ends. */
static command_waitable_status_t end_cancel(uint32_t h, uint8_t kind, const char *call) {
  struct ent *e = get(h, kind, call);
  if (!e->busy)
    p3sim_trap("%s on %u with no operation in progress", call, h);
  if (e->set)
    p3sim_trap("%s (synchronous) on %u that is still in waitable set %u", call, h, e->set);
  uint32_t st = e->pending ? COMMAND_WAITABLE_CANCELLED : e->ev_code;
  e->pending = e->busy = e->has_event = 0;
  return st;
}

static void end_drop(uint32_t h, uint8_t kind, const char *call) {
  struct ent *e = get(h, kind, call);
  if (e->busy)
    p3sim_trap("%s on %u while an operation is in progress", call, h);
  struct pipe *p = e->pipe;
  if (kind == H_STREAM_W && p->tcp == TCP_SEND && !p->fut_done) {
    /* The end of the data: FIN, and send's future says it all went. But
     * with bytes from the peer still unread the socket is about to be
     * reset (Linux closes it so), and Wasmtime was measured to send no
     * FIN first then (tests/tcp_shutdown.c): neither does p3sim. */
    int unread = 0;
    SYS3(SYS_ioctl, p->fd, FIONREAD, &unread);
    if (!unread)
      SYS2(SYS_shutdown, p->fd, SHUT_WR);
    p->fut_done = 1;
  }
  if (kind == H_STREAM_W)
    p->writer_gone = 1;
  h_release(h);
  pipe_unref(p);
}

command_waitable_status_t
wasi_sockets_types_stream_own_tcp_socket_cancel_read(wasi_sockets_types_stream_own_tcp_socket_t r) {
  return end_cancel(r, H_STREAM_R, "stream<tcp-socket>.cancel-read");
}

void wasi_sockets_types_stream_own_tcp_socket_drop_readable(
    wasi_sockets_types_stream_own_tcp_socket_t r) {
  end_drop(r, H_STREAM_R, "stream<tcp-socket>.drop-readable");
}

void wasi_sockets_types_method_tcp_socket_receive(
    wasi_sockets_types_borrow_tcp_socket_t self,
    wasi_sockets_types_tuple2_stream_u8_future_result_void_error_code_t *ret) {
  struct ent *s = tcp_get(self.__handle, "tcp-socket.receive");
  struct pipe *p = tcp_pipe(s, TCP_RECV);
  p->ends = 2;
  if (s->received || !s->connected || s->listening) {
    p->eof = 1; /* a closed stream and err(invalid-state), as the WIT says */
    p->fut_done = 1;
    p->fut_err = WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE + 1;
  }
  s->received = 1;
  uint32_t r = h_alloc(H_STREAM_R);
  tab[r].pipe = p;
  uint32_t f = h_alloc(H_FUTURE_R);
  tab[f].pipe = p;
  ret->f0 = r;
  ret->f1 = f;
}

/* The kernel's bytes into buf: a finished read's status, or BLOCKED. */
static uint32_t tcp_recv_now(struct pipe *p, uint8_t *buf, size_t amt) {
  if (p->eof)
    return COMMAND_WAITABLE_DROPPED;
  long n = SYS6(SYS_recvfrom, p->fd, buf, amt, MSG_DONTWAIT, NULL, NULL);
  if (n == -EAGAIN)
    return COMMAND_WAITABLE_STATUS_BLOCKED;
  if (n > 0)
    return (uint32_t) n << 4 | COMMAND_WAITABLE_COMPLETED;
  p->eof = 1;
  p->fut_done = 1;
  p->fut_err = n < 0 ? tcp_tag(-n) + 1 : 0;
  return COMMAND_WAITABLE_DROPPED;
}

command_waitable_status_t wasi_sockets_types_stream_u8_read(wasi_sockets_types_stream_u8_t reader,
                                                            uint8_t *buf, size_t amt) {
  struct ent *r = get(reader, H_STREAM_R, "stream<u8>.read");
  if (r->pipe->tcp != TCP_RECV)
    p3sim_trap("stream<u8>.read on %u: not a receive stream", reader);
  if (r->busy)
    p3sim_trap("stream.read on %u while a read is in progress", reader);
  if (r->pipe->dropped)
    p3sim_trap("stream.read on %u after a read returned DROPPED", reader);
  if (amt && !buf)
    p3sim_trap("stream.read of %zu bytes into NULL", amt);
  if (p3sim_return_now()) {
    uint32_t st = tcp_recv_now(r->pipe, buf, amt);
    if (st != COMMAND_WAITABLE_STATUS_BLOCKED) {
      if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED)
        r->pipe->dropped = 1;
      return st;
    }
  }
  r->busy = r->pending = 1;
  r->rbuf = buf;
  r->ramt = amt;
  return COMMAND_WAITABLE_STATUS_BLOCKED;
}

command_waitable_status_t
wasi_sockets_types_stream_u8_cancel_read(wasi_sockets_types_stream_u8_t reader) {
  return end_cancel(reader, H_STREAM_R, "stream<u8>.cancel-read");
}

void wasi_sockets_types_stream_u8_drop_readable(wasi_sockets_types_stream_u8_t reader) {
  end_drop(reader, H_STREAM_R, "stream<u8>.drop-readable");
}

wasi_sockets_types_stream_u8_t
wasi_sockets_types_stream_u8_new(wasi_sockets_types_stream_u8_writer_t *writer) {
  return wasi_cli_stdin_stream_u8_new(writer);
}

wasi_sockets_types_future_result_void_error_code_t
wasi_sockets_types_method_tcp_socket_send(wasi_sockets_types_borrow_tcp_socket_t self,
                                          wasi_sockets_types_stream_u8_t data) {
  struct ent *s = tcp_get(self.__handle, "tcp-socket.send");
  struct ent *r = get(data, H_STREAM_R, "tcp-socket.send");
  struct pipe *p = r->pipe;
  if (p->target || p->tcp)
    p3sim_trap("tcp-socket.send: stream %u is already connected", data);
  p->tcp = TCP_SEND;
  p->fd = (int) SYS3(SYS_fcntl, s->fd, F_DUPFD_CLOEXEC, 0);
  if (s->sent || !s->connected || s->listening) {
    p->broken = 1;
    p->fut_done = 1;
    p->fut_err = WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE + 1;
  }
  s->sent = 1;
  h_release(data); /* the host reads the stream now */
  uint32_t f = h_alloc(H_FUTURE_R);
  tab[f].pipe = p;
  return f;
}

/* buf into the kernel: a finished write's status, or BLOCKED. */
static uint32_t tcp_send_now(struct pipe *p, const uint8_t *buf, size_t amt) {
  if (p->broken)
    return COMMAND_WAITABLE_DROPPED;
  long n = SYS6(SYS_sendto, p->fd, buf, amt, MSG_DONTWAIT | MSG_NOSIGNAL, NULL, 0);
  if (n == -EAGAIN)
    return COMMAND_WAITABLE_STATUS_BLOCKED;
  if (n >= 0)
    return (uint32_t) n << 4 | COMMAND_WAITABLE_COMPLETED;
  p->broken = 1;
  p->fut_done = 1;
  p->fut_err = tcp_tag(-n) + 1;
  return COMMAND_WAITABLE_DROPPED;
}

command_waitable_status_t
wasi_sockets_types_stream_u8_write(wasi_sockets_types_stream_u8_writer_t writer, const uint8_t *buf,
                                   size_t amt) {
  struct ent *w = get(writer, H_STREAM_W, "stream<u8>.write");
  if (w->busy)
    p3sim_trap("stream.write on %u while its previous write is still in progress", writer);
  if (w->pipe->tcp != TCP_SEND)
    p3sim_trap("stream<u8>.write on %u: the readable end is not with tcp-socket.send", writer);
  if (amt && !buf)
    p3sim_trap("stream.write of %zu bytes from NULL", amt);
  if (p3sim_return_now()) {
    uint32_t st = tcp_send_now(w->pipe, buf, amt);
    if (st != COMMAND_WAITABLE_STATUS_BLOCKED)
      return st;
  }
  w->busy = w->pending = 1;
  w->wbuf = buf;
  w->wamt = amt;
  return COMMAND_WAITABLE_STATUS_BLOCKED;
}

command_waitable_status_t
wasi_sockets_types_stream_u8_cancel_write(wasi_sockets_types_stream_u8_writer_t writer) {
  return end_cancel(writer, H_STREAM_W, "stream<u8>.cancel-write");
}

void wasi_sockets_types_stream_u8_drop_writable(wasi_sockets_types_stream_u8_writer_t writer) {
  end_drop(writer, H_STREAM_W, "stream<u8>.drop-writable");
}

static void tcp_future_write(struct pipe *p, send_result_t *r) {
  if (p->fut_err) {
    r->is_err = true;
    put_error(&r->val.err, (uint8_t) (p->fut_err - 1), 0);
  } else {
    r->is_err = false;
  }
}

command_waitable_status_t wasi_sockets_types_future_result_void_error_code_read(
    wasi_sockets_types_future_result_void_error_code_t reader, send_result_t *buf) {
  struct ent *e = get(reader, H_FUTURE_R, "future.read");
  if (e->busy)
    p3sim_trap("future.read on %u while a read is in progress", reader);
  if (!e->pipe->tcp)
    p3sim_trap("future.read on %u: not a tcp future", reader);
  if (e->pipe->fut_done && p3sim_return_now()) {
    tcp_future_write(e->pipe, buf);
    return COMMAND_WAITABLE_COMPLETED;
  }
  e->busy = e->pending = 1;
  e->fbuf = buf;
  return COMMAND_WAITABLE_STATUS_BLOCKED;
}

command_waitable_status_t wasi_sockets_types_future_result_void_error_code_cancel_read(
    wasi_sockets_types_future_result_void_error_code_t reader) {
  return end_cancel(reader, H_FUTURE_R, "future.cancel-read");
}

void wasi_sockets_types_future_result_void_error_code_drop_readable(
    wasi_sockets_types_future_result_void_error_code_t reader) {
  end_drop(reader, H_FUTURE_R, "future.drop-readable");
}

/* One step of a pending TCP stream or future operation; 1 if it finished. */
static int tcp_step(uint32_t h) {
  struct ent *e = &tab[h];
  struct pipe *p = e->pipe;
  uint32_t st;
  if (e->kind == H_STREAM_R && p->tcp == TCP_CONNS) {
    if (!tcp_accept(p, (wasi_sockets_types_own_tcp_socket_t *) e->rbuf))
      return 0;
    st = 1 << 4 | COMMAND_WAITABLE_COMPLETED;
  } else if (e->kind == H_STREAM_R) {
    st = tcp_recv_now(p, e->rbuf, e->ramt);
    if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
      return 0;
    if (COMMAND_WAITABLE_STATE(st) == COMMAND_WAITABLE_DROPPED)
      p->dropped = 1;
  } else if (e->kind == H_STREAM_W) {
    /* A pending write goes on once the kernel says the socket is
     * writable, as a host driven by epoll does (not on a sliver of room). */
    struct pollfd pf = {p->fd, POLLOUT, 0};
    struct timespec zero = {0, 0};
    if (!p->broken && SYS5(SYS_ppoll, &pf, 1, &zero, NULL, 8) != 1)
      return 0;
    st = tcp_send_now(p, e->wbuf, e->wamt);
    if (st == COMMAND_WAITABLE_STATUS_BLOCKED)
      return 0;
  } else {
    if (!p->fut_done)
      return 0;
    tcp_future_write(p, e->fbuf);
    st = COMMAND_WAITABLE_COMPLETED;
  }
  e->pending = 0;
  set_event(h,
            e->kind == H_STREAM_R   ? COMMAND_EVENT_STREAM_READ
            : e->kind == H_STREAM_W ? COMMAND_EVENT_STREAM_WRITE
                                    : COMMAND_EVENT_FUTURE_READ,
            st);
  return 1;
}

bool wasi_sockets_types_method_tcp_socket_get_local_address(
    wasi_sockets_types_borrow_tcp_socket_t self, ipaddr_t *ret, errcode_t *err) {
  struct ent *s = tcp_get(self.__handle, "tcp-socket.get-local-address");
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (!s->bound || SYS3(SYS_getsockname, s->fd, &ss, &len) < 0) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE, 0);
    return false;
  }
  from_sockaddr(&ss, ret);
  return true;
}

bool wasi_sockets_types_method_tcp_socket_get_remote_address(
    wasi_sockets_types_borrow_tcp_socket_t self, ipaddr_t *ret, errcode_t *err) {
  struct ent *s = tcp_get(self.__handle, "tcp-socket.get-remote-address");
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (SYS3(SYS_getpeername, s->fd, &ss, &len) < 0) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE, 0);
    return false;
  }
  from_sockaddr(&ss, ret);
  return true;
}

bool wasi_sockets_types_method_tcp_socket_get_is_listening(
    wasi_sockets_types_borrow_tcp_socket_t self) {
  return tcp_get(self.__handle, "tcp-socket.get-is-listening")->listening;
}

wasi_sockets_types_ip_address_family_t wasi_sockets_types_method_tcp_socket_get_address_family(
    wasi_sockets_types_borrow_tcp_socket_t self) {
  return tcp_get(self.__handle, "tcp-socket.get-address-family")->family;
}

bool wasi_sockets_types_method_tcp_socket_set_listen_backlog_size(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t value, errcode_t *err) {
  struct ent *s = tcp_get(self.__handle, "tcp-socket.set-listen-backlog-size");
  if (!value) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT, 0);
    return false;
  }
  s->backlog = value > 4096 ? 4096 : (int) value;
  if (s->listening)
    SYS2(SYS_listen, s->fd, s->backlog); /* Linux takes a new backlog so */
  return true;
}

/* An int option of the kernel socket, get (ret) or set (value). */
static bool tcp_opt(int32_t h, int level, int name, int set, int value, int *ret, errcode_t *err,
                    const char *call) {
  struct ent *s = tcp_get(h, call);
  long r;
  if (set) {
    r = SYS5(SYS_setsockopt, s->fd, level, name, &value, sizeof value);
  } else {
    socklen_t l = sizeof *ret;
    r = SYS5(SYS_getsockopt, s->fd, level, name, ret, &l);
  }
  if (r < 0) {
    put_error(err, tag_from_errno(-r), 0);
    return false;
  }
  return true;
}

bool wasi_sockets_types_method_tcp_socket_get_keep_alive_enabled(
    wasi_sockets_types_borrow_tcp_socket_t self, bool *ret, errcode_t *err) {
  int v = 0;
  bool ok = tcp_opt(self.__handle, SOL_SOCKET, SO_KEEPALIVE, 0, 0, &v, err, "get-keep-alive");
  *ret = v != 0;
  return ok;
}
bool wasi_sockets_types_method_tcp_socket_set_keep_alive_enabled(
    wasi_sockets_types_borrow_tcp_socket_t self, bool value, errcode_t *err) {
  return tcp_opt(self.__handle, SOL_SOCKET, SO_KEEPALIVE, 1, value, NULL, err, "set-keep-alive");
}

#define NS_PER_S 1000000000ull
static bool tcp_duration(int32_t h, int name, int set, uint64_t value, uint64_t *ret,
                         errcode_t *err) {
  if (set && (value < NS_PER_S || value / NS_PER_S > 32767)) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT, 0);
    return false;
  }
  int v = 0;
  bool ok = tcp_opt(h, IPPROTO_TCP, name, set, (int) (value / NS_PER_S), &v, err, "keep-alive");
  if (ret)
    *ret = (uint64_t) v * NS_PER_S;
  return ok;
}

bool wasi_sockets_types_method_tcp_socket_get_keep_alive_idle_time(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t *ret, errcode_t *err) {
  return tcp_duration(self.__handle, TCP_KEEPIDLE, 0, 0, ret, err);
}
bool wasi_sockets_types_method_tcp_socket_set_keep_alive_idle_time(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t value, errcode_t *err) {
  return tcp_duration(self.__handle, TCP_KEEPIDLE, 1, value, NULL, err);
}
bool wasi_sockets_types_method_tcp_socket_get_keep_alive_interval(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t *ret, errcode_t *err) {
  return tcp_duration(self.__handle, TCP_KEEPINTVL, 0, 0, ret, err);
}
bool wasi_sockets_types_method_tcp_socket_set_keep_alive_interval(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t value, errcode_t *err) {
  return tcp_duration(self.__handle, TCP_KEEPINTVL, 1, value, NULL, err);
}
bool wasi_sockets_types_method_tcp_socket_get_keep_alive_count(
    wasi_sockets_types_borrow_tcp_socket_t self, uint32_t *ret, errcode_t *err) {
  int v = 0;
  bool ok = tcp_opt(self.__handle, IPPROTO_TCP, TCP_KEEPCNT, 0, 0, &v, err, "keep-alive-count");
  *ret = (uint32_t) v;
  return ok;
}
bool wasi_sockets_types_method_tcp_socket_set_keep_alive_count(
    wasi_sockets_types_borrow_tcp_socket_t self, uint32_t value, errcode_t *err) {
  if (!value) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT, 0);
    return false;
  }
  return tcp_opt(self.__handle, IPPROTO_TCP, TCP_KEEPCNT, 1, (int) value, NULL, err,
                 "keep-alive-count");
}

static void tcp_hop_opt(int32_t h, int *level, int *name) {
  int v6 = tcp_get(h, "tcp-socket.hop-limit")->family;
  *level = v6 ? IPPROTO_IPV6 : IPPROTO_IP;
  *name = v6 ? IPV6_UNICAST_HOPS : IP_TTL;
}

bool wasi_sockets_types_method_tcp_socket_get_hop_limit(wasi_sockets_types_borrow_tcp_socket_t self,
                                                        uint8_t *ret, errcode_t *err) {
  int level, name, v = 0;
  tcp_hop_opt(self.__handle, &level, &name);
  bool ok = tcp_opt(self.__handle, level, name, 0, 0, &v, err, "get-hop-limit");
  *ret = (uint8_t) v;
  return ok;
}
bool wasi_sockets_types_method_tcp_socket_set_hop_limit(wasi_sockets_types_borrow_tcp_socket_t self,
                                                        uint8_t value, errcode_t *err) {
  int level, name;
  tcp_hop_opt(self.__handle, &level, &name);
  if (!value) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT, 0);
    return false;
  }
  return tcp_opt(self.__handle, level, name, 1, value, NULL, err, "set-hop-limit");
}

static bool tcp_bufsize(int32_t h, int name, int set, uint64_t value, uint64_t *ret,
                        errcode_t *err) {
  if (set && !value) {
    put_error(err, WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT, 0);
    return false;
  }
  int v = 0;
  bool ok = tcp_opt(h, SOL_SOCKET, name, set, value > 0x3fffffff ? 0x3fffffff : (int) value, &v,
                    err, "buffer-size");
  if (ret)
    *ret = (uint64_t) v;
  return ok;
}

bool wasi_sockets_types_method_tcp_socket_get_receive_buffer_size(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t *ret, errcode_t *err) {
  return tcp_bufsize(self.__handle, SO_RCVBUF, 0, 0, ret, err);
}
bool wasi_sockets_types_method_tcp_socket_set_receive_buffer_size(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t value, errcode_t *err) {
  return tcp_bufsize(self.__handle, SO_RCVBUF, 1, value, NULL, err);
}
bool wasi_sockets_types_method_tcp_socket_get_send_buffer_size(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t *ret, errcode_t *err) {
  return tcp_bufsize(self.__handle, SO_SNDBUF, 0, 0, ret, err);
}
bool wasi_sockets_types_method_tcp_socket_set_send_buffer_size(
    wasi_sockets_types_borrow_tcp_socket_t self, uint64_t value, errcode_t *err) {
  return tcp_bufsize(self.__handle, SO_SNDBUF, 1, value, NULL, err);
}

/* ------------------------------------------------------------------ */
/* wasi:cli: stdio streams, arguments, exit                             */
/* ------------------------------------------------------------------ */

static struct pipe *pipe_new(void) {
  struct pipe *p = calloc(1, sizeof *p);
  if (!p)
    p3sim_trap("out of memory");
  p->fd = -1;
  return p;
}

static void pipe_unref(struct pipe *p) {
  if (--p->ends == 0) {
    if (p->fd >= 0)
      SYS1(SYS_close, p->fd);
    free(p);
  }
}

wasi_cli_stdin_stream_u8_t wasi_cli_stdin_stream_u8_new(wasi_cli_stdin_stream_u8_writer_t *writer) {
  p3sim_init();
  struct pipe *p = pipe_new();
  uint32_t r = h_alloc(H_STREAM_R);
  tab[r].pipe = p;
  uint32_t w = h_alloc(H_STREAM_W);
  tab[w].pipe = p;
  p->ends = 2;
  *writer = w;
  p3sim_trace("stream.new -> read %u write %u", r, w);
  return r;
}

static uint32_t give_to_host(uint32_t reader, int target, const char *call) {
  struct ent *r = get(reader, H_STREAM_R, call);
  struct pipe *p = r->pipe;
  if (p->target)
    p3sim_trap("%s: stream %u is already connected", call, reader);
  if (r->busy)
    p3sim_trap("%s: stream %u has an operation in progress", call, reader);
  p->target = target;
  h_release(reader); /* ownership moves to the host */
  uint32_t f = h_alloc(H_FUTURE_R);
  tab[f].pipe = p;
  return f;
}

wasi_cli_stdout_future_result_void_error_code_t
wasi_cli_stdout_write_via_stream(wasi_cli_stdin_stream_u8_t data) {
  return give_to_host(data, 1, "stdout.write-via-stream");
}

wasi_cli_stderr_future_result_void_error_code_t
wasi_cli_stderr_write_via_stream(wasi_cli_stdin_stream_u8_t data) {
  return give_to_host(data, 2, "stderr.write-via-stream");
}

command_waitable_status_t wasi_cli_stdin_stream_u8_write(wasi_cli_stdin_stream_u8_writer_t writer,
                                                         const uint8_t *buf, size_t amt) {
  struct ent *w = get(writer, H_STREAM_W, "stream.write");
  if (w->busy)
    p3sim_trap("stream.write on %u while its previous write is still in progress", writer);
  if (w->pipe->target <= 0)
    p3sim_trap("stream.write on %u: the readable end is not with the host (p3sim "
               "supports only write-via-stream)",
               writer);
  if (amt && !buf)
    p3sim_trap("stream.write of %zu bytes from NULL", amt);
  if (p3sim_return_now())
    return amt ? host_take(w, buf, amt) : COMMAND_WAITABLE_COMPLETED;
  w->busy = 1;
  w->pending = 1;
  w->wbuf = buf;
  w->wamt = amt;
  return COMMAND_WAITABLE_STATUS_BLOCKED;
}

void wasi_cli_stdin_stream_u8_drop_writable(wasi_cli_stdin_stream_u8_writer_t writer) {
  struct ent *w = get(writer, H_STREAM_W, "stream.drop-writable");
  if (w->busy)
    p3sim_trap("stream.drop-writable on %u while a write is in progress", writer);
  struct pipe *p = w->pipe;
  p->writer_gone = 1;
  h_release(writer);
  pipe_unref(p);
}

command_waitable_status_t
wasi_cli_stdin_stream_u8_cancel_write(wasi_cli_stdin_stream_u8_writer_t writer) {
  struct ent *w = get(writer, H_STREAM_W, "stream.cancel-write");
  if (!w->busy)
    p3sim_trap("stream.cancel-write on %u with no write in progress", writer);
  uint32_t st = w->pending ? COMMAND_WAITABLE_CANCELLED : w->ev_code;
  w->pending = 0;
  w->busy = 0;
  w->has_event = 0;
  return st;
}

void wasi_cli_stdin_read_via_stream(
    wasi_cli_stdin_tuple2_stream_u8_future_result_void_error_code_t *ret) {
  p3sim_init();
  struct pipe *p = pipe_new();
  p->target = -1;
  p->ends = 2;
  uint32_t r = h_alloc(H_STREAM_R);
  tab[r].pipe = p;
  uint32_t f = h_alloc(H_FUTURE_R);
  tab[f].pipe = p;
  ret->f0 = r;
  ret->f1 = f;
}

/* Reads fd 0 into buf: a blocking read stands in for the host. 0 at the
 * end (or on an error, which ends the stream as well). */
static size_t stdin_fill(uint8_t *buf, size_t amt) {
  long n;
  do
    n = SYS3(SYS_read, 0, buf, amt);
  while (n == -EINTR);
  if (n <= 0) {
    stdin_at_end = 1;
    return 0;
  }
  return (size_t) n;
}

/* Whether fd 0 is at its end right after what was read, found out without
 * blocking: a look ahead keeps any bytes it reads for the next read. */
static int stdin_ends_now(void) {
  if (stdin_ahead_len)
    return 0;
  if (!stdin_at_end) {
    struct pollfd pf = {0, POLLIN, 0};
    struct timespec zero = {0, 0};
    if (SYS5(SYS_ppoll, &pf, 1, &zero, NULL, 8) == 1)
      stdin_ahead_len = stdin_fill(stdin_ahead, sizeof stdin_ahead);
  }
  return stdin_at_end && !stdin_ahead_len;
}

/* A read whose bytes are the last ones may report DROPPED with them (the
 * Component Model allows a nonzero count with DROPPED): always, never, or
 * at random, as the policy says. */
static int stdin_drop_with_data(void) {
  if (p3sim_pol.stdin_drop_with_data >= 0)
    return p3sim_pol.stdin_drop_with_data;
  return randomized() && p3sim_chance(50);
}

command_waitable_status_t wasi_cli_stdin_stream_u8_read(wasi_cli_stdin_stream_u8_t reader,
                                                        uint8_t *buf, size_t amt) {
  struct ent *r = get(reader, H_STREAM_R, "stream.read");
  if (r->pipe->target != -1)
    p3sim_trap("stream.read on %u: p3sim reads only stdin", reader);
  if (r->busy)
    p3sim_trap("stream.read on %u while a read is in progress", reader);
  if (r->pipe->dropped)
    p3sim_trap("stream.read on %u after a read returned DROPPED (the writer is gone: only "
               "stream.drop-readable is left)",
               reader);
  if (amt && !buf)
    p3sim_trap("stream.read of %zu bytes into NULL", amt);
  if (!amt)
    return COMMAND_WAITABLE_COMPLETED;
  /* Input that is not there yet (an open, empty pipe) is waited for, as
   * is any input when the policy delays: the read completes later, as an
   * event, once fd 0 is readable. */
  struct pollfd pf = {0, POLLIN, 0};
  struct timespec zero = {0, 0};
  int now = stdin_ahead_len || stdin_at_end || SYS5(SYS_ppoll, &pf, 1, &zero, NULL, 8) == 1;
  if (!now || !p3sim_return_now()) {
    r->busy = 1;
    r->pending = 1;
    r->rbuf = buf;
    r->ramt = amt;
    p3sim_trace("stdin stream.read of %zu -> BLOCKED", amt);
    return COMMAND_WAITABLE_STATUS_BLOCKED;
  }
  return stdin_take(r, buf, amt);
}

/* Reads what stdin has now into buf: the status of a finished read. */
static uint32_t stdin_take(struct ent *r, uint8_t *buf, size_t amt) {
  size_t n;
  if (stdin_ahead_len) {
    n = amt < stdin_ahead_len ? amt : stdin_ahead_len;
    memcpy(buf, stdin_ahead, n);
    memmove(stdin_ahead, stdin_ahead + n, stdin_ahead_len - n);
    stdin_ahead_len -= n;
  } else {
    n = stdin_at_end ? 0 : stdin_fill(buf, amt);
  }
  if (!n || (stdin_drop_with_data() && stdin_ends_now())) {
    r->pipe->dropped = 1;
    p3sim_trace("stdin stream.read -> %zu bytes, DROPPED", n);
    return (uint32_t) n << 4 | COMMAND_WAITABLE_DROPPED;
  }
  return (uint32_t) n << 4 | COMMAND_WAITABLE_COMPLETED;
}

command_waitable_status_t wasi_cli_stdin_stream_u8_cancel_read(wasi_cli_stdin_stream_u8_t reader) {
  return end_cancel(reader, H_STREAM_R, "stdin stream.cancel-read");
}

void wasi_cli_stdin_stream_u8_drop_readable(wasi_cli_stdin_stream_u8_t reader) {
  struct ent *r = get(reader, H_STREAM_R, "stream.drop-readable");
  if (r->busy)
    p3sim_trap("stream.drop-readable on %u while a read is in progress", reader);
  struct pipe *p = r->pipe;
  h_release(reader);
  pipe_unref(p);
}

static command_waitable_status_t future_read(uint32_t f, void *buf, const char *call) {
  struct ent *e = get(f, H_FUTURE_R, call);
  if (e->busy)
    p3sim_trap("%s on %u while a read is in progress", call, f);
  if (!buf)
    p3sim_trap("%s into NULL", call);
  if (e->pipe->target == -1)
    p3sim_trap("%s: stdin's future never resolves in p3sim", call);
  if (e->pipe->writer_gone && p3sim_return_now()) {
    ((wasi_cli_stdout_result_void_error_code_t *) buf)->is_err = false;
    return COMMAND_WAITABLE_COMPLETED;
  }
  e->busy = 1;
  e->pending = 1;
  e->fbuf = buf;
  return COMMAND_WAITABLE_STATUS_BLOCKED;
}

static void future_drop(uint32_t f, const char *call) {
  struct ent *e = get(f, H_FUTURE_R, call);
  if (e->busy)
    p3sim_trap("%s on %u while a read is in progress", call, f);
  struct pipe *p = e->pipe;
  h_release(f);
  pipe_unref(p);
}

command_waitable_status_t wasi_cli_stdout_future_result_void_error_code_read(
    wasi_cli_stdout_future_result_void_error_code_t reader,
    wasi_cli_stdout_result_void_error_code_t *buf) {
  return future_read(reader, buf, "stdout future.read");
}
command_waitable_status_t wasi_cli_stderr_future_result_void_error_code_read(
    wasi_cli_stderr_future_result_void_error_code_t reader,
    wasi_cli_stderr_result_void_error_code_t *buf) {
  return future_read(reader, buf, "stderr future.read");
}
void wasi_cli_stdout_future_result_void_error_code_drop_readable(
    wasi_cli_stdout_future_result_void_error_code_t reader) {
  future_drop(reader, "stdout future.drop-readable");
}
void wasi_cli_stderr_future_result_void_error_code_drop_readable(
    wasi_cli_stderr_future_result_void_error_code_t reader) {
  future_drop(reader, "stderr future.drop-readable");
}
void wasi_cli_stdin_future_result_void_error_code_drop_readable(
    wasi_cli_stdin_future_result_void_error_code_t reader) {
  future_drop(reader, "stdin future.drop-readable");
}

/* Set by the glue from the process's own argv. */
int p3sim_argc;
char **p3sim_argv;

void wasi_cli_environment_get_arguments(command_list_string_t *ret) {
  size_t n = p3sim_argc > 0 ? (size_t) p3sim_argc : 0;
  command_string_t *list = cabi_realloc(NULL, 0, _Alignof(command_string_t), n * sizeof *list);
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(p3sim_argv[i]);
    list[i].ptr = cabi_realloc(NULL, 0, 1, len);
    if (len)
      memcpy(list[i].ptr, p3sim_argv[i], len);
    list[i].len = len;
  }
  ret->ptr = n ? list : NULL;
  ret->len = n;
}

/* Copies s (len bytes) into a host-allocated string of the guest's. */
static command_string_t guest_string(const char *s, size_t len) {
  command_string_t r = {cabi_realloc(NULL, 0, 1, len), len};
  if (len)
    memcpy(r.ptr, s, len);
  return r;
}

/* The process's real environment, as `wasmtime run --env` would pass it,
 * except P3NET_HOST: that is what the host tells p3net about itself, so it
 * says "jco" in jco mode, as bin/p3run does on jco, and is absent in every
 * other mode (a conforming host, as Wasmtime). */
void wasi_cli_environment_get_environment(command_list_tuple2_string_string_t *ret) {
  p3sim_init();
  static const char host_var[] = "P3NET_HOST";
  size_t n = 1;
  for (char **e = environ; e && *e; e++)
    n++;
  command_tuple2_string_string_t *list =
      cabi_realloc(NULL, 0, _Alignof(command_tuple2_string_string_t), n * sizeof *list);
  size_t k = 0;
  for (char **e = environ; e && *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq)
      continue;
    size_t kl = (size_t) (eq - *e);
    if (kl == sizeof host_var - 1 && !memcmp(*e, host_var, kl))
      continue;
    list[k].f0 = guest_string(*e, kl);
    list[k].f1 = guest_string(eq + 1, strlen(eq + 1));
    k++;
  }
  if (p3sim_pol.says_jco) {
    list[k].f0 = guest_string(host_var, sizeof host_var - 1);
    list[k].f1 = guest_string("jco", 3);
    k++;
  }
  ret->ptr = k ? list : NULL;
  ret->len = k;
  if (!k)
    free(list);
}

bool wasi_cli_environment_get_initial_cwd(command_string_t *ret) {
  (void) ret;
  return false;
}

void wasi_cli_exit_exit(wasi_cli_exit_result_void_void_t *status) {
  int code = status->is_err ? 1 : 0;
  p3sim_finish();
  p3sim_exit_group(code);
}

void wasi_cli_exit_exit_with_code(uint8_t status_code) {
  p3sim_finish();
  p3sim_exit_group(status_code);
}

/* ------------------------------------------------------------------ */
/* The end-of-run check                                                 */
/* ------------------------------------------------------------------ */

int p3sim_count_leaks(void) {
  int sets = 0, clocks = 0, bad = 0;
  zombies_fire(1); /* a cancelled receive that writes late must write now */
  for (uint32_t h = 1; h < used_top; h++) {
    struct ent *e = &tab[h];
    int ok = 0;
    switch (e->kind) {
    case H_FREE:
      ok = 1;
      break;
    case H_SET:
      ok = sets++ == 0;
      break;
    case H_SUBTASK:
      ok = e->op == OP_CLOCK && !e->delivered && clocks++ == 0;
      break;
    case H_STREAM_R:
    case H_FUTURE_R:
      ok = e->pipe->target == -1; /* stdin's, opened once and kept */
      break;
    case H_FS:
      ok = e->fs_kept;
      break;
    }
    if (!ok) {
      bad++;
      char line[200];
      int n =
          snprintf(line, sizeof line, "p3sim: leaked handle %u: %s%s%s\n", h, kind_names[e->kind],
                   e->kind == H_SUBTASK ? " " : "", e->kind == H_SUBTASK ? op_names[e->op] : "");
      p3sim_write_all(2, line, (size_t) n);
    }
  }
  return bad;
}

/* ------------------------------------------------------------------ */
/* Helpers the generated bindings define, with the same behaviour as    */
/* wit-bindgen 0.63.0's command.c (memory from cabi_realloc is malloc). */
/* ------------------------------------------------------------------ */

void command_string_free(command_string_t *ret) {
  if (ret->len > 0)
    free(ret->ptr);
  ret->ptr = NULL;
  ret->len = 0;
}

void command_list_string_free(command_list_string_t *ptr) {
  if (ptr->len > 0) {
    for (size_t i = 0; i < ptr->len; i++)
      command_string_free(&ptr->ptr[i]);
    free(ptr->ptr);
  }
}

void command_option_string_free(command_option_string_t *ptr) {
  if (ptr->is_some)
    command_string_free(&ptr->val);
}

void command_tuple2_string_string_free(command_tuple2_string_string_t *ptr) {
  command_string_free(&ptr->f0);
  command_string_free(&ptr->f1);
}

void command_list_tuple2_string_string_free(command_list_tuple2_string_string_t *ptr) {
  if (ptr->len > 0) {
    for (size_t i = 0; i < ptr->len; i++)
      command_tuple2_string_string_free(&ptr->ptr[i]);
    free(ptr->ptr);
  }
}

void command_list_u8_free(command_list_u8_t *ptr) {
  if (ptr->len > 0)
    free(ptr->ptr);
}

/* As generated by wit-bindgen 0.63.0: the `other` case frees nothing. */
void wasi_sockets_types_error_code_free(wasi_sockets_types_error_code_t *ptr) {
  (void) ptr;
}

void wasi_sockets_ip_name_lookup_list_ip_address_free(
    wasi_sockets_ip_name_lookup_list_ip_address_t *ptr) {
  if (ptr->len > 0)
    free(ptr->ptr);
}
