/* Hard and symbolic links, readlink, lstat against stat, and file times
 * (utimensat, futimens, utimes, UTIME_OMIT). */
// P3NET-DIR: tmp
// P3NET-ARGS: @DIR@
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include "check.h"
#include "fs_util.h"

int main(int argc, char **argv) {
  if (!fs_setup(argc, argv))
    return 1;
  int fd = open(at("a"), O_WRONLY | O_CREAT, 0644);
  CHECK(fd >= 0 && write(fd, "data", 4) == 4);
  CHECK_OK(close(fd));

  struct stat st, lst;
  CHECK_OK(link(at("a"), at("b")));
  CHECK_OK(stat(at("b"), &st));
  CHECK(st.st_nlink == 2 && st.st_size == 4);
  CHECK_ERR(link(at("a"), at("b")), EEXIST);
  CHECK_ERR(link(at("none"), at("c")), ENOENT);

  CHECK_OK(symlink("a", at("s")));
  char t[64];
  ssize_t n = readlink(at("s"), t, sizeof t);
  CHECK(n == 1 && t[0] == 'a');
  CHECK(readlink(at("s"), t, 0) == -1 && errno == EINVAL);
  CHECK_ERR(readlink(at("a"), t, sizeof t), EINVAL); /* not a symlink */
  CHECK_OK(lstat(at("s"), &lst));
  CHECK(S_ISLNK(lst.st_mode));
  CHECK_OK(stat(at("s"), &st));
  CHECK(S_ISREG(st.st_mode) && st.st_size == 4);
  fd = open(at("s"), O_RDONLY);
  CHECK(fd >= 0 && read(fd, t, sizeof t) == 4 && !memcmp(t, "data", 4));
  CHECK_OK(close(fd));
  CHECK_ERR(open(at("s"), O_RDONLY | O_NOFOLLOW), ELOOP);

  /* times: set, read back, leave one alone */
  struct timespec ts[2] = {{1000000000, 5000}, {1200000000, 0}};
  CHECK_OK(utimensat(AT_FDCWD, at("a"), ts, 0));
  CHECK_OK(stat(at("a"), &st));
  CHECK(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 1200000000);
  struct timespec omit[2] = {{0, UTIME_OMIT}, {1300000000, 0}};
  fd = open(at("a"), O_RDWR);
  CHECK_OK(futimens(fd, omit));
  CHECK_OK(fstat(fd, &st));
  CHECK(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 1300000000);
  CHECK_OK(close(fd));
  struct timeval tv[2] = {{1400000000, 0}, {1500000000, 0}};
  CHECK_OK(utimes(at("b"), tv));
  CHECK_OK(stat(at("a"), &st)); /* b is a itself */
  CHECK(st.st_mtim.tv_sec == 1500000000);
  struct utimbuf ub = {1600000000, 1700000000};
  CHECK_OK(utime(at("a"), &ub));
  CHECK_OK(stat(at("a"), &st));
  CHECK(st.st_atim.tv_sec == 1600000000 && st.st_mtim.tv_sec == 1700000000);
  struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
  CHECK_ERR(utimensat(AT_FDCWD, at("a"), bad, 0), EINVAL);

  CHECK_OK(unlink(at("s")));
  CHECK_OK(unlink(at("b")));
  CHECK_OK(stat(at("a"), &st));
  CHECK(st.st_nlink == 1);
  CHECK_OK(unlink(at("a")));
  CHECK_DONE();
}
