/*
** groups - local groups from the root's /etc/group, osquery's columns.
**
** Push-down: gid.  The hidden pid_with_namespace = N reads the groups a
** process sees (/proc/N/root/etc/group).  The other platforms' columns
** (group_sid, comment, is_hidden) are NULL on Linux.
*/
#include <stdint.h>

#include "dockersec.h"
#include "host/ds_accounts.h"

enum {
  C_GID,
  C_GID_SIGNED,
  C_GROUPNAME,
  C_GROUP_SID,
  C_COMMENT,
  C_IS_HIDDEN,
  C_PID_WITH_NAMESPACE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_GID] = {"gid", DS_BIGINT, "Unsigned int64 group ID", DS_INDEXED},
    [C_GID_SIGNED] = {"gid_signed", DS_BIGINT, "A signed int64 version of gid", 0},
    [C_GROUPNAME] = {"groupname", DS_TEXT, "Canonical local group name", 0},
    [C_GROUP_SID] = {"group_sid", DS_TEXT, "Windows group SID; NULL on Linux", DS_HIDDEN},
    [C_COMMENT] = {"comment", DS_TEXT, "Windows group remarks; NULL on Linux", DS_HIDDEN},
    [C_IS_HIDDEN] = {"is_hidden", DS_INTEGER, "macOS IsHidden attribute; NULL on Linux", DS_HIDDEN},
    [C_PID_WITH_NAMESPACE] = {"pid_with_namespace", DS_INTEGER,
                              "Read the groups process N sees (/proc/N/root/etc/group); 0 for "
                              "the host",
                              DS_HIDDEN | DS_INDEXED},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* name:password:gid:members */
static int emit_group(ds_query *q, const ds_account_line *l, void *arg) {
  DS_UNUSED(arg);
  long long gid;
  if (l->len[0] == 0 || ds_account_id(l->field[2], l->len[2], &gid) != 0) return SQLITE_OK;
  if (!ds_query_accepts_int(q, C_GID, gid)) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_int(q, C_GID, gid);
  ds_set_int(q, C_GID_SIGNED, (int32_t)(uint32_t)gid);
  ds_set_textn(q, C_GROUPNAME, l->field[0], l->len[0]);
  ds_set_int(q, C_PID_WITH_NAMESPACE, l->pid_ns);
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  return ds_accounts_each(q, C_PID_WITH_NAMESPACE, "/etc/group", 3, emit_group, NULL);
}

const ds_table ds_table_groups = {
    .name = "groups",
    .doc = "Local groups (the root's /etc/group, or a process's with pid_with_namespace).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT groupname, gid FROM groups WHERE gid = 0;",
};
