/* if_nametoindex, if_indextoname, if_nameindex, if_freenameindex over the
 * interface model (iface.h). Unknown names are ENODEV and unknown indexes
 * ENXIO, as glibc reports them. */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "net/iface.h"

unsigned int if_nametoindex(const char *name) {
  const struct p3_iface *i = p3_iface_by_name(name);
  if (!i) {
    errno = ENODEV;
    return 0;
  }
  return i->index;
}

char *if_indextoname(unsigned int index, char *name) {
  const struct p3_iface *i = p3_iface_by_index(index);
  if (!i) {
    errno = ENXIO;
    return NULL;
  }
  strcpy(name, i->name);
  return name;
}

/* One allocation: the array, its end marker, then the names. */
struct if_nameindex *if_nameindex(void) {
  size_t size = (p3_nifaces + 1) * sizeof(struct if_nameindex);
  for (size_t k = 0; k < p3_nifaces; k++)
    size += strlen(p3_ifaces[k].name) + 1;
  struct if_nameindex *list = malloc(size);
  if (!list) {
    errno = ENOBUFS;
    return NULL;
  }
  p3_stats.allocs++;
  char *names = (char *) (list + p3_nifaces + 1);
  for (size_t k = 0; k < p3_nifaces; k++) {
    size_t n = strlen(p3_ifaces[k].name) + 1;
    memcpy(names, p3_ifaces[k].name, n);
    list[k] = (struct if_nameindex) {p3_ifaces[k].index, names};
    names += n;
  }
  list[p3_nifaces] = (struct if_nameindex) {0, NULL};
  return list;
}

void if_freenameindex(struct if_nameindex *list) {
  free(list);
}
