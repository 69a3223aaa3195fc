/* Advisory locks on files (fcntl F_SETLK/F_GETLK, flock): granted within
 * the process with Linux's argument checks; and O_APPEND switched on and
 * off by fcntl(F_SETFL). */
// P3NET-DIR: tmp
// P3NET-ARGS: @DIR@
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "fs_util.h"

int main(int argc, char **argv) {
  if (!fs_setup(argc, argv))
    return 1;
  int fd = open(at("db"), O_RDWR | O_CREAT, 0644);
  CHECK(fd >= 0);
  struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
  CHECK_OK(fcntl(fd, F_SETLK, &lk));
  CHECK_OK(fcntl(fd, F_SETLKW, &lk));
  lk.l_type = F_RDLCK;
  CHECK_OK(fcntl(fd, F_GETLK, &lk));
  CHECK(lk.l_type == F_UNLCK); /* a process never conflicts with itself */
  lk.l_type = 99;
  CHECK_ERR(fcntl(fd, F_SETLK, &lk), EINVAL);
  lk.l_type = F_UNLCK;
  CHECK_OK(fcntl(fd, F_SETLK, &lk));
  CHECK_OK(flock(fd, LOCK_EX | LOCK_NB));
  CHECK_OK(flock(fd, LOCK_SH));
  CHECK_OK(flock(fd, LOCK_UN));
  CHECK_ERR(flock(fd, 0), EINVAL);
  CHECK_ERR(flock(12345, LOCK_EX), EBADF);

  /* a read lock needs read access, a write lock write access */
  int wo = open(at("db"), O_WRONLY);
  struct flock rd = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
  CHECK_ERR(fcntl(wo, F_SETLK, &rd), EBADF);
  int ro = open(at("db"), O_RDONLY);
  struct flock wr = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  CHECK_ERR(fcntl(ro, F_SETLK, &wr), EBADF);
  CHECK_OK(fcntl(ro, F_SETLK, &rd));
  CHECK_OK(close(ro));

  /* O_APPEND on and off */
  CHECK(write(wo, "ab", 2) == 2);
  CHECK_OK(fcntl(wo, F_SETFL, fcntl(wo, F_GETFL) | O_APPEND));
  CHECK(fcntl(wo, F_GETFL) & O_APPEND);
  CHECK(lseek(wo, 0, SEEK_SET) == 0);
  CHECK(write(wo, "cd", 2) == 2);
  CHECK(lseek(wo, 0, SEEK_CUR) == 4);
  CHECK_OK(fcntl(wo, F_SETFL, fcntl(wo, F_GETFL) & ~O_APPEND));
  CHECK(lseek(wo, 0, SEEK_SET) == 0);
  CHECK(write(wo, "X", 1) == 1);
  char buf[8] = {0};
  CHECK(pread(fd, buf, sizeof buf, 0) == 4 && !memcmp(buf, "Xbcd", 4));
  CHECK_OK(close(wo));
  CHECK_OK(close(fd));
  CHECK_OK(unlink(at("db")));
  CHECK_DONE();
}
