/* wasi:sockets error-code -> the errno Linux gives for the same cause. */
#include <errno.h>

#include "sock/sock.h"

int p3_errno_from_wasi(wasi_sockets_types_error_code_t *err) {
  switch (err->tag) {
  case WASI_SOCKETS_TYPES_ERROR_CODE_ACCESS_DENIED:
    return EACCES;
  case WASI_SOCKETS_TYPES_ERROR_CODE_NOT_SUPPORTED:
    return EOPNOTSUPP;
  case WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_ARGUMENT:
    return EINVAL;
  case WASI_SOCKETS_TYPES_ERROR_CODE_OUT_OF_MEMORY:
    return ENOMEM;
  case WASI_SOCKETS_TYPES_ERROR_CODE_TIMEOUT:
    return ETIMEDOUT;
  case WASI_SOCKETS_TYPES_ERROR_CODE_INVALID_STATE:
    return EINVAL;
  case WASI_SOCKETS_TYPES_ERROR_CODE_ADDRESS_NOT_BINDABLE:
    return EADDRNOTAVAIL;
  case WASI_SOCKETS_TYPES_ERROR_CODE_ADDRESS_IN_USE:
    return EADDRINUSE;
  case WASI_SOCKETS_TYPES_ERROR_CODE_REMOTE_UNREACHABLE:
    return EHOSTUNREACH;
  case WASI_SOCKETS_TYPES_ERROR_CODE_CONNECTION_REFUSED:
    return ECONNREFUSED;
  case WASI_SOCKETS_TYPES_ERROR_CODE_CONNECTION_BROKEN:
    return EPIPE;
  case WASI_SOCKETS_TYPES_ERROR_CODE_CONNECTION_RESET:
    return ECONNRESET;
  case WASI_SOCKETS_TYPES_ERROR_CODE_CONNECTION_ABORTED:
    return ECONNABORTED;
  case WASI_SOCKETS_TYPES_ERROR_CODE_DATAGRAM_TOO_LARGE:
    return EMSGSIZE;
  case WASI_SOCKETS_TYPES_ERROR_CODE_OTHER:
  default:
    /* wit-bindgen 0.63.0's wasi_sockets_types_error_code_free frees nothing
     * for `other`: its message is freed here. */
    if (err->tag == WASI_SOCKETS_TYPES_ERROR_CODE_OTHER)
      command_option_string_free(&err->val.other);
    return EIO;
  }
}
