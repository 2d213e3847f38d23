/*
** user_namespace_maps - the subordinate id ranges of /etc/subuid and
** /etc/subgid (under the root prefix): what dockerd's userns-remap (user
** "dockremap" for `default`) and rootless engines map container ids to.
**
** A missing or unreadable file contributes no rows; a malformed line is
** skipped.
*/
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "host/ds_etcfiles.h"
#include "host/ds_procfs.h"

enum { C_TYPE, C_USER, C_START, C_COUNT_IDS, C_END, C_FILE, C_COUNT };

static const ds_column columns[] = {
    [C_TYPE] = {"type", DS_TEXT,
                "'uid' (/etc/subuid) or 'gid' (/etc/subgid); a missing or unreadable file has no "
                "rows, malformed lines are skipped",
                DS_INDEXED},
    [C_USER] = {"user", DS_TEXT, "Owner of the range: a user name or numeric id", DS_INDEXED},
    [C_START] = {"start", DS_BIGINT, "First subordinate id", 0},
    [C_COUNT_IDS] = {"count", DS_BIGINT, "Number of ids in the range", 0},
    [C_END] = {"end", DS_BIGINT, "Last subordinate id (start + count - 1)", 0},
    [C_FILE] = {"file", DS_TEXT, "The file the line came from", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_file(ds_query *q, const char *root, const char *type, const char *path, ds_buf *b) {
  if (ds_host_read(root, path, b, 16 << 20) != 0) return SQLITE_OK;
  const char *end = b->data + b->len;
  for (const char *p = b->data; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    ds_subid s;
    if (ds_parse_subid_line(p, (size_t)(e - p), &s) == 1) {
      int rc = ds_row_new(q);
      if (rc != SQLITE_OK) return rc;
      ds_set_text(q, C_TYPE, type);
      ds_set_textn(q, C_USER, s.name, s.name_len);
      ds_set_int(q, C_START, s.start);
      ds_set_int(q, C_COUNT_IDS, s.count);
      ds_set_int(q, C_END, s.start + s.count - 1);
      ds_set_text(q, C_FILE, path);
    }
    p = e + 1;
  }
  return SQLITE_OK;
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  ds_buf b = {0};
  int rc = SQLITE_OK;
  if (ds_query_accepts_text(q, C_TYPE, "uid")) rc = emit_file(q, root, "uid", "/etc/subuid", &b);
  if (rc == SQLITE_OK && ds_query_accepts_text(q, C_TYPE, "gid"))
    rc = emit_file(q, root, "gid", "/etc/subgid", &b);
  ds_buf_free(&b);
  return rc;
}

const ds_table ds_table_user_namespace_maps = {
    .name = "user_namespace_maps",
    .doc = "Subordinate uid/gid ranges from /etc/subuid and /etc/subgid.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT type, user, start, count FROM user_namespace_maps WHERE user = 'dockremap';",
};
