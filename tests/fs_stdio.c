/* stdio FILE* on files: fopen modes, fprintf/fgets line reading, fread/
 * fwrite, fseek/ftell/rewind, "a" appends, fdopen, fflush, remove,
 * tmpfile (TMPDIR points into the run's directory). */
// P3NET-DIR: tmp
// P3NET-ARGS: @DIR@
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fs_util.h"

int main(int argc, char **argv) {
  if (!fs_setup(argc, argv))
    return 1;

  /* a config file, written and read line by line */
  FILE *f = fopen(at("app.conf"), "w");
  CHECK(f != NULL);
  if (!f)
    return 1;
  for (int i = 0; i < 500; i++)
    CHECK(fprintf(f, "key%d = value %d\n", i, i * 7) > 0);
  CHECK(fclose(f) == 0);
  f = fopen(at("app.conf"), "r");
  CHECK(f != NULL);
  char line[128];
  int n = 0, bad = 0;
  while (fgets(line, sizeof line, f)) {
    int k, v;
    if (sscanf(line, "key%d = value %d", &k, &v) != 2 || k != n || v != n * 7)
      bad++;
    n++;
  }
  CHECK(n == 500 && bad == 0);
  CHECK(feof(f) && !ferror(f));
  /* seek and tell */
  CHECK(fseek(f, 0, SEEK_END) == 0);
  long size = ftell(f);
  struct stat st;
  CHECK_OK(stat(at("app.conf"), &st));
  CHECK(size == st.st_size && size > 5000);
  CHECK(fseek(f, 3, SEEK_SET) == 0);
  CHECK(fgetc(f) == '0' && ftell(f) == 4);
  rewind(f);
  CHECK(fgets(line, sizeof line, f) && !strcmp(line, "key0 = value 0\n"));
  CHECK(fclose(f) == 0);

  /* binary fread/fwrite, and "r+" updates in place */
  unsigned char blk[3000], back[3000];
  for (size_t i = 0; i < sizeof blk; i++)
    blk[i] = (unsigned char) (i * 31 + 7);
  f = fopen(at("blob"), "wb");
  CHECK(f && fwrite(blk, 1, sizeof blk, f) == sizeof blk);
  CHECK(f && fclose(f) == 0);
  f = fopen(at("blob"), "r+b");
  CHECK(f != NULL);
  CHECK(fseek(f, 100, SEEK_SET) == 0 && fwrite("XYZ", 1, 3, f) == 3);
  CHECK(fflush(f) == 0);
  rewind(f);
  CHECK(fread(back, 1, sizeof back, f) == sizeof back);
  blk[100] = 'X', blk[101] = 'Y', blk[102] = 'Z';
  CHECK(!memcmp(back, blk, sizeof blk));
  CHECK(fclose(f) == 0);

  /* "a" appends; "x" refuses an existing file */
  f = fopen(at("log"), "a");
  CHECK(f && fputs("first\n", f) >= 0 && fclose(f) == 0);
  f = fopen(at("log"), "a+");
  CHECK(f && fputs("second\n", f) >= 0);
  CHECK(f && fseek(f, 0, SEEK_SET) == 0);
  CHECK(f && fgets(line, sizeof line, f) && !strcmp(line, "first\n"));
  CHECK(f && fclose(f) == 0);
  errno = 0;
  CHECK(fopen(at("log"), "wx") == NULL && errno == EEXIST);
  errno = 0;
  CHECK(fopen(at("missing"), "r") == NULL && errno == ENOENT);

  /* fdopen on an fd from open */
  int fd = open(at("log"), O_RDONLY);
  CHECK(fd >= 0);
  f = fdopen(fd, "r");
  CHECK(f != NULL);
  CHECK(f && fgets(line, sizeof line, f) && fgets(line, sizeof line, f) &&
        !strcmp(line, "second\n"));
  CHECK(f && fileno(f) == fd);
  CHECK(f && fclose(f) == 0);

  /* remove takes files and empty directories */
  CHECK(remove(at("log")) == 0);
  CHECK_ERR(stat(at("log"), &st), ENOENT);
  CHECK_OK(mkdir(at("d"), 0755));
  CHECK(remove(at("d")) == 0);
  CHECK_ERR(remove(at("d")), ENOENT);

  /* tmpfile: a file nobody can name, gone at close. In the simulator,
   * glibc's stdio reaches the kernel directly: its fdopen cannot take the
   * fd p3net's tmpfile makes, so this part runs on the real targets only. */
#ifndef P3SIM
  CHECK_OK(setenv("TMPDIR", fs_dir, 1));
  f = tmpfile();
  CHECK(f != NULL);
  CHECK(f && fputs("scratch", f) >= 0 && fseek(f, 0, SEEK_SET) == 0);
  CHECK(f && fgets(line, sizeof line, f) && !strcmp(line, "scratch"));
  CHECK(f && fclose(f) == 0);
#endif
  CHECK(remove(at("app.conf")) == 0 && remove(at("blob")) == 0);
  /* nothing left behind, tmpfile's file included */
  DIR *d = opendir(fs_dir);
  CHECK(d != NULL);
  int left = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    left += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
  CHECK(left == 0);
  CHECK(d && closedir(d) == 0);
  CHECK_DONE();
}
