/* getenv, setenv, unsetenv, putenv, clearenv on wasi:cli/environment. The environment is
 * fetched once, on the first call, and kept as NAME=VALUE strings as C
 * programs expect; changes stay in the component. */
#include <errno.h>
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

static int bad_name(const char *name) {
  if (!name || !*name || strchr(name, '=')) {
    errno = EINVAL;
    return 1;
  }
  return 0;
}

static size_t find(const char *name, size_t n) {
  for (size_t i = 0; i < nvars; i++)
    if (!strncmp(vars[i], name, n) && vars[i][n] == '=')
      return i;
  return nvars;
}

int setenv(const char *name, const char *value, int overwrite) {
  if (bad_name(name))
    return -1;
  if (!fetched)
    fetch();
  size_t n = strlen(name), i = find(name, n);
  if (i < nvars && !overwrite)
    return 0;
  size_t vl = value ? strlen(value) : 0;
  char *s = malloc(n + vl + 2);
  if (!s || (i == nvars && !(vars = realloc(vars, (nvars + 2) * sizeof *vars)))) {
    free(s);
    errno = ENOMEM;
    return -1;
  }
  memcpy(s, name, n);
  s[n] = '=';
  if (vl)
    memcpy(s + n + 1, value, vl);
  s[n + 1 + vl] = 0;
  if (i < nvars) {
    free(vars[i]);
  } else {
    nvars++;
    vars[nvars] = NULL;
  }
  vars[i] = s;
  return 0;
}

int unsetenv(const char *name) {
  if (bad_name(name))
    return -1;
  if (!fetched)
    fetch();
  size_t n = strlen(name), i = find(name, n);
  if (i < nvars) {
    free(vars[i]);
    vars[i] = vars[--nvars];
    vars[nvars] = NULL;
  }
  return 0;
}

/* POSIX lets putenv keep the caller's string; p3net keeps a copy, which
 * gives the same lookups and lets every entry be freed alike. */
int putenv(char *entry) {
  const char *eq = entry ? strchr(entry, '=') : NULL;
  if (!eq) /* glibc: a name alone removes it */
    return entry && *entry ? unsetenv(entry) : (errno = EINVAL, -1);
  size_t n = (size_t) (eq - entry);
  char name[256];
  if (n == 0 || n >= sizeof name) {
    errno = EINVAL;
    return -1;
  }
  memcpy(name, entry, n);
  name[n] = 0;
  return setenv(name, eq + 1, 1);
}

int clearenv(void) {
  if (!fetched)
    fetched = 1; /* nothing of the host's is wanted any more */
  for (size_t i = 0; i < nvars; i++)
    free(vars[i]);
  nvars = 0;
  if (vars)
    vars[0] = NULL;
  return 0;
}

char *secure_getenv(const char *name) {
  return getenv(name);
}
