/* Run by try_run: its status and output must reach CMake. */
#include <stdio.h>

int main(void) {
  printf("ran as a component\n");
  return 3;
}
