/* Force-included into every p3net source compiled for the simulator. Where
 * glibc's headers and p3net's definitions disagree, glibc's declarations are
 * read first under their own names and p3net's are then kept apart, so the
 * sources compile unchanged (nothing of p3net is copied here):
 *  - ioctl: glibc declares ioctl(int, unsigned long, ...), p3net defines the
 *    musl-shaped ioctl(int, int, ...). p3net's is renamed; sim/glue.c
 *    defines the glibc-shaped ioctl that forwards to it.
 *  - htons/ntohs/htonl/ntohl: glibc makes them macros when optimizing,
 *    which would turn p3net's definitions into redefinitions of
 *    __bswap_16/32. Undefined here, so p3net's functions are compiled and
 *    used. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#undef htons
#undef ntohs
#undef htonl
#undef ntohl
#define ioctl p3sim_p3net_ioctl
#define _DIR __dirstream /* p3net defines struct _DIR, glibc names DIR struct __dirstream */
/* LeakSanitizer calls sched_yield while it has stopped the world: p3net's
 * (which runs the host) must not interpose glibc's there. */
#define sched_yield p3sim_p3net_sched_yield
