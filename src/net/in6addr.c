/* The two IPv6 addresses POSIX names as objects: the wildcard (::) for
 * binding to every address and the loopback (::1). */
#include <netinet/in.h>

const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;
