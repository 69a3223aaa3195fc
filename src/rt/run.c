/* The component's entry: wasi:cli/run@0.3.0#run, lifted synchronously so
 * that main() may block in waitable-set.wait. It builds argv from the
 * host's arguments, runs main, and turns its status into the run result. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "rt/stdio.h"

/* clang names main(int, char **) __main_argc_argv on wasm and leaves
 * main(void) as main; a program defines one of them. */
int __main_argc_argv(int argc, char **argv) __attribute__((weak));
int main(void) __attribute__((weak));
/* wasi-libc: runs atexit handlers and flushes stdio FILEs. */
void __wasm_call_dtors(void);
void __wasm_call_ctors(void);

_Noreturn void p3_exit_now(int status);

static char **make_argv(int *argc) {
  command_list_string_t args;
  HOST(wasi_cli_environment_get_arguments(&args));
  char **argv = calloc(args.len + 1, sizeof *argv);
  if (!argv)
    abort();
  for (size_t i = 0; i < args.len; i++) {
    argv[i] = malloc(args.ptr[i].len + 1);
    if (!argv[i])
      abort();
    memcpy(argv[i], args.ptr[i].ptr, args.ptr[i].len);
    argv[i][args.ptr[i].len] = 0;
  }
  command_list_string_free(&args);
  *argc = (int) args.len;
  return argv;
}

bool exports_wasi_cli_run_run(void) {
  __wasm_call_ctors();
  int argc;
  char **argv = make_argv(&argc);
  /* glibc's names for the program's name (syslog's default ident). */
  if (argc > 0) {
    const char *slash = strrchr(argv[0], '/');
    program_invocation_name = argv[0];
    program_invocation_short_name = slash ? (char *) slash + 1 : argv[0];
  }
  int status = __main_argc_argv ? __main_argc_argv(argc, argv) : main();
  __wasm_call_dtors();
  /* A status other than 0 leaves through exit-with-code, so the host sees
   * the program's own code (42 stays 42), as a shell would. */
  if (status & 0xff)
    p3_exit_now(status);
  p3_stdio_finish();
  return true;
}
