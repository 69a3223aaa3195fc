/* Process and user identity. A component is one process with no parent it
 * can see and no user account, so the answers are fixed: pid 1 (the only
 * process, as the first process of a container), parent 0 (none), and
 * user and group 65534, Linux's "nobody"/"nogroup" (the ids of an unmapped
 * user: a component holds no privilege, and programs that check for root
 * before dropping privileges see that they have none). */
#include <unistd.h>

#include "libc/libc.h"

pid_t getpid(void) {
  return P3_PID;
}

pid_t getppid(void) {
  return P3_PPID;
}

uid_t getuid(void) {
  return P3_UID;
}

uid_t geteuid(void) {
  return P3_UID;
}

gid_t getgid(void) {
  return P3_GID;
}

gid_t getegid(void) {
  return P3_GID;
}
