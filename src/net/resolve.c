/* Host names through wasi:sockets/ip-name-lookup resolve-addresses. The
 * call is async: it may return at once or start a subtask, which is
 * joined to the reactor and waited for with a deadline, so a resolver
 * that never answers costs a bounded wait (EAI_AGAIN, as glibc gives when
 * its DNS servers time out) rather than a hung program. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "host/pending.h"
#include "net/net.h"
#include "reactor/reactor.h"

#define RESOLVE_TIMEOUT_NS 5000000000ull

typedef wasi_sockets_ip_name_lookup_result_list_ip_address_error_code_t lookup_result;

/* The call's state. It and the name it carries are one allocation, so
 * that after a cancel which may not stop the host (jco keeps going and
 * writes the result later: see HOSTS.md) both can simply be left alive. */
struct lookup {
  struct p3_pending op;
  int done;
  lookup_result result;
  char name[];
};

static void lookup_wake(struct p3_waiter *w, uint32_t event, uint32_t code) {
  struct lookup *lk = (struct lookup *) w;
  if (p3_pending_event(&lk->op, event, code))
    lk->done = 1;
}

static int eai_from_wasi(wasi_sockets_ip_name_lookup_error_code_t *err) {
  switch (err->tag) {
  case WASI_SOCKETS_IP_NAME_LOOKUP_ERROR_CODE_ACCESS_DENIED:
    errno = EACCES;
    return EAI_SYSTEM;
  case WASI_SOCKETS_IP_NAME_LOOKUP_ERROR_CODE_INVALID_ARGUMENT:
  case WASI_SOCKETS_IP_NAME_LOOKUP_ERROR_CODE_NAME_UNRESOLVABLE:
    return EAI_NONAME;
  case WASI_SOCKETS_IP_NAME_LOOKUP_ERROR_CODE_TEMPORARY_RESOLVER_FAILURE:
    return EAI_AGAIN;
  case WASI_SOCKETS_IP_NAME_LOOKUP_ERROR_CODE_OTHER:
    /* The generated free helper leaves this string alone. */
    if (err->val.other.is_some && err->val.other.val.len)
      free(err->val.other.val.ptr);
    return EAI_FAIL;
  default:
    return EAI_FAIL;
  }
}

/* Converts the host's list into sockaddrs and frees it. */
static int take_list(wasi_sockets_ip_name_lookup_list_ip_address_t *list, union p3_sa **out,
                     size_t *n) {
  union p3_sa *a = list->len ? calloc(list->len, sizeof *a) : NULL;
  if (list->len && !a) {
    free(list->ptr);
    return EAI_MEMORY;
  }
  if (a)
    p3_stats.allocs++;
  for (size_t i = 0; i < list->len; i++) {
    const wasi_sockets_ip_name_lookup_ip_address_t *ip = &list->ptr[i];
    if (ip->tag == WASI_SOCKETS_TYPES_IP_ADDRESS_IPV4) {
      const wasi_sockets_types_ipv4_address_t *v = &ip->val.ipv4;
      uint8_t *b = (uint8_t *) &a[i].in.sin_addr.s_addr;
      a[i].in.sin_family = AF_INET;
      b[0] = v->f0, b[1] = v->f1, b[2] = v->f2, b[3] = v->f3;
    } else {
      const wasi_sockets_types_ipv6_address_t *v = &ip->val.ipv6;
      uint16_t g[8] = {v->f0, v->f1, v->f2, v->f3, v->f4, v->f5, v->f6, v->f7};
      a[i].in6.sin6_family = AF_INET6;
      for (int k = 0; k < 8; k++) {
        a[i].in6.sin6_addr.s6_addr[2 * k] = (uint8_t) (g[k] >> 8);
        a[i].in6.sin6_addr.s6_addr[2 * k + 1] = (uint8_t) g[k];
      }
    }
  }
  if (list->len)
    free(list->ptr); /* a cabi_realloc block; an empty list has none */
  *out = a;
  *n = list->len;
  return 0;
}

/* Frees a cancelled lookup the host wrote into afterwards. */
static void lookup_release(void *block) {
  struct lookup *lk = block;
  if (lk->result.is_err)
    eai_from_wasi(&lk->result.val.err);
  else if (lk->result.val.ok.len)
    free(lk->result.val.ok.ptr);
  free(lk);
}

int p3_resolve(const char *name, union p3_sa **out, size_t *n) {
  size_t len = strlen(name);
  struct lookup *lk = malloc(sizeof *lk + len + 1);
  if (!lk)
    return EAI_MEMORY;
  p3_stats.allocs++;
  /* Names are case-insensitive (RFC 4343), as glibc treats them in
   * /etc/hosts too. Wasmtime and jco lowercase before looking up; doing it
   * here keeps a host that matches names exactly (a plain table, like the
   * simulator's) from answering differently. */
  for (size_t i = 0; i <= len; i++)
    lk->name[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char) (name[i] | 0x20) : name[i];
  lk->done = 0;
  p3_pending_init(&lk->op, P3_SUBTASK, lookup_wake);
  command_string_t arg = {(uint8_t *) lk->name, len};
  command_subtask_status_t st =
      HOST(wasi_sockets_ip_name_lookup_resolve_addresses(arg, &lk->result));
  if (!p3_pending_call(&lk->op, st)) {
    uint64_t deadline = p3_now() + RESOLVE_TIMEOUT_NS;
    while (!lk->done && p3_reactor_wait(deadline) != P3_WAIT_TIMEOUT)
      ;
    if (!lk->done) {
      int r =
          p3_pending_cancel(&lk->op, NULL, NULL, lk, (unsigned char *) &lk->result, lookup_release);
      if (r != P3_FINISHED) {
        if (r == P3_CANCELLED)
          free(lk);
        return EAI_AGAIN;
      }
    }
  }
  int r = lk->result.is_err ? eai_from_wasi(&lk->result.val.err)
                            : take_list(&lk->result.val.ok, out, n);
  free(lk);
  return r;
}
