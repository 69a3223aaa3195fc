/* gai_strerror: one sentence per EAI_* code. The wording is p3net's own;
 * programs compare codes, not texts. */
#include <netdb.h>

const char *gai_strerror(int errcode) {
  switch (errcode) {
  case 0:
    return "Success";
  case EAI_BADFLAGS:
    return "Invalid flags in the hints";
  case EAI_NONAME:
    return "Unknown host or service name";
  case EAI_AGAIN:
    return "Name lookup failed for now; try again later";
  case EAI_FAIL:
    return "Name lookup failed for good";
  case EAI_NODATA:
    return "The host name has no addresses";
  case EAI_FAMILY:
    return "Address family not supported";
  case EAI_SOCKTYPE:
    return "Socket type not supported";
  case EAI_SERVICE:
    return "Service not known for this socket type";
  case EAI_ADDRFAMILY:
    return "The host has no address in this family";
  case EAI_MEMORY:
    return "Out of memory";
  case EAI_SYSTEM:
    return "System error (see errno)";
  case EAI_OVERFLOW:
    return "Buffer too small for the answer";
  default:
    return "Unknown name lookup error";
  }
}
