/*
** process_capabilities - one row per process x capability set x capability
** held, decoded from the Cap* lines of /proc/<pid>/status.
**
** Names are spelled as Docker spells them (CAP_NET_RAW), so the table joins
** HostConfig.CapAdd/CapDrop; bits this build does not know appear as
** CAP_<bit>, never dropped.  Push-down: pid, cap_set, capability.  A
** process that exits mid-scan, or whose status cannot be read, has no rows.
*/
#include "dockersec.h"
#include "host/ds_procfs.h"

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

/* One process: its status says which sets it holds. */
static int emit_process(ds_query *q, long pid, ds_buf *status, void *arg) {
  DS_UNUSED(arg);
  ds_proc_status st;
  if (ds_parse_status(status->data, status->len, &st) != 0) return SQLITE_OK;
  int rc = SQLITE_OK;
  for (int set = 0; set < DS_CAP_NSETS && rc == SQLITE_OK; set++) {
    if (!(st.cap_present & (1u << set))) continue;
    if (!ds_query_accepts_text(q, C_CAP_SET, ds_cap_set_names[set])) continue;
    rc = emit_set(q, pid, set, st.cap[set]);
  }
  return rc;
}

static int generate(ds_query *q) {
  return ds_proc_read_each(q, C_PID, "status", 64 * 1024, emit_process, NULL);
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
