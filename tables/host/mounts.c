/*
** mounts - the host's mounts (osquery's columns), from the mountinfo of
** pid 1 under the root prefix - the host's initial mount namespace even when
** dockersec itself runs in a container with the host's /proc at /host/proc -
** falling back to /proc/self/mountinfo.
**
** flags is rebuilt as /proc/mounts shows it (mount options, then the
** filesystem's).  The statfs columns are read only when used; they are NULL
** for network and FUSE filesystems and autofs (statfs there can hang or
** trigger a mount) and when statfs fails.
*/
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#include "dockersec.h"
#include "host/ds_mountinfo.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

enum {
  C_DEVICE,
  C_DEVICE_ALIAS,
  C_PATH,
  C_TYPE,
  C_BLOCKS_SIZE,
  C_BLOCKS,
  C_BLOCKS_FREE,
  C_BLOCKS_AVAILABLE,
  C_INODES,
  C_INODES_FREE,
  C_FLAGS,
  /* dockersec */
  C_PROPAGATION,
  C_COUNT
};

static const ds_column columns[] = {
    [C_DEVICE] = {"device", DS_TEXT, "Mounted device (mount source)", 0},
    [C_DEVICE_ALIAS] = {"device_alias", DS_TEXT,
                        "Canonical path of the device (symlinks resolved); NULL if not a path", 0},
    [C_PATH] = {"path", DS_TEXT, "Mount point", 0},
    [C_TYPE] = {"type", DS_TEXT, "Filesystem type", 0},
    [C_BLOCKS_SIZE] =
        {"blocks_size", DS_BIGINT,
         "Block size in bytes (statfs; the statfs columns are NULL for network, FUSE and "
         "autofs mounts, where statfs can hang, or when statfs fails)",
         0},
    [C_BLOCKS] = {"blocks", DS_BIGINT, "Total blocks", 0},
    [C_BLOCKS_FREE] = {"blocks_free", DS_BIGINT, "Free blocks (root)", 0},
    [C_BLOCKS_AVAILABLE] = {"blocks_available", DS_BIGINT, "Blocks available to non-root users", 0},
    [C_INODES] = {"inodes", DS_BIGINT, "Total inodes", 0},
    [C_INODES_FREE] = {"inodes_free", DS_BIGINT, "Free inodes", 0},
    [C_FLAGS] = {"flags", DS_TEXT, "Mount options as /proc/mounts shows them (rw,nosuid,…)", 0},
    [C_PROPAGATION] = {"propagation", DS_TEXT, "private, shared, slave, shared,slave or unbindable",
                       0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* statfs on these can block for a long time or mount something. */
static int statfs_risky(const char *type) {
  return strncmp(type, "nfs", 3) == 0 || strcmp(type, "cifs") == 0 ||
         strncmp(type, "smb", 3) == 0 || strncmp(type, "fuse", 4) == 0 ||
         strcmp(type, "autofs") == 0 || strcmp(type, "9p") == 0 || strcmp(type, "ceph") == 0 ||
         strcmp(type, "glusterfs") == 0;
}

static int uses_statfs(const ds_query *q) {
  for (int c = C_BLOCKS_SIZE; c <= C_INODES_FREE; c++)
    if (ds_query_uses(q, c)) return 1;
  return 0;
}

static void set_statfs(ds_query *q, const char *root, const ds_mountinfo *m) {
  char path[4096];
  struct statfs st;
  if (statfs_risky(m->fstype) || !ds_host_path(root, m->mount_point, path, sizeof(path)) ||
      statfs(path, &st) != 0)
    return;
  ds_set_int(q, C_BLOCKS_SIZE, (sqlite3_int64)st.f_bsize);
  ds_set_int(q, C_BLOCKS, (sqlite3_int64)st.f_blocks);
  ds_set_int(q, C_BLOCKS_FREE, (sqlite3_int64)st.f_bfree);
  ds_set_int(q, C_BLOCKS_AVAILABLE, (sqlite3_int64)st.f_bavail);
  ds_set_int(q, C_INODES, (sqlite3_int64)st.f_files);
  ds_set_int(q, C_INODES_FREE, (sqlite3_int64)st.f_ffree);
}

/* realpath() of the device inside the root, reported without the root
** (`real_root` is the root's own realpath, "" for "/"). */
static void set_alias(ds_query *q, const char *root, const char *real_root, const char *device) {
  char path[4096], real[PATH_MAX];
  if (device[0] != '/' || !ds_host_path(root, device, path, sizeof(path)) || !realpath(path, real))
    return;
  size_t rl = strlen(real_root);
  if (rl == 0)
    ds_set_text(q, C_DEVICE_ALIAS, real);
  else if (strncmp(real, real_root, rl) == 0 && (real[rl] == '/' || real[rl] == '\0'))
    ds_set_text(q, C_DEVICE_ALIAS, real[rl] ? real + rl : "/");
}

/* /proc/mounts' option text: the mount's options, then the filesystem's
** without its leading rw/ro (the mount's one wins). */
static char *flags_of(const ds_mountinfo *m) {
  const char *super = m->super_options;
  if (strncmp(super, "rw", 2) == 0 || strncmp(super, "ro", 2) == 0) {
    if (super[2] == ',')
      super += 3;
    else if (super[2] == '\0')
      super += 2;
  }
  return *super ? ds_mprintf("%s,%s", m->options, super) : ds_strdup(m->options);
}

static int read_mountinfo(const char *root, ds_buf *b) {
  if (ds_host_read(root, "/proc/1/mountinfo", b, 64 << 20) == 0) return 0;
  return ds_host_read(root, "/proc/self/mountinfo", b, 64 << 20);
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  ds_buf buf = {0};
  if (read_mountinfo(root, &buf) != 0) {
    int e = errno;
    ds_buf_free(&buf);
    return ds_error(q, "cannot read %s/proc/1/mountinfo: %s", root, strerror(e));
  }
  char *work = malloc(buf.len + 8);
  if (!work) {
    ds_buf_free(&buf);
    return SQLITE_NOMEM;
  }
  int statfs_cols = uses_statfs(q), alias = ds_query_uses(q, C_DEVICE_ALIAS);
  char real_root[PATH_MAX] = "";
  if (alias && *root && !realpath(root, real_root)) alias = 0;
  int rc = SQLITE_OK;
  const char *end = buf.data + buf.len;
  for (const char *p = buf.data; p < end && rc == SQLITE_OK;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    ds_mountinfo m;
    if (ds_parse_mountinfo_line(p, (size_t)(e - p), &m, work, buf.len + 8) == 0 &&
        (rc = ds_row_new(q)) == SQLITE_OK) {
      ds_set_text(q, C_DEVICE, m.source);
      ds_set_text(q, C_PATH, m.mount_point);
      ds_set_text(q, C_TYPE, m.fstype);
      ds_set_text_owned(q, C_FLAGS, flags_of(&m));
      ds_set_text(q, C_PROPAGATION, ds_mount_propagation(m.optional));
      if (alias) set_alias(q, root, real_root, m.source);
      if (statfs_cols) set_statfs(q, root, &m);
    }
    p = e + 1;
  }
  free(work);
  ds_buf_free(&buf);
  return rc;
}

const ds_table ds_table_mounts = {
    .name = "mounts",
    .doc = "Mounts of the host (pid 1's mount namespace).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT path, device, type, flags FROM mounts WHERE path LIKE '/var/lib/docker%';",
};
