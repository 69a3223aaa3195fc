/* stat, lstat, fstatat and the stat of an open file. wasi:filesystem has
 * no permission bits, owners or inode numbers: st_mode's permissions are
 * 0644 for files and 0755 for directories (what a program that checks them
 * usually expects of its own files), st_uid/st_gid are 0, and st_ino and
 * st_dev come from the host's metadata hash, which is equal for the same
 * file and (almost always) different for different ones. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs/fs.h"

static unsigned mode_of(uint8_t tag) {
  switch (tag) {
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_BLOCK_DEVICE:
    return S_IFBLK | 0644;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_CHARACTER_DEVICE:
    return S_IFCHR | 0644;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY:
    return S_IFDIR | 0755;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_FIFO:
    return S_IFIFO | 0644;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SYMBOLIC_LINK:
    return S_IFLNK | 0777;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SOCKET:
    return S_IFSOCK | 0755;
  case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE:
  default:
    return S_IFREG | 0644;
  }
}

static struct timespec ts_of(const wasi_filesystem_types_option_instant_t *t) {
  struct timespec ts = {0, 0};
  if (t->is_some) {
    ts.tv_sec = (time_t) t->val.seconds;
    ts.tv_nsec = (long) t->val.nanoseconds;
  }
  return ts;
}

void p3_fs_fill_stat(struct stat *st, const wasi_filesystem_types_descriptor_stat_t *ds,
                     uint64_t ino) {
  memset(st, 0, sizeof *st);
  st->st_dev = 1;
  st->st_ino = ino;
  st->st_nlink = ds->link_count;
  st->st_mode = mode_of(ds->type.tag);
  st->st_size = (off_t) ds->size;
  st->st_blksize = 4096;
  st->st_blocks = (blkcnt_t) ((ds->size + 511) / 512);
  st->st_atim = ts_of(&ds->data_access_timestamp);
  st->st_mtim = ts_of(&ds->data_modification_timestamp);
  st->st_ctim = ts_of(&ds->status_change_timestamp);
}

static void free_type(wasi_filesystem_types_descriptor_type_t *t) {
  if (t->tag == WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_OTHER && t->val.other.is_some &&
      t->val.other.val.len)
    free(t->val.other.val.ptr);
}

int p3_fs_stat_of(struct p3_fs_file *f, struct stat *st) {
  p3_fs_flush(f);
  wasi_filesystem_types_borrow_descriptor_t b = {(int32_t) f->desc};
  wasi_filesystem_types_result_descriptor_stat_error_code_t r;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_stat(b, &r)));
  if (r.is_err)
    return p3_fs_fail(&r.val.err);
  wasi_filesystem_types_result_metadata_hash_value_error_code_t h;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_metadata_hash(b, &h)));
  uint64_t ino = h.is_err ? (p3_fs_fail(&h.val.err), 0) : h.val.ok.lower;
  free_type(&r.val.ok.type);
  f->type = r.val.ok.type.tag;
  p3_fs_fill_stat(st, &r.val.ok, ino);
  return 0;
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags) {
  char buf[PATH_MAX];
  uint32_t dir;
  const char *rel;
  if (!st) {
    errno = EFAULT;
    return -1;
  }
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
    errno = EINVAL;
    return -1;
  }
  if (path && !path[0] && (flags & AT_EMPTY_PATH))
    return fstat(dirfd, st);
  if (path && path[0] == '/' && p3_fs_normalize(path, buf, sizeof buf) == 0) {
    int dev = p3_dev_stat(buf, st);
    if (dev)
      return dev < 0 ? -1 : 0;
  }
  if (p3_fs_at(dirfd, path, &dir, &rel, buf, sizeof buf) < 0)
    return -1;
  wasi_filesystem_types_borrow_descriptor_t b = {(int32_t) dir};
  wasi_filesystem_types_path_flags_t pf =
      flags & AT_SYMLINK_NOFOLLOW ? 0 : WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW;
  command_string_t p = {(uint8_t *) rel, strlen(rel)};
  wasi_filesystem_types_result_descriptor_stat_error_code_t r;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_stat_at(b, pf, p, &r)));
  if (r.is_err)
    return p3_fs_fail(&r.val.err);
  wasi_filesystem_types_result_metadata_hash_value_error_code_t h;
  p3_fs_finish(HOST(wasi_filesystem_types_method_descriptor_metadata_hash_at(b, pf, p, &h)));
  uint64_t ino = h.is_err ? (p3_fs_fail(&h.val.err), 0) : h.val.ok.lower;
  free_type(&r.val.ok.type);
  p3_fs_fill_stat(st, &r.val.ok, ino);
  return 0;
}

int stat(const char *restrict path, struct stat *restrict st) {
  return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *restrict path, struct stat *restrict st) {
  return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}
