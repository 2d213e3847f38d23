/*
** top.c - GET /containers/{id}/top answers mapped to fields: ps column
** titles (procps, busybox, Podman's descriptors), Podman's unsplit lines and
** ps's elapsed-time formats.  Contracts in ds_docker_map.h.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ds_docker.h"
#include "engine/ds_docker_map.h"
#include "common/ds_util.h"

static const struct {
  const char *title;
  ds_ps_field field;
} ps_titles[] = {
    /* procps (dockerd runs the host's ps) */
    {"PID", DS_PS_PID},
    {"PPID", DS_PS_PPID},
    {"UID", DS_PS_UID},
    {"GID", DS_PS_GID},
    {"EUID", DS_PS_EUID},
    {"EGID", DS_PS_EGID},
    {"SUID", DS_PS_SUID},
    {"SGID", DS_PS_SGID},
    {"RUID", DS_PS_UID},
    {"RGID", DS_PS_GID},
    {"S", DS_PS_STATE},
    {"STAT", DS_PS_STATE},
    {"RSS", DS_PS_RSS},
    {"RSZ", DS_PS_RSS},
    {"VSZ", DS_PS_VSZ},
    {"VSIZE", DS_PS_VSZ},
    {"ELAPSED", DS_PS_ELAPSED},
    {"PGRP", DS_PS_PGRP},
    {"PGID", DS_PS_PGRP},
    {"NLWP", DS_PS_THREADS},
    {"THCNT", DS_PS_THREADS},
    {"NI", DS_PS_NICE},
    {"USER", DS_PS_USER},
    {"RUSER", DS_PS_USER},
    {"EUSER", DS_PS_USER},
    {"TIME", DS_PS_TIME},
    {"%CPU", DS_PS_CPU},
    {"C", DS_PS_CPU},
    {"%MEM", DS_PS_MEM},
    {"TT", DS_PS_TTY},
    {"TTY", DS_PS_TTY},
    {"STIME", DS_PS_STIME},
    {"START", DS_PS_STIME},
    {"CMD", DS_PS_CMDLINE},
    {"ARGS", DS_PS_CMDLINE},
    {"COMM", DS_PS_NAME},
    /* Podman's descriptors (psgo): HUSER is a host user name, or the uid
    ** when the host has no name for it, as procps's UID column */
    {"HPID", DS_PS_HOST_PID},
    {"HUSER", DS_PS_UID},
    {"STATE", DS_PS_STATE},
    /* COMMAND is decided below: comm next to CMD, else the command line */
};

int ds_ps_map_titles(json_object *titles, ds_ps_field *out, int max) {
  if (!titles || !json_object_is_type(titles, json_type_array)) return -1;
  int n = (int)json_object_array_length(titles);
  if (n > max) n = max;
  int has_pid = 0, has_cmdline = 0;
  for (int i = 0; i < n; i++) {
    json_object *t = json_object_array_get_idx(titles, i);
    if (!t || !json_object_is_type(t, json_type_string)) return -1;
    const char *s = json_object_get_string(t);
    out[i] = DS_PS_NONE;
    for (size_t k = 0; k < sizeof(ps_titles) / sizeof(ps_titles[0]); k++)
      if (strcmp(s, ps_titles[k].title) == 0) out[i] = ps_titles[k].field;
    has_pid |= out[i] == DS_PS_PID || out[i] == DS_PS_HOST_PID;
    has_cmdline |= out[i] == DS_PS_CMDLINE;
  }
  /* procps titles comm "COMMAND" and args "CMD"; ps -o args alone (and
  ** Podman's default) title the full command line "COMMAND". */
  for (int i = 0; i < n; i++) {
    if (strcmp(json_object_get_string(json_object_array_get_idx(titles, i)), "COMMAND") != 0)
      continue;
    out[i] = has_cmdline ? DS_PS_NAME : DS_PS_CMDLINE;
  }
  return has_pid ? n : -1;
}

/* DS_PS_PODMAN_ARGS, descriptor by descriptor, with the title Podman gives
** each (psgo's header) and what it holds. */
static const struct {
  const char *title;
  ds_ps_field field;
} podman_columns[] = {
    {"HPID", DS_PS_HOST_PID},   {"PID", DS_PS_PID},     {"PPID", DS_PS_NS_PPID},
    {"HUSER", DS_PS_UID},       {"STATE", DS_PS_STATE}, {"NI", DS_PS_NICE},
    {"RSS", DS_PS_RSS},         {"VSZ", DS_PS_VSZ},     {"ELAPSED", DS_PS_ELAPSED},
    {"TIME", DS_PS_TIME},       {"%CPU", DS_PS_CPU},    {"COMMAND", DS_PS_NAME},
    {"COMMAND", DS_PS_CMDLINE},
};

int ds_ps_map_podman(json_object *titles, ds_ps_field *out, int max) {
  const int n = (int)(sizeof(podman_columns) / sizeof(podman_columns[0]));
  if (!titles || !json_object_is_type(titles, json_type_array) || n > max ||
      (int)json_object_array_length(titles) != n)
    return -1;
  for (int i = 0; i < n; i++) {
    const char *t = json_object_get_string(json_object_array_get_idx(titles, i));
    if (!t || strcmp(t, podman_columns[i].title) != 0) return -1;
    out[i] = podman_columns[i].field;
  }
  return n;
}

static int has_space(const char *s) {
  for (; s && *s; s++)
    if (isspace((unsigned char)*s)) return 1;
  return 0;
}

/* Appends the white-space separated words of `s` to array `a`; with `max`
** > 0, the max-th word takes the rest of the line (as docker splits ps). */
static int split_words(json_object *a, const char *s, int max) {
  int n = 0;
  while (s && *s) {
    while (isspace((unsigned char)*s))
      s++;
    if (!*s) break;
    size_t len = (max > 0 && n == max - 1) ? strlen(s) : strcspn(s, " \t\n\r");
    while (len > 0 && isspace((unsigned char)s[len - 1]))
      len--;
    if (json_object_array_add(a, json_object_new_string_len(s, (int)len)) != 0) return -1;
    n++;
    s += len;
  }
  return n;
}

json_object *ds_top_split(json_object *top) {
  json_object *titles = ds_json_path(top, "Titles", NULL);
  json_object *procs = ds_json_path(top, "Processes", NULL);
  int split = 0;
  for (size_t i = 0; titles && json_object_is_type(titles, json_type_array) &&
                     i < json_object_array_length(titles);
       i++)
    split |= has_space(json_object_get_string(json_object_array_get_idx(titles, i)));
  if (!split) return json_object_get(top);
  json_object *out = json_object_new_object();
  json_object *t = json_object_new_array(), *p = json_object_new_array();
  int nt = 0, fail = !out || !t || !p;
  for (size_t i = 0; !fail && i < json_object_array_length(titles); i++) {
    int n = split_words(t, json_object_get_string(json_object_array_get_idx(titles, i)), 0);
    fail = n < 0;
    nt += n > 0 ? n : 0;
  }
  for (size_t i = 0; !fail && procs && json_object_is_type(procs, json_type_array) &&
                     i < json_object_array_length(procs);
       i++) {
    json_object *row = json_object_array_get_idx(procs, i);
    ds_buf line = {0};
    ds_buf_puts(&line, ""); /* data is never NULL below */
    for (size_t k = 0;
         row && json_object_is_type(row, json_type_array) && k < json_object_array_length(row);
         k++) {
      if (k) ds_buf_puts(&line, " ");
      ds_buf_puts(&line, ds_or(json_object_get_string(json_object_array_get_idx(row, k)), ""));
    }
    json_object *cells = json_object_new_array();
    fail = !cells || ds_buf_failed(&line) || split_words(cells, line.data, nt) < 0 ||
           json_object_array_add(p, cells) != 0;
    ds_buf_free(&line);
  }
  if (fail || json_object_object_add(out, "Titles", t) != 0) {
    json_object_put(t);
    t = NULL;
    fail = 1;
  }
  if (fail || json_object_object_add(out, "Processes", p) != 0) {
    json_object_put(p);
    fail = 1;
  }
  if (fail) {
    json_object_put(out);
    return NULL;
  }
  return out;
}

static int all_digits(const char *s, size_t n) {
  if (n == 0) return 0;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return 0;
  return 1;
}

/* Go's time.Duration text, as Podman's top prints ELAPSED: "1h2m3.5s",
** "45.1s", "250ms".  Whole seconds, truncated. */
static int go_duration_seconds(const char *s, sqlite3_int64 *out) {
  double total = 0;
  int parts = 0;
  while (*s) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0) return -1;
    s = end;
    if (strncmp(s, "ms", 2) == 0)
      total += v / 1e3, s += 2;
    else if (strncmp(s, "us", 2) == 0)
      total += v / 1e6, s += 2;
    else if (strncmp(s, "\xc2\xb5s", 3) == 0) /* µs */
      total += v / 1e6, s += 3;
    else if (strncmp(s, "ns", 2) == 0)
      total += v / 1e9, s += 2;
    else if (*s == 'h')
      total += v * 3600, s++;
    else if (*s == 'm')
      total += v * 60, s++;
    else if (*s == 's')
      total += v, s++;
    else
      return -1;
    parts++;
  }
  /* strtod accepts "inf", "nan" and 1e300: converting those to an integer is
  ** undefined behaviour, so anything beyond int64 is malformed. */
  if (!parts || !(total >= 0 && total < 9.2e18)) return -1;
  *out = (sqlite3_int64)total;
  return 0;
}

int ds_ps_elapsed_seconds(const char *s, sqlite3_int64 *out) {
  if (!s) return -1;
  size_t len = strlen(s);
  if (all_digits(s, len)) {
    *out = strtoll(s, NULL, 10);
    return 0;
  }
  if (len > 0 && strchr("smh", s[len - 1]) && !strchr(s, ':')) return go_duration_seconds(s, out);
  /* Each field of [[DD-]HH:]MM:SS is bounded (ps prints a few digits) so
  ** the arithmetic below cannot overflow on hostile input. */
  sqlite3_int64 days = 0;
  const char *dash = strchr(s, '-');
  if (dash) {
    if (!all_digits(s, (size_t)(dash - s)) || dash - s > 9) return -1;
    days = strtoll(s, NULL, 10);
    s = dash + 1;
  }
  sqlite3_int64 parts[3];
  int np = 0;
  while (np < 3) {
    size_t n = strcspn(s, ":");
    if (!all_digits(s, n) || n > 9) return -1;
    parts[np++] = strtoll(s, NULL, 10);
    s += n;
    if (!*s) break;
    s++;
  }
  if (*s || np < 2 || (dash && np != 3)) return -1;
  sqlite3_int64 secs =
      np == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1];
  *out = days * 86400 + secs;
  return 0;
}

sqlite3_int64 ds_top_row_int(json_object *row, const ds_ps_field *fields, int nfields,
                             ds_ps_field f) {
  for (int i = 0; row && json_object_is_type(row, json_type_array) && i < nfields; i++) {
    if (fields[i] != f) continue;
    const char *s = json_object_get_string(json_object_array_get_idx(row, i));
    const char *p = s && (*s == '-' || *s == '+') ? s + 1 : s;
    if (p && *p && all_digits(p, strlen(p))) return strtoll(s, NULL, 10);
  }
  return -1;
}

char *ds_top_podman_rows(json_object *procs, const ds_ps_field *fields, int nfields,
                         sqlite3_int64 init) {
  size_t n = procs ? json_object_array_length(procs) : 0;
  sqlite3_int64 *pid = calloc(n ? n : 1, sizeof(*pid)), *ppid = calloc(n ? n : 1, sizeof(*ppid));
  char *keep = calloc(n ? n : 1, 1);
  if (!pid || !ppid || !keep) {
    free(pid), free(ppid), free(keep);
    return NULL;
  }
  sqlite3_int64 conmon = -1;
  for (size_t i = 0; i < n; i++) {
    json_object *row = json_object_array_get_idx(procs, i);
    pid[i] = ds_top_row_int(row, fields, nfields, DS_PS_PID);
    ppid[i] = ds_top_row_int(row, fields, nfields, DS_PS_NS_PPID);
    if (init > 0 && pid[i] == init) conmon = ppid[i];
  }
  /* Descendants of conmon (or of the init alone when conmon is unknown),
  ** found by growing the set until it stops changing. */
  sqlite3_int64 root = conmon > 1 ? conmon : init;
  for (int changed = init > 0; changed;) {
    changed = 0;
    for (size_t i = 0; i < n; i++) {
      if (keep[i] || pid[i] <= 0 || pid[i] == root) continue;
      int in = pid[i] == init || ppid[i] == root;
      for (size_t k = 0; !in && k < n; k++)
        in = keep[k] && pid[k] == ppid[i];
      if (in) keep[i] = 1, changed = 1;
    }
  }
  free(pid);
  free(ppid);
  return keep;
}

int ds_ps_int(const char *s, sqlite3_int64 *out) {
  if (!s || !*s) return 0;
  const char *p = (*s == '-' || *s == '+') ? s + 1 : s;
  if (!*p) return 0;
  for (const char *c = p; *c; c++)
    if (!isdigit((unsigned char)*c)) return 0;
  *out = strtoll(s, NULL, 10);
  return 1;
}

char *ds_ps_name_from_cmdline(const char *cmd) {
  size_t n = strcspn(cmd, " ");
  const char *start = cmd;
  for (size_t i = 0; i < n; i++)
    if (cmd[i] == '/') start = cmd + i + 1;
  return ds_strndup(start, (size_t)(cmd + n - start));
}

char *ds_ps_cpu_time(const char *v) {
  sqlite3_int64 secs;
  if (strchr(v, ':') || ds_ps_elapsed_seconds(v, &secs) != 0) return ds_strdup(v);
  sqlite3_int64 days = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60, sec = secs % 60;
  return days ? ds_mprintf("%lld-%02lld:%02lld:%02lld", (long long)days, (long long)h, (long long)m,
                           (long long)sec)
              : ds_mprintf("%02lld:%02lld:%02lld", (long long)h, (long long)m, (long long)sec);
}
