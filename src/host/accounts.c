/*
** accounts.c - /etc/passwd and /etc/group lines for the users and groups
** tables (ds_accounts.h).
*/
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host/ds_accounts.h"
#include "host/ds_procfs.h"

#define MAX_ACCOUNT_FILE (16 * 1024 * 1024)

void ds_account_split(const char *line, size_t len, ds_account_line *out) {
  out->n = 0;
  size_t i = 0;
  while (out->n < DS_ACCOUNT_MAX_FIELDS) {
    const char *colon = memchr(line + i, ':', len - i);
    size_t end = colon ? (size_t)(colon - line) : len;
    out->field[out->n] = line + i;
    out->len[out->n] = end - i;
    out->n++;
    if (!colon) break;
    i = end + 1;
  }
}

int ds_account_id(const char *s, size_t len, long long *out) {
  if (len == 0 || len > 10) return -1;
  long long v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  if (v > 4294967295LL) return -1;
  *out = v;
  return 0;
}

static int each_line(ds_query *q, const ds_buf *b, long long pid_ns, int min_fields,
                     ds_account_fn fn, void *arg) {
  const char *p = b->data, *end = b->data + b->len;
  int rc = SQLITE_OK;
  while (p && p < end && rc == SQLITE_OK) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (len > 0 && p[len - 1] == '\r') len--;
    if (len > 0 && p[0] != '#' && p[0] != '+' && p[0] != '-' && p[0] != ':') {
      ds_account_line line;
      ds_account_split(p, len, &line);
      line.pid_ns = pid_ns;
      if (line.n >= min_fields) rc = fn(q, &line, arg);
    }
    p = nl ? nl + 1 : end;
  }
  return rc;
}

int ds_accounts_each(ds_query *q, int pid_col, const char *etcfile, int min_fields,
                     ds_account_fn fn, void *arg) {
  const char *root = ds_query_root(q);
  ds_buf b = {0};
  int rc = SQLITE_OK;
  int n = ds_query_nvalues(q, pid_col);
  if (n == 0) {
    if (ds_host_read(root, etcfile, &b, MAX_ACCOUNT_FILE) != 0) {
      rc = ds_error(q, "cannot read %s%s: %s", root, etcfile, strerror(errno));
    } else {
      rc = each_line(q, &b, 0, min_fields, fn, arg);
    }
    ds_buf_free(&b);
    return rc;
  }
  for (int i = 0; i < n && rc == SQLITE_OK; i++) {
    if (ds_query_is_null(q, pid_col, i)) continue;
    long long pid = ds_query_int(q, pid_col, i);
    int dup = 0;
    for (int j = 0; j < i; j++)
      dup |= !ds_query_is_null(q, pid_col, j) && ds_query_int(q, pid_col, j) == pid;
    if (dup) continue;
    if (pid == 0) {
      if (ds_host_read(root, etcfile, &b, MAX_ACCOUNT_FILE) == 0)
        rc = each_line(q, &b, 0, min_fields, fn, arg);
      continue;
    }
    if (pid < 0) continue;
    char path[96];
    snprintf(path, sizeof path, "/proc/%lld/root%s", pid, etcfile);
    /* Gone, or not ours to read: no rows for that process. */
    if (ds_host_read(root, path, &b, MAX_ACCOUNT_FILE) == 0)
      rc = each_line(q, &b, pid, min_fields, fn, arg);
  }
  ds_buf_free(&b);
  return rc;
}
