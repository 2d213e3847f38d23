/*
** docker_map.c - pure JSON-to-row helpers for the docker tables: secret
** redaction, port flattening, `docker top` titles, RFC 3339 times.  See
** include/ds_docker_map.h for the contracts.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ds_docker.h"
#include "engine/ds_docker_map.h"
#include "common/ds_util.h"

/* ---- secrets ----------------------------------------------------------------- */

int ds_env_entry(const char *entry, int reveal, char **key, char **value, int *secret_like) {
  const char *eq = strchr(entry, '=');
  size_t klen = eq ? (size_t)(eq - entry) : strlen(entry);
  *secret_like = ds_is_secret_key(entry, klen);
  *key = ds_strndup(entry, klen);
  *value = ds_strdup(*secret_like && !reveal ? DS_REDACTED : (eq ? eq + 1 : ""));
  if (!*key || !*value) {
    free(*key);
    free(*value);
    *key = *value = NULL;
    return -1;
  }
  return 0;
}

static int is_key_start(unsigned char c) {
  return isalpha(c) || c == '_';
}
static int is_key_char(unsigned char c) {
  return isalnum(c) || c == '_' || c == '.' || c == '-';
}
/* Characters after which a new word (and so a KEY=value) may start. */
static int at_word_start(const char *s, size_t i) {
  return i == 0 || isspace((unsigned char)s[i - 1]) || strchr(";&|(`'\"", s[i - 1]) != NULL;
}

/* End (exclusive) of the value starting at s[p]: a quoted string up to its
** closing quote, else up to white space or a shell/JSON delimiter. */
static size_t value_end(const char *s, size_t p) {
  char q = s[p];
  if (q == '"' || q == '\'') {
    size_t i = p + 1;
    for (; s[i] && s[i] != q; i++)
      if (q == '"' && s[i] == '\\' && s[i + 1]) i++;
    return s[i] ? i + 1 : i;
  }
  size_t i = p;
  while (s[i] && !isspace((unsigned char)s[i]) && !strchr(";&|)`\"'", s[i]))
    i++;
  return i;
}

/* Appends the value s[from, to) or its replacement. */
static void put_value(ds_buf *b, const char *s, size_t from, size_t to, int reveal) {
  if (reveal)
    ds_buf_append(b, s + from, to - from);
  else if (to > from)
    ds_buf_puts(b, DS_REDACTED);
}

/* KEY=value at s[i]: returns the index after it when redacted, else 0. */
static size_t redact_assignment(ds_buf *b, const char *s, size_t i, int reveal) {
  size_t j = i;
  if (!is_key_start((unsigned char)s[j])) return 0;
  while (is_key_char((unsigned char)s[j]))
    j++;
  if (s[j] != '=' || !ds_is_secret_key(s + i, j - i)) return 0;
  ds_buf_append(b, s + i, j + 1 - i);
  size_t end = value_end(s, j + 1);
  put_value(b, s, j + 1, end, reveal);
  return end;
}

/* --secret-flag=value or --secret-flag value at s[i]. */
static size_t redact_flag(ds_buf *b, const char *s, size_t i, int reveal) {
  if (s[i] != '-' || s[i + 1] != '-') return 0;
  size_t j = i + 2;
  while (is_key_char((unsigned char)s[j]))
    j++;
  if (j == i + 2 || !ds_is_secret_key(s + i + 2, j - i - 2)) return 0;
  if (s[j] == '=') {
    ds_buf_append(b, s + i, j + 1 - i);
    size_t end = value_end(s, j + 1);
    put_value(b, s, j + 1, end, reveal);
    return end;
  }
  if (s[j] != ' ' && s[j] != '\t') return 0;
  size_t v = j;
  while (s[v] == ' ' || s[v] == '\t')
    v++;
  if (!s[v] || s[v] == '-') return 0; /* a switch, not an option with a value */
  ds_buf_append(b, s + i, v - i);
  size_t end = value_end(s, v);
  put_value(b, s, v, end, reveal);
  return end;
}

/* Legacy "ENV KEY some value": everything after the key is the value. */
static size_t redact_legacy_env(ds_buf *b, const char *s, size_t i, int reveal) {
  if (strncmp(s + i, "ENV", 3) != 0 || (s[i + 3] != ' ' && s[i + 3] != '\t')) return 0;
  size_t k = i + 3;
  while (s[k] == ' ' || s[k] == '\t')
    k++;
  size_t m = k;
  if (!is_key_start((unsigned char)s[m])) return 0;
  while (is_key_char((unsigned char)s[m]))
    m++;
  if ((s[m] != ' ' && s[m] != '\t') || !ds_is_secret_key(s + k, m - k)) return 0;
  size_t v = m;
  while (s[v] == ' ' || s[v] == '\t')
    v++;
  size_t end = v + strcspn(s + v, "\n");
  ds_buf_append(b, s + i, v - i);
  put_value(b, s, v, end, reveal);
  return end;
}

/* scheme://user:password@host at s[i] == "://". */
static size_t redact_url_password(ds_buf *b, const char *s, size_t i, int reveal) {
  if (strncmp(s + i, "://", 3) != 0) return 0;
  size_t u = i + 3, j = u;
  while (s[j] && !strchr(":@/ \t\n\"'", s[j]))
    j++;
  if (s[j] != ':' || j == u) return 0;
  size_t k = j + 1;
  while (s[k] && !strchr("@/ \t\n\"'", s[k]))
    k++;
  if (s[k] != '@' || k == j + 1) return 0;
  ds_buf_append(b, s + i, j + 1 - i);
  put_value(b, s, j + 1, k, reveal);
  return k;
}

char *ds_redact_command(const char *s, int reveal, int *secret_like) {
  *secret_like = 0;
  if (!s) return NULL;
  ds_buf b = {0};
  if (ds_buf_puts(&b, "") != 0) return NULL;
  size_t i = 0;
  while (s[i]) {
    size_t next = 0;
    if (at_word_start(s, i)) {
      next = redact_legacy_env(&b, s, i, reveal);
      if (!next) next = redact_assignment(&b, s, i, reveal);
      if (!next) next = redact_flag(&b, s, i, reveal);
    }
    if (!next) next = redact_url_password(&b, s, i, reveal);
    if (next) {
      *secret_like = 1;
      i = next;
    } else {
      ds_buf_append(&b, s + i, 1);
      i++;
    }
  }
  char *r = ds_buf_take(&b);
  return r ? r : ds_strdup("");
}

const char *ds_label_value(const char *key, const char *value, int reveal) {
  if (!reveal && key && ds_is_secret_key(key, strlen(key))) return DS_REDACTED;
  return value;
}

int ds_emit_label_rows(ds_query *q, json_object *labels, const char *id, int id_col, int key_col,
                       int value_col) {
  if (!labels || !json_object_is_type(labels, json_type_object)) return SQLITE_OK;
  int reveal = (int)ds_query_reveal(q);
  json_object_object_foreach(labels, key, value) {
    if (!ds_query_accepts_text(q, key_col, key)) continue;
    int rc = ds_row_new(q);
    if (rc != SQLITE_OK) return rc;
    ds_set_text(q, id_col, id);
    ds_set_text(q, key_col, key);
    /* A secret-looking key ("api-token") hides its value unless revealed. */
    ds_set_text(q, value_col, ds_label_value(key, json_object_get_string(value), reveal));
  }
  return SQLITE_OK;
}

/* A copy of string `s` redacted as a command line (NULL in, NULL out). */
static json_object *redacted_string(const char *s, int reveal) {
  int secret = 0;
  char *r = ds_redact_command(s, reveal, &secret);
  json_object *o = r ? json_object_new_string(r) : NULL;
  free(r);
  return o;
}

char *ds_redacted_object_text(json_object *o, int reveal) {
  if (!o || json_object_is_type(o, json_type_null)) return NULL;
  if (reveal || !json_object_is_type(o, json_type_object)) return ds_json_text(o, 0);
  json_object *copy = json_object_new_object();
  if (!copy) return NULL;
  json_object_object_foreach(o, key, value) {
    json_object *v;
    if (ds_is_secret_key(key, strlen(key)))
      v = json_object_new_string(DS_REDACTED);
    else if (json_object_is_type(value, json_type_string))
      v = redacted_string(json_object_get_string(value), 0);
    else
      v = json_object_get(value); /* shared, not copied: released with `copy` */
    json_object_object_add(copy, key, v);
  }
  char *text = ds_json_text(copy, 0);
  json_object_put(copy);
  return text;
}

/* "--password" (or "-password"): a flag whose value is the next argument. */
static int is_secret_flag(const char *s) {
  if (!s || s[0] != '-') return 0;
  while (*s == '-')
    s++;
  return *s && !strchr(s, '=') && ds_is_secret_key(s, strlen(s));
}

char *ds_redacted_args_text(json_object *a, int reveal, int empty_array_for_null) {
  if (reveal || !a || !json_object_is_type(a, json_type_array))
    return ds_json_text(a, empty_array_for_null);
  json_object *copy = json_object_new_array();
  if (!copy) return NULL;
  const char *prev = NULL;
  for (size_t i = 0; i < json_object_array_length(a); i++) {
    json_object *e = json_object_array_get_idx(a, i);
    const char *s = json_object_is_type(e, json_type_string) ? json_object_get_string(e) : NULL;
    json_object *v;
    if (s && is_secret_flag(prev))
      v = json_object_new_string(DS_REDACTED);
    else if (s)
      v = redacted_string(s, 0);
    else
      v = json_object_get(e);
    json_object_array_add(copy, v);
    prev = s;
  }
  char *text = ds_json_text(copy, empty_array_for_null);
  json_object_put(copy);
  return text;
}

/* ---- ports ------------------------------------------------------------------ */

static ds_port_row *port_push(ds_port_list *l, int *cap) {
  if (l->n == *cap) {
    int ncap = *cap ? *cap * 2 : 8;
    ds_port_row *r = realloc(l->rows, (size_t)ncap * sizeof(*r));
    if (!r) return NULL;
    l->rows = r;
    *cap = ncap;
  }
  ds_port_row *row = &l->rows[l->n++];
  memset(row, 0, sizeof(*row));
  return row;
}

static void copy_text(char *dst, size_t n, const char *src) {
  snprintf(dst, n, "%s", src ? src : "");
}

int ds_ports_from_summary(json_object *ports, ds_port_list *out) {
  memset(out, 0, sizeof(*out));
  if (!ports || !json_object_is_type(ports, json_type_array)) return 0;
  int cap = 0;
  for (size_t i = 0; i < json_object_array_length(ports); i++) {
    json_object *p = json_object_array_get_idx(ports, i);
    ds_port_row *r = port_push(out, &cap);
    if (!r) {
      ds_ports_free(out);
      return -1;
    }
    copy_text(r->type, sizeof(r->type), ds_or(ds_json_str(p, "Type"), "tcp"));
    r->port = ds_json_int(p, "PrivatePort", 0);
    copy_text(r->host_ip, sizeof(r->host_ip), ds_json_str(p, "IP"));
    r->host_port = ds_json_int(p, "PublicPort", 0);
    r->published = ds_json_has(p, "PublicPort") && r->host_port > 0;
  }
  return 0;
}

/* "80/tcp" -> 80, "tcp"; a key without protocol is tcp, as docker reads it. */
static void parse_port_key(const char *key, ds_port_row *r) {
  r->port = strtoll(key, NULL, 10);
  const char *slash = strchr(key, '/');
  copy_text(r->type, sizeof(r->type), slash ? slash + 1 : "tcp");
}

/* HostPort is a string: "" (any free port, picked at start), "8080", or a
** range "8000-8010" (the first port is the one the engine tries first). */
static sqlite3_int64 parse_host_port(const char *s) {
  return s && *s ? strtoll(s, NULL, 10) : 0;
}

int ds_ports_from_bindings(json_object *bindings, json_object *exposed, ds_port_list *out) {
  memset(out, 0, sizeof(*out));
  int cap = 0;
  if (bindings && json_object_is_type(bindings, json_type_object)) {
    json_object_object_foreach(bindings, key, list) {
      size_t n =
          list && json_object_is_type(list, json_type_array) ? json_object_array_length(list) : 0;
      for (size_t i = 0; i < (n ? n : 1); i++) {
        ds_port_row *r = port_push(out, &cap);
        if (!r) goto oom;
        parse_port_key(key, r);
        if (n) {
          json_object *b = json_object_array_get_idx(list, i);
          copy_text(r->host_ip, sizeof(r->host_ip), ds_json_str(b, "HostIp"));
          r->host_port = parse_host_port(ds_json_str(b, "HostPort"));
          r->published = 1;
        }
      }
    }
  }
  if (exposed && json_object_is_type(exposed, json_type_object)) {
    json_object_object_foreach(exposed, key, unused) {
      (void)unused;
      if (bindings && ds_json_has(bindings, key)) continue;
      ds_port_row *r = port_push(out, &cap);
      if (!r) goto oom;
      parse_port_key(key, r);
    }
  }
  return 0;
oom:
  ds_ports_free(out);
  return -1;
}

void ds_ports_free(ds_port_list *list) {
  free(list->rows);
  list->rows = NULL;
  list->n = 0;
}

/* ---- docker top ---------------------------------------------------------------- */

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
    ds_buf_puts(&line, "");
    for (size_t k = 0;
         row && json_object_is_type(row, json_type_array) && k < json_object_array_length(row);
         k++) {
      if (k) ds_buf_puts(&line, " ");
      ds_buf_puts(&line, ds_or(json_object_get_string(json_object_array_get_idx(row, k)), ""));
    }
    json_object *cells = json_object_new_array();
    fail = !cells || !line.data || split_words(cells, line.data, nt) < 0 ||
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

/* ---- time ------------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
** days_from_civil), valid for every year docker writes, including 1. */
static sqlite3_int64 days_from_civil(sqlite3_int64 y, unsigned m, unsigned d) {
  y -= m <= 2;
  const sqlite3_int64 era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (sqlite3_int64)doe - 719468;
}

static int digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

int ds_parse_rfc3339(const char *s, sqlite3_int64 *out) {
  int Y, M, D, h, m, sec;
  if (!s || strlen(s) < 20) return -1;
  if (digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) || s[7] != '-' ||
      digits(s + 8, 2, &D) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &m) || s[16] != ':' ||
      digits(s + 17, 2, &sec))
    return -1;
  if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60) return -1;
  const char *p = s + 19;
  if (*p == '.') {
    p++;
    if (!isdigit((unsigned char)*p)) return -1;
    while (isdigit((unsigned char)*p))
      p++;
  }
  int offset = 0;
  if (*p == 'Z' || *p == 'z') {
    p++;
  } else if (*p == '+' || *p == '-') {
    int oh, om;
    if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om)) return -1;
    offset = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
    p += 6;
  } else {
    return -1;
  }
  if (*p) return -1;
  *out = days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400 + h * 3600 + m * 60 + sec - offset;
  return 0;
}

int ds_is_zero_time(const char *s) {
  return !s || !*s || strncmp(s, "0001-01-01T00:00:00", 19) == 0;
}
