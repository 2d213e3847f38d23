/*
** process_mounts - the mount table as each process sees it, from
** /proc/<pid>/mountinfo: what proves a container's / is read-only, which
** host paths are bind-mounted in, and their propagation.
**
** Paths have the kernel's \040-style escapes decoded.  Push-down: pid (read
** only those processes).  A process that exits mid-scan, or whose mountinfo
** cannot be read, has no rows; a malformed line is skipped.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "host/ds_mountinfo.h"
#include "host/ds_procfs.h"

enum {
  C_PID,
  C_MOUNT_ID,
  C_PARENT_ID,
  C_DEVICE,
  C_ROOT,
  C_PATH,
  C_TYPE,
  C_SOURCE,
  C_OPTIONS,
  C_SUPER_OPTIONS,
  C_READ_ONLY,
  C_PROPAGATION,
  C_OPTIONAL_FIELDS,
  C_COUNT
};

static const ds_column columns[] = {
    [C_PID] = {"pid", DS_BIGINT,
               "Process ID; no rows when it exited or its mountinfo is unreadable (malformed "
               "lines are skipped)",
               DS_INDEXED},
    [C_MOUNT_ID] = {"mount_id", DS_BIGINT, "Mount ID", 0},
    [C_PARENT_ID] = {"parent_id", DS_BIGINT, "Mount ID of the parent mount", 0},
    [C_DEVICE] = {"device", DS_TEXT, "major:minor of the filesystem", 0},
    [C_ROOT] = {"root", DS_TEXT,
                "Path inside the filesystem mounted here (the host path of a bind mount, "
                "relative to its filesystem)",
                0},
    [C_PATH] = {"path", DS_TEXT, "Mount point, relative to the process's root", 0},
    [C_TYPE] = {"type", DS_TEXT, "Filesystem type (overlay, proc, ext4, …)", 0},
    [C_SOURCE] = {"source", DS_TEXT, "Mount source (device, 'overlay', …)", 0},
    [C_OPTIONS] = {"options", DS_TEXT, "Per-mount options (ro/rw, nosuid, nodev, noexec, …)", 0},
    [C_SUPER_OPTIONS] = {"super_options", DS_TEXT, "Per-filesystem options", 0},
    [C_READ_ONLY] = {"read_only", DS_INTEGER, "1 when the mount is read-only (ro in options)", 0},
    [C_PROPAGATION] = {"propagation", DS_TEXT, "private, shared, slave, shared,slave or unbindable",
                       0},
    [C_OPTIONAL_FIELDS] = {"optional_fields", DS_TEXT,
                           "Raw optional fields (shared:N master:N propagate_from:N)", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_line(ds_query *q, long pid, const char *line, size_t len, char *work,
                     size_t worksz) {
  ds_mountinfo m;
  if (ds_parse_mountinfo_line(line, len, &m, work, worksz) != 0) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  char dev[32];
  snprintf(dev, sizeof(dev), "%u:%u", m.major, m.minor);
  ds_set_int(q, C_PID, pid);
  ds_set_int(q, C_MOUNT_ID, m.mount_id);
  ds_set_int(q, C_PARENT_ID, m.parent_id);
  ds_set_text(q, C_DEVICE, dev);
  ds_set_text(q, C_ROOT, m.root);
  ds_set_text(q, C_PATH, m.mount_point);
  ds_set_text(q, C_TYPE, m.fstype);
  ds_set_text(q, C_SOURCE, m.source);
  ds_set_text(q, C_OPTIONS, m.options);
  ds_set_text(q, C_SUPER_OPTIONS, m.super_options);
  ds_set_int(q, C_READ_ONLY, ds_mount_has_option(m.options, "ro"));
  ds_set_text(q, C_PROPAGATION, ds_mount_propagation(m.optional));
  ds_set_text(q, C_OPTIONAL_FIELDS, m.optional);
  return SQLITE_OK;
}

/* Scratch space for the decoded fields of one line, reused across processes:
** a line's fields never need more than the whole file. */
typedef struct work_buf {
  char *data;
  size_t size;
} work_buf;

/* One process: a row per well-formed line of its mountinfo. */
static int emit_process(ds_query *q, long pid, ds_buf *mountinfo, void *arg) {
  work_buf *work = arg;
  if (work->size < mountinfo->len + 8) {
    char *w = realloc(work->data, mountinfo->len + 8);
    if (!w) return SQLITE_NOMEM;
    work->data = w;
    work->size = mountinfo->len + 8;
  }
  int rc = SQLITE_OK;
  const char *end = mountinfo->data + mountinfo->len;
  for (const char *p = mountinfo->data; p < end && rc == SQLITE_OK;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    rc = emit_line(q, pid, p, (size_t)(e - p), work->data, work->size);
    p = e + 1;
  }
  return rc;
}

static int generate(ds_query *q) {
  work_buf work = {NULL, 0};
  int rc = ds_proc_read_each(q, C_PID, "mountinfo", 64 << 20, emit_process, &work);
  free(work.data);
  return rc;
}

const ds_table ds_table_process_mounts = {
    .name = "process_mounts",
    .doc = "Mounts as each process sees them (/proc/<pid>/mountinfo), with propagation.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT c.name, m.read_only\n"
               "FROM docker_containers c JOIN process_mounts m ON m.pid = c.pid\n"
               "WHERE m.path = '/';",
};
