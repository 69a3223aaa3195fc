/* p3net's sigset_t, in place of the sysroot's one-byte placeholder (which
 * holds 8 of the 64 signals): 128 bytes, as glibc's, one bit per signal
 * from bit 0 (signal 1) up. The guard is the sysroot's, so its headers
 * declare no second sigset_t. */
#ifndef __wasilibc___typedef_sigset_t_h
#define __wasilibc___typedef_sigset_t_h

typedef struct {
  unsigned long __bits[128 / sizeof(unsigned long)];
} sigset_t;

#endif
