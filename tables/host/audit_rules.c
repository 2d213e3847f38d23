/*
** audit_rules - audit rules as configured on disk: /etc/audit/audit.rules
** and /etc/audit/rules.d/ *.rules (in name order, as augenrules merges them).
** We read the files because listing the loaded rules (auditctl -l) needs
** CAP_AUDIT_CONTROL and the audit netlink socket.
**
** A line auditctl would reject is a row of type 'invalid' (so a typo in a
** rule for dockerd is visible, not silently missing).  Missing files or
** directory: no rows.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "host/ds_auditrules.h"
#include "host/ds_procfs.h"
#include "common/ds_util.h"

enum { C_TYPE, C_PATH, C_PERMISSIONS, C_KEY, C_ACTION, C_SYSCALLS, C_FILE, C_LINE, C_RAW, C_COUNT };

static const ds_column columns[] = {
    [C_TYPE] = {"type", DS_TEXT,
                "watch, unwatch, syscall, delete, control, or invalid for a line auditctl would "
                "reject; missing files have no rows",
                0},
    [C_PATH] = {"path", DS_TEXT,
                "Watched path (-w), or the -F path= / -F dir= of a syscall rule; '' if none", 0},
    [C_PERMISSIONS] = {"permissions", DS_TEXT,
                       "r/w/x/a from -p or -F perm= (a watch without -p is rwxa)", 0},
    [C_KEY] = {"key", DS_TEXT, "Rule key (-k / -F key=); '' if none", 0},
    [C_ACTION] = {"action", DS_TEXT, "List and action of -a/-A/-d (always,exit); ''", 0},
    [C_SYSCALLS] = {"syscalls", DS_TEXT, "-S names, comma-separated; ''", 0},
    [C_FILE] = {"file", DS_TEXT, "Rules file", 0},
    [C_LINE] = {"line", DS_INTEGER, "Line number in the file", 0},
    [C_RAW] = {"raw", DS_TEXT, "The line as written", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int emit_line(ds_query *q, const char *file, int lineno, const char *p, size_t n) {
  ds_audit_rule r;
  int kind = ds_parse_audit_rule(p, n, &r);
  if (kind == 0) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_text(q, C_TYPE, kind < 0 ? "invalid" : ds_audit_type_names[r.type]);
  if (kind > 0) {
    ds_set_text(q, C_PATH, r.path);
    ds_set_text(q, C_PERMISSIONS, r.permissions);
    ds_set_text(q, C_KEY, r.key);
    ds_set_text(q, C_ACTION, r.action);
    ds_set_text(q, C_SYSCALLS, r.syscalls);
  }
  ds_set_text(q, C_FILE, file);
  ds_set_int(q, C_LINE, lineno);
  while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
    n--;
  ds_set_textn(q, C_RAW, p, n);
  return SQLITE_OK;
}

static int emit_file(ds_query *q, const char *root, const char *file, ds_buf *b) {
  if (ds_host_read(root, file, b, 16 << 20) != 0) return SQLITE_OK;
  const char *end = b->data + b->len;
  int lineno = 1, rc = SQLITE_OK;
  for (const char *p = b->data; p < end && rc == SQLITE_OK; lineno++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    rc = emit_line(q, file, lineno, p, (size_t)(e - p));
    p = e + 1;
  }
  return rc;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int generate(ds_query *q) {
  const char *root = ds_query_root(q);
  ds_buf b = {0};
  int rc = emit_file(q, root, "/etc/audit/audit.rules", &b);
  char dir[4096];
  DIR *d = ds_host_path(root, "/etc/audit/rules.d", dir, sizeof(dir)) ? opendir(dir) : NULL;
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len < 7 || strcmp(e->d_name + len - 6, ".rules") != 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **p = realloc(names, cap * sizeof(char *));
      if (!p) break;
      names = p;
    }
    names[n] = ds_mprintf("/etc/audit/rules.d/%s", e->d_name);
    if (names[n]) n++;
  }
  if (d) closedir(d);
  if (n) qsort(names, n, sizeof(char *), cmp_str);
  for (size_t i = 0; i < n; i++) {
    if (rc == SQLITE_OK) rc = emit_file(q, root, names[i], &b);
    free(names[i]);
  }
  free(names);
  ds_buf_free(&b);
  return rc;
}

const ds_table ds_table_audit_rules = {
    .name = "audit_rules",
    .doc = "Audit rules configured in /etc/audit/audit.rules and /etc/audit/rules.d/*.rules.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT path, permissions, key FROM audit_rules\n"
               "WHERE type = 'watch' AND path IN ('/usr/bin/dockerd', '/etc/docker');",
};
