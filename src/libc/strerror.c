/* strerror: a text for every errno name p3net's <errno.h> has, WASI's and
 * the Linux ones it adds (the sysroot's own strerror knows only WASI's, and
 * says "No error information" for the rest). The texts are the customary
 * short descriptions of each error (the words users search for); programs
 * compare numbers, not texts. perror and strerror_r of the
 * sysroot's libc call this strerror. Cases use names only, so the same
 * table also serves glibc's numbering on the simulated host. */
#include <errno.h>
#include <string.h>

static const char *text(int e) {
  switch (e) {
  case 0:
    return "Success";
  case E2BIG:
    return "Argument list too long";
  case EACCES:
    return "Permission denied";
  case EADDRINUSE:
    return "Address already in use";
  case EADDRNOTAVAIL:
    return "Cannot assign requested address";
  case EAFNOSUPPORT:
    return "Address family not supported by protocol";
  case EAGAIN:
    return "Resource temporarily unavailable";
  case EALREADY:
    return "Operation already in progress";
  case EBADF:
    return "Bad file descriptor";
  case EBADMSG:
    return "Bad message";
  case EBUSY:
    return "Device or resource busy";
  case ECANCELED:
    return "Operation canceled";
  case ECHILD:
    return "No child processes";
  case ECONNABORTED:
    return "Connection aborted";
  case ECONNREFUSED:
    return "Connection refused";
  case ECONNRESET:
    return "Connection reset by peer";
  case EDEADLK:
    return "Resource deadlock avoided";
  case EDESTADDRREQ:
    return "Destination address required";
  case EDOM:
    return "Argument out of domain";
  case EDQUOT:
    return "Disk quota exceeded";
  case EEXIST:
    return "File exists";
  case EFAULT:
    return "Bad address";
  case EFBIG:
    return "File too large";
  case EHOSTUNREACH:
    return "No route to host";
  case EIDRM:
    return "Identifier removed";
  case EILSEQ:
    return "Invalid or incomplete multibyte character";
  case EINPROGRESS:
    return "Operation now in progress";
  case EINTR:
    return "Interrupted system call";
  case EINVAL:
    return "Invalid argument";
  case EIO:
    return "Input/output error";
  case EISCONN:
    return "Socket is already connected";
  case EISDIR:
    return "Is a directory";
  case ELOOP:
    return "Too many levels of symbolic links";
  case EMFILE:
    return "Too many open files";
  case EMLINK:
    return "Too many links";
  case EMSGSIZE:
    return "Message too long";
  case EMULTIHOP:
    return "Multihop attempted";
  case ENAMETOOLONG:
    return "File name too long";
  case ENETDOWN:
    return "Network is down";
  case ENETRESET:
    return "Connection reset by network";
  case ENETUNREACH:
    return "Network is unreachable";
  case ENFILE:
    return "Too many open files in system";
  case ENOBUFS:
    return "No buffer space available";
  case ENODEV:
    return "No such device";
  case ENOENT:
    return "No such file or directory";
  case ENOEXEC:
    return "Exec format error";
  case ENOLCK:
    return "No locks available";
  case ENOLINK:
    return "Link has been severed";
  case ENOMEM:
    return "Cannot allocate memory";
  case ENOMSG:
    return "No message of desired type";
  case ENOPROTOOPT:
    return "Protocol not available";
  case ENOSPC:
    return "No space left on device";
  case ENOSYS:
    return "Function not implemented";
  case ENOTCONN:
    return "Transport endpoint is not connected";
  case ENOTDIR:
    return "Not a directory";
  case ENOTEMPTY:
    return "Directory not empty";
  case ENOTRECOVERABLE:
    return "State not recoverable";
  case ENOTSOCK:
    return "Socket operation on non-socket";
  case ENOTSUP:
    return "Operation not supported";
  case ENOTTY:
    return "Inappropriate ioctl for device";
  case ENXIO:
    return "No such device or address";
  case EOVERFLOW:
    return "Value too large for defined data type";
  case EOWNERDEAD:
    return "Owner died";
  case EPERM:
    return "Operation not permitted";
  case EPIPE:
    return "Broken pipe";
  case EPROTO:
    return "Protocol error";
  case EPROTONOSUPPORT:
    return "Protocol not supported";
  case EPROTOTYPE:
    return "Protocol wrong type for socket";
  case ERANGE:
    return "Numerical result out of range";
  case EROFS:
    return "Read-only file system";
  case ESPIPE:
    return "Illegal seek";
  case ESRCH:
    return "No such process";
  case ESTALE:
    return "Stale file handle";
  case ETIMEDOUT:
    return "Connection timed out";
  case ETXTBSY:
    return "Text file busy";
  case EXDEV:
    return "Invalid cross-device link";
#ifdef ENOTCAPABLE
  case ENOTCAPABLE:
    return "Capabilities insufficient";
#endif
  /* The Linux errnos WASI has no number for. */
  case ENOTBLK:
    return "Block device required";
  case ECHRNG:
    return "Channel number out of range";
  case EL2NSYNC:
    return "Level 2 not synchronized";
  case EL3HLT:
    return "Level 3 halted";
  case EL3RST:
    return "Level 3 reset";
  case ELNRNG:
    return "Link number out of range";
  case EUNATCH:
    return "Protocol driver not attached";
  case ENOCSI:
    return "No CSI structure available";
  case EL2HLT:
    return "Level 2 halted";
  case EBADE:
    return "Invalid exchange";
  case EBADR:
    return "Invalid request descriptor";
  case EXFULL:
    return "Exchange full";
  case ENOANO:
    return "No anode";
  case EBADRQC:
    return "Invalid request code";
  case EBADSLT:
    return "Invalid slot";
  case EBFONT:
    return "Bad font file format";
  case ENOSTR:
    return "Device not a stream";
  case ENODATA:
    return "No data available";
  case ETIME:
    return "Timer expired";
  case ENOSR:
    return "Out of streams resources";
  case ENONET:
    return "Machine is not on the network";
  case ENOPKG:
    return "Package not installed";
  case EREMOTE:
    return "Object is remote";
  case EADV:
    return "Advertise error";
  case ESRMNT:
    return "Srmount error";
  case ECOMM:
    return "Communication error on send";
  case EDOTDOT:
    return "RFS specific error";
  case ENOTUNIQ:
    return "Name not unique on network";
  case EBADFD:
    return "File descriptor in bad state";
  case EREMCHG:
    return "Remote address changed";
  case ELIBACC:
    return "Can not access a needed shared library";
  case ELIBBAD:
    return "Accessing a corrupted shared library";
  case ELIBSCN:
    return ".lib section in a.out corrupted";
  case ELIBMAX:
    return "Attempting to link in too many shared libraries";
  case ELIBEXEC:
    return "Cannot exec a shared library directly";
  case ERESTART:
    return "Interrupted system call should be restarted";
  case ESTRPIPE:
    return "Streams pipe error";
  case EUSERS:
    return "Too many users";
  case ESOCKTNOSUPPORT:
    return "Socket type not supported";
  case EPFNOSUPPORT:
    return "Protocol family not supported";
  case ESHUTDOWN:
    return "Cannot send after transport endpoint shutdown";
  case ETOOMANYREFS:
    return "Too many references: cannot splice";
  case EHOSTDOWN:
    return "Host is down";
  case EUCLEAN:
    return "Structure needs cleaning";
  case ENOTNAM:
    return "Not a XENIX named type file";
  case ENAVAIL:
    return "No XENIX semaphores available";
  case EISNAM:
    return "Is a named type file";
  case EREMOTEIO:
    return "Remote I/O error";
  case ENOMEDIUM:
    return "No medium found";
  case EMEDIUMTYPE:
    return "Wrong medium type";
  case ENOKEY:
    return "Required key not available";
  case EKEYEXPIRED:
    return "Key has expired";
  case EKEYREVOKED:
    return "Key has been revoked";
  case EKEYREJECTED:
    return "Key was rejected by service";
  case ERFKILL:
    return "Operation not possible due to RF-kill";
  case EHWPOISON:
    return "Memory page has hardware error";
  default:
    return NULL;
  }
}

char *strerror(int e) {
  const char *t = text(e);
  if (t)
    return (char *) t;
  /* "Unknown error N", as glibc words it. */
  static char unknown[32];
  static const char head[] = "Unknown error ";
  memcpy(unknown, head, sizeof head - 1);
  char digits[12];
  unsigned v = e < 0 ? 0u - (unsigned) e : (unsigned) e;
  int n = 0;
  do
    digits[n++] = (char) ('0' + v % 10);
  while (v /= 10);
  size_t at = sizeof head - 1;
  if (e < 0)
    unknown[at++] = '-';
  while (n)
    unknown[at++] = digits[--n];
  unknown[at] = '\0';
  return unknown;
}
