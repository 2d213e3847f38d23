/*
** process_id_maps - the user-namespace id mappings of each process, one row
** per line of /proc/<pid>/uid_map and gid_map ("inside outside count").
** A process in the initial user namespace has the identity map
** 0 0 4294967295; a userns-remapped container shows e.g. 0 100000 65536.
**
** Push-down: pid.  A process that exits mid-scan, or whose map cannot be
** read, has no rows for that map.
*/

#include "dockersec.h"
#include "host/ds_procfs.h"

enum { C_PID, C_TYPE, C_INSIDE, C_OUTSIDE, C_COUNT_IDS, C_COUNT };

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_BIGINT,
               "Process ID; no rows for a map that is unreadable or a process that exited",
               DS_INDEXED},
    [C_TYPE] = {"type", DS_TEXT, "'uid' (uid_map) or 'gid' (gid_map)", DS_INDEXED},
    [C_INSIDE] = {"inside_id", DS_BIGINT, "First id inside the namespace", 0},
    [C_OUTSIDE] = {"outside_id", DS_BIGINT,
                   "First id it maps to in the parent namespace (the host id)", 0},
    [C_COUNT_IDS] = {"count", DS_BIGINT, "Number of ids mapped", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* One process: a row per line of its uid_map, then of its gid_map. */
static int emit_process(ds_query *q, long pid, void *arg) {
  static const char *const types[2] = {"uid", "gid"};
  static const char *const files[2] = {"uid_map", "gid_map"};
  const char *root = ds_query_root(q);
  ds_buf *buf = arg;
  ds_id_map m[340]; /* the kernel allows 340 lines */
  int rc = SQLITE_OK;
  for (int t = 0; t < 2 && rc == SQLITE_OK; t++) {
    if (!ds_query_accepts_text(q, C_TYPE, types[t])) continue;
    if (ds_proc_read(root, pid, files[t], buf, 64 * 1024) != 0) continue;
    int k = ds_parse_id_map(buf->data, buf->len, m, DS_COUNT(m));
    for (int j = 0; j < k && rc == SQLITE_OK; j++) {
      if ((rc = ds_row_new(q)) != SQLITE_OK) break;
      ds_set_int(q, C_PID, pid);
      ds_set_text(q, C_TYPE, types[t]);
      ds_set_int(q, C_INSIDE, m[j].inside);
      ds_set_int(q, C_OUTSIDE, m[j].outside);
      ds_set_int(q, C_COUNT_IDS, m[j].count);
    }
  }
  return rc;
}

static int generate(ds_query *q) {
  ds_buf buf = {0};
  int rc = ds_proc_each(q, C_PID, emit_process, &buf);
  ds_buf_free(&buf);
  return rc;
}

const ds_table ds_table_process_id_maps = {
    .name = "process_id_maps",
    .doc = "User-namespace uid/gid mappings of each process (/proc/<pid>/uid_map, gid_map).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, m.type, m.inside_id, m.outside_id, m.count\n"
               "FROM docker_containers c JOIN process_id_maps m ON m.pid = c.pid;",
};
