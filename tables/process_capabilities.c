/*
** process_capabilities - one row per process x capability set x capability
** held, decoded from the Cap* lines of /proc/<pid>/status.
**
** Names are spelled as Docker spells them (CAP_NET_RAW), so the table joins
** HostConfig.CapAdd/CapDrop; bits this build does not know appear as
** CAP_<bit>, never dropped.  Push-down: pid, cap_set, capability.  A
** process that exits mid-scan, or whose status cannot be read, has no rows.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "ds_ctx.h"
#include "ds_procfs.h"

enum { C_PID, C_CAP_SET, C_CAPABILITY, C_BIT, C_COUNT };

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_BIGINT,
               "Process ID; a process that exited or whose status is unreadable has no rows",
               DS_INDEXED},
    [C_CAP_SET] = {"cap_set", DS_TEXT,
                   "effective, permitted, inheritable, bounding or ambient (ambient only on "
                   "kernels that report it)",
                   DS_INDEXED},
    [C_CAPABILITY] = {"capability", DS_TEXT,
                      "Capability as Docker spells it (CAP_NET_RAW); unknown bits are CAP_<bit>",
                      DS_INDEXED | DS_NOCASE},
    [C_BIT] = {"bit", DS_INTEGER, "Capability number (bit in the mask)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_set(ds_query *q, long pid, int set, uint64_t mask) {
  for (int bit = 0; bit < 64; bit++) {
    if (!(mask & ((uint64_t)1 << bit))) continue;
    char name[32];
    ds_cap_name(bit, name, sizeof(name));
    if (!ds_query_accepts_text(q, C_CAPABILITY, name)) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_int(q, C_PID, pid);
    ds_set_text(q, C_CAP_SET, ds_cap_set_names[set]);
    ds_set_text(q, C_CAPABILITY, name);
    ds_set_int(q, C_BIT, bit);
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  const char *root = ds_ctx_root(ds_query_ctx(q));
  long *pids;
  size_t n;
  if (ds_proc_pids_for(q, C_PID, &pids, &n) != 0)
    return ds_error(q, "cannot list %s/proc: %s", root, strerror(errno));
  ds_buf buf = {0};
  int rc = SQLITE_OK;
  for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
    ds_proc_status st;
    if (ds_proc_read(root, pids[i], "status", &buf, 64 * 1024) != 0 ||
        ds_parse_status(buf.data, buf.len, &st) != 0)
      continue;
    for (int set = 0; set < DS_CAP_NSETS && rc == SQLITE_OK; set++) {
      if (!(st.cap_present & (1u << set))) continue;
      if (!ds_query_accepts_text(q, C_CAP_SET, ds_cap_set_names[set])) continue;
      rc = emit_set(q, pids[i], set, st.cap[set]);
    }
  }
  ds_buf_free(&buf);
  free(pids);
  return rc;
}

const ds_table ds_table_process_capabilities = {
    .name = "process_capabilities",
    .doc = "Capabilities each process holds, one row per process, set and capability.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, pc.capability\n"
               "FROM docker_containers c JOIN process_capabilities pc ON pc.pid = c.pid\n"
               "WHERE pc.cap_set = 'effective';",
};
