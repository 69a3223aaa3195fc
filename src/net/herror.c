/* h_errno, herror and hstrerror: the error of the last hostent call. One
 * variable (p3net is single-threaded), reached through the function glibc
 * declares for it. The texts are p3net's own wording. */
#include <netdb.h>
#include <stdio.h>

static int last_h_errno;

int *__h_errno_location(void) {
  return &last_h_errno;
}

const char *hstrerror(int err) {
  switch (err) {
  case NETDB_INTERNAL:
    return "Internal resolver error (see errno)";
  case NETDB_SUCCESS:
    return "No resolver error";
  case HOST_NOT_FOUND:
    return "Unknown host";
  case TRY_AGAIN:
    return "Host name lookup failed for now; try again";
  case NO_RECOVERY:
    return "Unrecoverable name lookup error";
  case NO_DATA:
    return "No address associated with name";
  default:
    return "Unknown resolver error";
  }
}

void herror(const char *s) {
  if (s && *s)
    fprintf(stderr, "%s: %s\n", s, hstrerror(h_errno));
  else
    fprintf(stderr, "%s\n", hstrerror(h_errno));
}
