/* p3net <errno.h>: the sysroot's errno names and values (WASI's numbering),
 * plus every Linux errno WASI lacks. Those take Linux's number where WASI's
 * numbering leaves it free (77 and up); the ones below 77, whose Linux
 * number WASI already uses for another error, take 200 plus it (Linux uses
 * no number above 133). Programs compare errno with names, never numbers,
 * so every name stays distinct; strerror (src/libc/strerror.c) has a text
 * for each. */
#ifndef P3NET_ERRNO_H
#define P3NET_ERRNO_H

#include_next <errno.h>

#ifndef EDEADLOCK
#define EDEADLOCK EDEADLK
#endif
/* Linux's number is taken by WASI: 200 + Linux's number. */
#ifndef ENOTBLK
#define ENOTBLK 215
#endif
#ifndef ECHRNG
#define ECHRNG 244
#endif
#ifndef EL2NSYNC
#define EL2NSYNC 245
#endif
#ifndef EL3HLT
#define EL3HLT 246
#endif
#ifndef EL3RST
#define EL3RST 247
#endif
#ifndef ELNRNG
#define ELNRNG 248
#endif
#ifndef EUNATCH
#define EUNATCH 249
#endif
#ifndef ENOCSI
#define ENOCSI 250
#endif
#ifndef EL2HLT
#define EL2HLT 251
#endif
#ifndef EBADE
#define EBADE 252
#endif
#ifndef EBADR
#define EBADR 253
#endif
#ifndef EXFULL
#define EXFULL 254
#endif
#ifndef ENOANO
#define ENOANO 255
#endif
#ifndef EBADRQC
#define EBADRQC 256
#endif
#ifndef EBADSLT
#define EBADSLT 257
#endif
#ifndef EBFONT
#define EBFONT 259
#endif
#ifndef ENOSTR
#define ENOSTR 260
#endif
#ifndef ENODATA
#define ENODATA 261
#endif
#ifndef ETIME
#define ETIME 262
#endif
#ifndef ENOSR
#define ENOSR 263
#endif
#ifndef ENONET
#define ENONET 264
#endif
#ifndef ENOPKG
#define ENOPKG 265
#endif
#ifndef EREMOTE
#define EREMOTE 266
#endif
#ifndef EADV
#define EADV 268
#endif
#ifndef ESRMNT
#define ESRMNT 269
#endif
#ifndef ECOMM
#define ECOMM 270
#endif
#ifndef EDOTDOT
#define EDOTDOT 273
#endif
#ifndef ENOTUNIQ
#define ENOTUNIQ 276
#endif
/* Linux's own number. */
#ifndef EBADFD
#define EBADFD 77
#endif
#ifndef EREMCHG
#define EREMCHG 78
#endif
#ifndef ELIBACC
#define ELIBACC 79
#endif
#ifndef ELIBBAD
#define ELIBBAD 80
#endif
#ifndef ELIBSCN
#define ELIBSCN 81
#endif
#ifndef ELIBMAX
#define ELIBMAX 82
#endif
#ifndef ELIBEXEC
#define ELIBEXEC 83
#endif
#ifndef ERESTART
#define ERESTART 85
#endif
#ifndef ESTRPIPE
#define ESTRPIPE 86
#endif
#ifndef EUSERS
#define EUSERS 87
#endif
#ifndef ESOCKTNOSUPPORT
#define ESOCKTNOSUPPORT 94
#endif
#ifndef EPFNOSUPPORT
#define EPFNOSUPPORT 96
#endif
#ifndef ESHUTDOWN
#define ESHUTDOWN 108
#endif
#ifndef ETOOMANYREFS
#define ETOOMANYREFS 109
#endif
#ifndef EHOSTDOWN
#define EHOSTDOWN 112
#endif
#ifndef EUCLEAN
#define EUCLEAN 117
#endif
#ifndef ENOTNAM
#define ENOTNAM 118
#endif
#ifndef ENAVAIL
#define ENAVAIL 119
#endif
#ifndef EISNAM
#define EISNAM 120
#endif
#ifndef EREMOTEIO
#define EREMOTEIO 121
#endif
#ifndef ENOMEDIUM
#define ENOMEDIUM 123
#endif
#ifndef EMEDIUMTYPE
#define EMEDIUMTYPE 124
#endif
#ifndef ENOKEY
#define ENOKEY 126
#endif
#ifndef EKEYEXPIRED
#define EKEYEXPIRED 127
#endif
#ifndef EKEYREVOKED
#define EKEYREVOKED 128
#endif
#ifndef EKEYREJECTED
#define EKEYREJECTED 129
#endif
#ifndef ERFKILL
#define ERFKILL 132
#endif
#ifndef EHWPOISON
#define EHWPOISON 133
#endif

#endif
