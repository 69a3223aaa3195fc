/* Files: open/read/write 1 MiB with a checksum, lseek, pread/pwrite,
 * O_APPEND, ftruncate, stat fields, directories, names and their errnos,
 * chdir/getcwd, realpath, dup sharing the offset. The directory to work
 * in is the argument (a fresh one per run). */
// P3NET-DIR: tmp
// P3NET-ARGS: @DIR@
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"
#include "fs_util.h"

static uint32_t sum(const unsigned char *p, size_t n, uint32_t h) {
  for (size_t i = 0; i < n; i++)
    h = (h ^ p[i]) * 16777619u;
  return h;
}

static void big_file(void) {
  enum { SIZE = 1 << 20 };
  unsigned char *data = malloc(SIZE), *back = malloc(SIZE);
  CHECK(data && back);
  if (!data || !back)
    return;
  for (size_t i = 0; i < SIZE; i++)
    data[i] = (unsigned char) (i * 2654435761u >> 13);
  int fd = open(at("big"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  /* odd-sized writes, so no write lines up with the next */
  size_t off = 0, step = 1;
  while (off < SIZE) {
    size_t n = step < SIZE - off ? step : SIZE - off;
    ssize_t w = write(fd, data + off, n);
    CHECK(w == (ssize_t) n);
    if (w <= 0)
      break;
    off += (size_t) w;
    step = step * 3 + 7;
    if (step > 100000)
      step = 4093;
  }
  CHECK(off == SIZE);
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK(st.st_size == SIZE);
  CHECK(S_ISREG(st.st_mode));
  CHECK_OK(close(fd));

  fd = open(at("big"), O_RDONLY);
  CHECK(fd >= 0);
  off = 0;
  for (;;) {
    ssize_t r = read(fd, back + off, off + 65536 <= SIZE ? 65536 : SIZE - off);
    CHECK(r >= 0);
    if (r <= 0)
      break;
    off += (size_t) r;
  }
  CHECK(off == SIZE);
  CHECK(sum(back, SIZE, 2166136261u) == sum(data, SIZE, 2166136261u));
  char c;
  CHECK(read(fd, &c, 1) == 0); /* the end, and again */
  CHECK(read(fd, &c, 1) == 0);
  /* lseek and pread in the middle */
  CHECK(lseek(fd, 1000, SEEK_SET) == 1000);
  CHECK(read(fd, back, 10) == 10 && !memcmp(back, data + 1000, 10));
  CHECK(lseek(fd, 0, SEEK_CUR) == 1010);
  CHECK(lseek(fd, -10, SEEK_END) == SIZE - 10);
  CHECK(read(fd, back, 100) == 10 && !memcmp(back, data + SIZE - 10, 10));
  CHECK(pread(fd, back, 5, 77) == 5 && !memcmp(back, data + 77, 5));
  CHECK(lseek(fd, 0, SEEK_CUR) == SIZE); /* pread moved nothing */
  CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
  CHECK_ERR(lseek(fd, 0, 99), EINVAL);
  CHECK_ERR(write(fd, "x", 1), EBADF); /* opened O_RDONLY */
  CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
  struct pollfd p = {fd, POLLIN | POLLOUT, 0};
  CHECK(poll(&p, 1, 0) == 1 && p.revents == (POLLIN | POLLOUT));
  CHECK_OK(close(fd));
  free(data);
  free(back);
}

static void small_ops(void) {
  char buf[64];
  int fd = open(at("small"), O_RDWR | O_CREAT | O_EXCL, 0600);
  CHECK(fd >= 0);
  CHECK_ERR(open(at("small"), O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
  CHECK(write(fd, "hello world", 11) == 11);
  CHECK(pwrite(fd, "W", 1, 6) == 1);
  CHECK(pread(fd, buf, sizeof buf, 0) == 11 && !memcmp(buf, "hello World", 11));
  /* read after write sees the bytes, from the shared position */
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  CHECK(read(fd, buf, 5) == 5 && !memcmp(buf, "hello", 5));
  /* a dup shares the open file description and so the position */
  int fd2 = dup(fd);
  CHECK(fd2 >= 0);
  CHECK(lseek(fd2, 0, SEEK_CUR) == 5);
  CHECK(read(fd2, buf, 6) == 6 && !memcmp(buf, " World", 6));
  CHECK(lseek(fd, 0, SEEK_CUR) == 11);
  CHECK_OK(close(fd2));
  CHECK_OK(ftruncate(fd, 4));
  struct stat st;
  CHECK_OK(fstat(fd, &st));
  CHECK(st.st_size == 4);
  CHECK(lseek(fd, 0, SEEK_END) == 4);
  CHECK_ERR(ftruncate(fd, -1), EINVAL);
  CHECK_OK(fsync(fd));
  CHECK_OK(fdatasync(fd));
  CHECK_OK(close(fd));
  CHECK_ERR(close(fd), EBADF);

  /* O_APPEND: every write lands at the end, whatever the position */
  fd = open(at("log"), O_WRONLY | O_CREAT | O_APPEND, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "one\n", 4) == 4);
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  CHECK(write(fd, "two\n", 4) == 4);
  CHECK(lseek(fd, 0, SEEK_CUR) == 8);
  CHECK((fcntl(fd, F_GETFL) & (O_APPEND | O_ACCMODE)) == (O_APPEND | O_WRONLY));
  CHECK_ERR(read(fd, buf, 1), EBADF);
  CHECK_OK(close(fd));
  fd = open(at("log"), O_RDONLY);
  CHECK(read(fd, buf, sizeof buf) == 8 && !memcmp(buf, "one\ntwo\n", 8));
  CHECK_OK(close(fd));
  /* O_TRUNC empties */
  fd = open(at("log"), O_WRONLY | O_TRUNC);
  CHECK_OK(fstat(fd, &st));
  CHECK(st.st_size == 0);
  CHECK_OK(close(fd));
}

static int listed(const char *path, const char *name, unsigned char *type) {
  DIR *d = opendir(path);
  CHECK(d != NULL);
  if (!d)
    return 0;
  int found = 0, dots = 0;
  struct dirent *e;
  errno = 0;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      dots++;
    if (!strcmp(e->d_name, name)) {
      found++;
      *type = e->d_type;
    }
  }
  CHECK(errno == 0);
  CHECK(dots == 2);
  /* rewinddir starts the listing again */
  rewinddir(d);
  int again = 0;
  while ((e = readdir(d)))
    again += !strcmp(e->d_name, name);
  CHECK(again == found);
  CHECK(dirfd(d) >= 0);
  CHECK_OK(closedir(d));
  return found;
}

static void names(void) {
  struct stat st;
  unsigned char t = 0;
  CHECK_OK(mkdir(at("sub"), 0755));
  CHECK_ERR(mkdir(at("sub"), 0755), EEXIST);
  CHECK_OK(stat(at("sub"), &st));
  CHECK(S_ISDIR(st.st_mode));
  int fd = open(at("sub/f"), O_WRONLY | O_CREAT, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "abc", 3) == 3);
  CHECK_OK(close(fd));
  CHECK(listed(fs_dir, "sub", &t) == 1 && t == DT_DIR);
  CHECK(listed(at("sub"), "f", &t) == 1 && t == DT_REG);
  CHECK_ERR(rmdir(at("sub")), ENOTEMPTY);
  CHECK_ERR(opendir(at("sub/f")) ? 0 : -1, ENOTDIR);
  CHECK_ERR(open(at("sub/f"), O_RDONLY | O_DIRECTORY), ENOTDIR);
  CHECK_ERR(open(at("missing"), O_RDONLY), ENOENT);
  CHECK_ERR(stat(at("missing"), &st), ENOENT);
  CHECK_ERR(unlink(at("missing")), ENOENT);
  CHECK_ERR(access(at("missing"), F_OK), ENOENT);
  CHECK_OK(access(at("sub/f"), R_OK | W_OK));
  CHECK_OK(rename(at("sub/f"), at("sub/g")));
  CHECK_ERR(stat(at("sub/f"), &st), ENOENT);
  CHECK_OK(stat(at("sub/g"), &st));
  CHECK(st.st_size == 3 && S_ISREG(st.st_mode) && st.st_nlink == 1);
  /* the same file has the same st_ino however it is reached */
  fd = open(at("sub/g"), O_RDONLY);
  struct stat fst;
  CHECK_OK(fstat(fd, &fst));
  CHECK(fst.st_ino == st.st_ino && fst.st_dev == st.st_dev);
  /* a file relative to a directory fd */
  int dfd = open(at("sub"), O_RDONLY | O_DIRECTORY);
  CHECK(dfd >= 0);
  int rfd = openat(dfd, "g", O_RDONLY);
  CHECK(rfd >= 0);
  char buf[8];
  CHECK(read(rfd, buf, sizeof buf) == 3 && !memcmp(buf, "abc", 3));
  CHECK_OK(fstatat(dfd, "g", &st, 0));
  CHECK(st.st_size == 3);
  CHECK_ERR(openat(fd, "g", O_RDONLY), ENOTDIR); /* fd is not a directory */
  CHECK_ERR(read(dfd, buf, 1), EISDIR);
  CHECK_OK(close(rfd));
  CHECK_OK(close(dfd));
  CHECK_OK(close(fd));
  CHECK_OK(unlink(at("sub/g")));
  CHECK_OK(rmdir(at("sub")));
  CHECK_ERR(rmdir(at("sub")), ENOENT);
}

static int not_dot(const struct dirent *e) {
  return e->d_name[0] != '.';
}

static void vectors_and_scandir(void) {
  int fd = open(at("v"), O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  struct iovec w[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};
  CHECK(pwritev(fd, w, 3, 10) == 6);
  char x[3] = {0}, y[4] = {0};
  struct iovec r[2] = {{x, 3}, {y, 4}};
  CHECK(preadv(fd, r, 2, 10) == 6 && !memcmp(x, "abc", 3) && !memcmp(y, "def", 3));
  CHECK(lseek(fd, 0, SEEK_CUR) == 0); /* neither moves the position */
  volatile int bad_count = -1;        /* hidden from the compiler's own check */
  CHECK_ERR(preadv(fd, r, bad_count, 0), EINVAL);
  CHECK_OK(close(fd));
  fd = open(at("w"), O_WRONLY | O_CREAT, 0644);
  CHECK_OK(close(fd));
  struct dirent **list;
  int n = scandir(fs_dir, &list, not_dot, alphasort);
  CHECK(n >= 2);
  int v = -1, wi = -1;
  for (int i = 0; i < n; i++) {
    if (!strcmp(list[i]->d_name, "v"))
      v = i;
    if (!strcmp(list[i]->d_name, "w"))
      wi = i;
    CHECK(list[i]->d_name[0] != '.');
    if (i)
      CHECK(strcmp(list[i - 1]->d_name, list[i]->d_name) < 0);
  }
  CHECK(v >= 0 && wi == v + 1);
  for (int i = 0; i < n; i++)
    free(list[i]);
  free(list);
  CHECK(scandir(at("missing"), &list, NULL, NULL) == -1 && errno == ENOENT);
  CHECK_OK(unlink(at("v")));
  CHECK_OK(unlink(at("w")));
}

static void cwd(void) {
  char buf[PATH_MAX], *r;
  CHECK_OK(chdir(fs_dir));
  CHECK(getcwd(buf, sizeof buf) && !strcmp(buf, fs_dir));
  CHECK(getcwd(buf, 2) == NULL && errno == ERANGE);
  int fd = open("rel", O_WRONLY | O_CREAT, 0644); /* relative to the cwd */
  CHECK(fd >= 0);
  CHECK_OK(close(fd));
  CHECK_OK(access(at("rel"), F_OK));
  CHECK((r = realpath("./rel", buf)) && !strcmp(buf, at("rel")));
  CHECK(realpath("nothing-here", buf) == NULL && errno == ENOENT);
  CHECK_ERR(chdir(at("rel")), ENOTDIR);
  CHECK_OK(unlink("rel"));
}

int main(int argc, char **argv) {
  if (!fs_setup(argc, argv))
    return 1;
  big_file();
  small_ops();
  names();
  vectors_and_scandir();
  cwd();
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  CHECK(s >= 0);
  CHECK_ERR(lseek(s, 0, SEEK_CUR), ESPIPE); /* sockets have no position */
  CHECK_ERR(pread(s, fs_dir, 1, 0), ESPIPE);
  struct stat st;
  CHECK_OK(fstat(s, &st));
  CHECK(S_ISSOCK(st.st_mode) && !S_ISFIFO(st.st_mode));
  CHECK_ERR(fsync(s), EINVAL);
  CHECK_OK(close(s));
  CHECK_DONE();
}
