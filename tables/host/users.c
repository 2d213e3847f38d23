/*
** users - local user accounts from the root's /etc/passwd, osquery's
** columns (its Linux implementation reads /etc/passwd with fgetpwent too).
**
** Push-down: uid, username.  The hidden pid_with_namespace = N reads the
** accounts a process sees (/proc/N/root/etc/passwd): a container's users,
** as osquery's pid_with_namespace gives them.  include_remote is accepted
** and ignored: dockersec never asks LDAP/AD.  uuid and the other platforms'
** columns (type, is_hidden) are NULL on Linux.
*/
#include <stdint.h>

#include "dockersec.h"
#include "host/ds_accounts.h"

enum {
  C_UID,
  C_GID,
  C_UID_SIGNED,
  C_GID_SIGNED,
  C_USERNAME,
  C_DESCRIPTION,
  C_DIRECTORY,
  C_SHELL,
  C_UUID,
  C_TYPE,
  C_IS_HIDDEN,
  C_PID_WITH_NAMESPACE,
  C_INCLUDE_REMOTE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_UID] = {"uid", DS_BIGINT, "User ID", DS_INDEXED},
    [C_GID] = {"gid", DS_BIGINT, "Group ID (unsigned)", 0},
    [C_UID_SIGNED] = {"uid_signed", DS_BIGINT, "User ID as int64 signed (Apple)", 0},
    [C_GID_SIGNED] = {"gid_signed", DS_BIGINT, "Default group ID as int64 signed (Apple)", 0},
    [C_USERNAME] = {"username", DS_TEXT, "Username", DS_INDEXED},
    [C_DESCRIPTION] = {"description", DS_TEXT, "Optional user description (GECOS field)", 0},
    [C_DIRECTORY] = {"directory", DS_TEXT, "User's home directory", 0},
    [C_SHELL] = {"shell", DS_TEXT, "User's configured default shell", 0},
    [C_UUID] = {"uuid", DS_TEXT, "User's UUID (Apple) or SID (Windows); NULL on Linux",
                DS_INDEXED | DS_NOCASE},
    [C_TYPE] = {"type", DS_TEXT, "Windows account type; NULL on Linux", DS_HIDDEN},
    [C_IS_HIDDEN] = {"is_hidden", DS_INTEGER, "macOS IsHidden attribute; NULL on Linux", DS_HIDDEN},
    [C_PID_WITH_NAMESPACE] = {"pid_with_namespace", DS_INTEGER,
                              "Read the accounts process N sees (/proc/N/root/etc/passwd); 0 "
                              "for the host",
                              DS_HIDDEN | DS_INDEXED},
    [C_INCLUDE_REMOTE] = {"include_remote", DS_INTEGER,
                          "osquery's switch for LDAP/AD accounts; accepted, never used (0)",
                          DS_HIDDEN | DS_INDEXED},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* include_remote as asked (so WHERE include_remote = 1 keeps its rows), else 0. */
static sqlite3_int64 include_remote(const ds_query *q) {
  if (ds_query_nvalues(q, C_INCLUDE_REMOTE) != 1 || ds_query_is_null(q, C_INCLUDE_REMOTE, 0))
    return 0;
  return ds_query_int(q, C_INCLUDE_REMOTE, 0);
}

/* name:password:uid:gid:gecos:home:shell */
static int emit_user(ds_query *q, const ds_account_line *l, void *arg) {
  DS_UNUSED(arg);
  long long uid, gid;
  if (l->len[0] == 0 || ds_account_id(l->field[2], l->len[2], &uid) != 0 ||
      ds_account_id(l->field[3], l->len[3], &gid) != 0)
    return SQLITE_OK; /* a line fgetpwent would not parse */
  if (!ds_query_accepts_int(q, C_UID, uid)) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_int(q, C_UID, uid);
  ds_set_int(q, C_GID, gid);
  ds_set_int(q, C_UID_SIGNED, (int32_t)(uint32_t)uid);
  ds_set_int(q, C_GID_SIGNED, (int32_t)(uint32_t)gid);
  ds_set_textn(q, C_USERNAME, l->field[0], l->len[0]);
  ds_set_textn(q, C_DESCRIPTION, l->field[4], l->len[4]);
  ds_set_textn(q, C_DIRECTORY, l->field[5], l->len[5]);
  ds_set_textn(q, C_SHELL, l->field[6], l->len[6]);
  ds_set_int(q, C_PID_WITH_NAMESPACE, l->pid_ns);
  ds_set_int(q, C_INCLUDE_REMOTE, include_remote(q));
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  return ds_accounts_each(q, C_PID_WITH_NAMESPACE, "/etc/passwd", 7, emit_user, NULL);
}

const ds_table ds_table_users = {
    .name = "users",
    .doc = "Local user accounts (the root's /etc/passwd, or a process's with pid_with_namespace).",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT u.username, u.uid FROM docker_containers c\n"
               "JOIN users u ON u.pid_with_namespace = c.pid WHERE c.state = 'running';",
};
