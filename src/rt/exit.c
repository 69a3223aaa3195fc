/* _Exit: the end of exit(). wasi-libc's exit() has run atexit handlers
 * and flushed FILEs by now; the streams are finished before the host is
 * told, so no output is lost. */
#include <stdlib.h>
#include <unistd.h>

#include "host/host.h"
#include "rt/stdio.h"

_Noreturn void p3_exit_now(int status) {
  p3_stdio_finish();
  uint8_t code = (uint8_t) (status & 0xff); /* as a Linux wait status keeps it */
  if (code == 0) {
    wasi_cli_exit_result_void_void_t ok = {false};
    HOST(wasi_cli_exit_exit(&ok));
  } else {
    HOST(wasi_cli_exit_exit_with_code(code));
  }
  __builtin_unreachable();
}

_Noreturn void _Exit(int status) {
  p3_exit_now(status);
}

_Noreturn void _exit(int status) {
  p3_exit_now(status);
}
