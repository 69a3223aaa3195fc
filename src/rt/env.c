/* getenv on wasi:cli/environment. The environment is fetched once, on the
 * first call, and kept as NAME=VALUE strings as C programs expect. */
#include <stdlib.h>
#include <string.h>

#include "host/host.h"

static char **vars;
static size_t nvars;
static int fetched;

static void fetch(void) {
  fetched = 1;
  command_list_tuple2_string_string_t env;
  HOST(wasi_cli_environment_get_environment(&env));
  vars = calloc(env.len + 1, sizeof *vars);
  for (size_t i = 0; vars && i < env.len; i++) {
    command_string_t k = env.ptr[i].f0, v = env.ptr[i].f1;
    char *s = malloc(k.len + v.len + 2);
    if (!s)
      break;
    memcpy(s, k.ptr, k.len);
    s[k.len] = '=';
    memcpy(s + k.len + 1, v.ptr, v.len);
    s[k.len + 1 + v.len] = 0;
    vars[nvars++] = s;
  }
  command_list_tuple2_string_string_free(&env);
}

char *getenv(const char *name) {
  if (!fetched)
    fetch();
  size_t n = name ? strlen(name) : 0;
  if (!n || strchr(name, '='))
    return NULL;
  for (size_t i = 0; i < nvars; i++)
    if (!strncmp(vars[i], name, n) && vars[i][n] == '=')
      return vars[i] + n + 1;
  return NULL;
}

char *secure_getenv(const char *name) {
  return getenv(name);
}
