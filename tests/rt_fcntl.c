/* fcntl on sockets: F_GETFL/F_SETFL carry O_NONBLOCK (and nothing else a
 * program can set), F_GETFD/F_SETFD carry FD_CLOEXEC, SOCK_NONBLOCK and
 * SOCK_CLOEXEC set them at birth; bad fds and commands fail as on Linux. */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  int t = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  CHECK(s >= 0 && t >= 0);

  CHECK(!(fcntl(s, F_GETFL) & O_NONBLOCK));
  CHECK(fcntl(t, F_GETFL) & O_NONBLOCK);
  CHECK(fcntl(s, F_GETFD) == 0);
  CHECK(fcntl(t, F_GETFD) == FD_CLOEXEC);

  CHECK_OK(fcntl(s, F_SETFD, FD_CLOEXEC));
  CHECK(fcntl(s, F_GETFD) == FD_CLOEXEC);
  CHECK_OK(fcntl(s, F_SETFD, 0));
  CHECK(fcntl(s, F_GETFD) == 0);

  int fl = fcntl(s, F_GETFL);
  CHECK(fl >= 0);
  CHECK_OK(fcntl(s, F_SETFL, fl | O_NONBLOCK));
  CHECK(fcntl(s, F_GETFL) & O_NONBLOCK);
  CHECK_OK(fcntl(s, F_SETFL, fl & ~O_NONBLOCK));
  CHECK(!(fcntl(s, F_GETFL) & O_NONBLOCK));
  CHECK((fcntl(s, F_GETFL) & O_ACCMODE) == O_RDWR);

  CHECK_ERR(fcntl(99, F_GETFL), EBADF);
  CHECK_ERR(fcntl(-1, F_GETFD), EBADF);
  CHECK_ERR(fcntl(s, 12345), EINVAL);

  close(s);
  close(t);
  CHECK_DONE();
}
