/*
** etcfiles.c - /etc/passwd, /etc/group, /etc/subuid, /etc/subgid and
** /etc/os-release lines.  Read from the host root, never through NSS: the
** host's accounts are what matters, not the ones of the machine running us.
*/
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "host/ds_etcfiles.h"

/* Splits a ':'-separated line into up to max fields; returns the count. */
static int split_colons(const char *p, const char *end, const char **f, size_t *n, int max) {
  int k = 0;
  while (k < max) {
    const char *c = memchr(p, ':', (size_t)(end - p));
    const char *e = c ? c : end;
    f[k] = p;
    n[k] = (size_t)(e - p);
    k++;
    if (!c) break;
    p = c + 1;
  }
  return k;
}

static int parse_id(const char *s, size_t n, long long *v) {
  long long acc = 0;
  if (n == 0 || n > 10) return -1;
  for (size_t i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return -1;
    acc = acc * 10 + (s[i] - '0');
  }
  *v = acc;
  return 0;
}

static const char *trim_end(const char *line, const char *end) {
  while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
    end--;
  return end;
}

static int blank_or_comment(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p == end || *p == '#';
}

int ds_parse_passwd_line(const char *line, size_t len, ds_passwd_entry *out) {
  memset(out, 0, sizeof(*out));
  if (!line) return -1;
  const char *end = trim_end(line, line + len);
  const char *f[7];
  size_t n[7];
  if (blank_or_comment(line, end) || split_colons(line, end, f, n, 7) < 4 || n[0] == 0) return -1;
  if (parse_id(f[2], n[2], &out->uid) || parse_id(f[3], n[3], &out->gid)) return -1;
  out->name = f[0];
  out->name_len = n[0];
  return 0;
}

int ds_parse_group_line(const char *line, size_t len, ds_passwd_entry *out) {
  memset(out, 0, sizeof(*out));
  if (!line) return -1;
  const char *end = trim_end(line, line + len);
  const char *f[4];
  size_t n[4];
  if (blank_or_comment(line, end) || split_colons(line, end, f, n, 4) < 3 || n[0] == 0) return -1;
  if (parse_id(f[2], n[2], &out->uid)) return -1;
  out->gid = -1;
  out->name = f[0];
  out->name_len = n[0];
  return 0;
}

int ds_lookup_id_name(const char *buf, size_t len, int is_group, long long id, char *out,
                      size_t outsz) {
  if (!buf || outsz == 0) return 0;
  const char *end = buf + len;
  for (const char *p = buf; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *e = nl ? nl : end;
    ds_passwd_entry ent;
    int rc = is_group ? ds_parse_group_line(p, (size_t)(e - p), &ent)
                      : ds_parse_passwd_line(p, (size_t)(e - p), &ent);
    if (rc == 0 && ent.uid == id) {
      size_t n = ent.name_len < outsz - 1 ? ent.name_len : outsz - 1;
      memcpy(out, ent.name, n);
      out[n] = '\0';
      return 1;
    }
    p = e + 1;
  }
  return 0;
}

int ds_parse_subid_line(const char *line, size_t len, ds_subid *out) {
  memset(out, 0, sizeof(*out));
  if (!line) return -1;
  const char *end = trim_end(line, line + len);
  if (blank_or_comment(line, end)) return 0;
  const char *f[4];
  size_t n[4];
  if (split_colons(line, end, f, n, 4) != 3 || n[0] == 0) return -1;
  if (parse_id(f[1], n[1], &out->start) || parse_id(f[2], n[2], &out->count) || out->count == 0)
    return -1;
  out->name = f[0];
  out->name_len = n[0];
  return 1;
}

int ds_parse_os_release_line(const char *line, size_t len, char *key, size_t keysz, char *value,
                             size_t valuesz) {
  if (!line || keysz == 0 || valuesz == 0) return -1;
  key[0] = value[0] = '\0';
  const char *end = trim_end(line, line + len);
  if (blank_or_comment(line, end)) return 0;
  const char *p = line;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  const char *k = p;
  while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
    p++;
  if (p == k || p >= end || *p != '=' || (size_t)(p - k) >= keysz) return -1;
  memcpy(key, k, (size_t)(p - k));
  key[p - k] = '\0';
  p++;
  char quote = 0;
  if (p < end && (*p == '"' || *p == '\'')) quote = *p++;
  size_t o = 0;
  for (; p < end; p++) {
    if (quote && *p == quote) break;
    if (*p == '\\' && quote != '\'' && p + 1 < end) p++;
    if (o + 1 < valuesz) value[o++] = *p;
  }
  if (quote && p >= end) return -1; /* unterminated quote */
  value[o] = '\0';
  return 1;
}
