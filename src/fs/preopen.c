/* The preopened directories: asked of the host once, on the first path
 * call. Their names become absolute guest paths ("." and "" are "/", "a"
 * is "/a"), so that every path, relative or absolute, resolves the same
 * way: against the working directory, then to the longest preopen that
 * contains it. */
#include <stdlib.h>
#include <string.h>

#include "fs/fs.h"

static struct p3_preopen *table;
static size_t count;
static int asked;

const struct p3_preopen *p3_fs_preopens(size_t *n) {
  if (!asked) {
    asked = 1;
    wasi_filesystem_preopens_list_tuple2_own_descriptor_string_t list;
    HOST(wasi_filesystem_preopens_get_directories(&list));
    table = list.len ? calloc(list.len, sizeof *table) : NULL;
    for (size_t i = 0; i < list.len; i++) {
      command_string_t *s = &list.ptr[i].f1;
      char raw[4096], norm[4096];
      size_t len = s->len < sizeof raw - 2 ? s->len : sizeof raw - 2;
      raw[0] = '/'; /* relative names are taken from the root */
      memcpy(raw + 1, s->ptr, len);
      raw[len + 1] = 0;
      if (table && p3_fs_normalize(raw, norm, sizeof norm) == 0 &&
          (table[count].name = strdup(norm))) {
        table[count].desc = (uint32_t) list.ptr[i].f0.__handle;
        table[count].len = strlen(norm);
        count++;
      } else {
        HOST(wasi_filesystem_types_descriptor_drop_own(list.ptr[i].f0));
      }
      if (s->len)
        free(s->ptr);
    }
    if (list.len)
      free(list.ptr);
  }
  *n = count;
  return table;
}
