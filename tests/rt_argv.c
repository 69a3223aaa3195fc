/* argv arrives intact: the host's arguments become main's argc/argv, with
 * argv[argc] a null pointer as C requires. */
// P3NET-ARGS: alpha beta 42
#include "check.h"

int main(int argc, char **argv) {
  CHECK(argc == 4);
  if (argc != 4)
    CHECK_DONE();
  CHECK(argv[0] != NULL && argv[0][0] != '\0');
  CHECK(strcmp(argv[1], "alpha") == 0);
  CHECK(strcmp(argv[2], "beta") == 0);
  CHECK(strcmp(argv[3], "42") == 0);
  CHECK(argv[4] == NULL);
  printf("argv[0] = %s\n", argv[0]);
  CHECK_DONE();
}
