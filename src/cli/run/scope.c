/*
** scope.c - scoping a run's findings to containers, marking dockersec's own
** container, and applying the waivers (scope.h).
*/
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_util.h"
#include "cli/run/scope.h"

int ds_scope_active(const ds_scope *s) {
  return s->ncontainers || s->nexcludes || s->nlabels || s->nimages || s->nnamespaces;
}

void ds_container_names(const ds_container_info *c, const char *name,
                        const char *out[DS_CONTAINER_NAMES]) {
  int n = 0;
  if (name) out[n++] = name;
  if (c && c->name) out[n++] = c->name;
  if (c && c->pod) out[n++] = c->pod;
  out[n] = NULL;
}

int ds_scope_name_match(const char *glob, const ds_container_info *c, const char *name) {
  const char *names[DS_CONTAINER_NAMES];
  ds_container_names(c, name, names);
  return ds_glob_any(glob, names);
}

/* 1 when any glob matches `s` (NULL: none does). */
static int any_glob(char *const *globs, int n, const char *s) {
  for (int i = 0; s && i < n; i++)
    if (fnmatch(globs[i], s, 0) == 0) return 1;
  return 0;
}

static int has_label(const ds_container_info *c, const char *want) {
  size_t n = strcspn(want, "=");
  for (int i = 0; c && i < c->nlabels; i++) {
    const char *l = c->labels[i];
    if (want[n] ? strcmp(l, want) == 0 : strncmp(l, want, n) == 0 && l[n] == '=') return 1;
  }
  return 0;
}

int ds_scope_matches(const ds_scope *s, const ds_container_info *c, const char *name) {
  for (int i = 0; i < s->nexcludes; i++)
    if (ds_scope_name_match(s->excludes[i], c, name)) return 0;
  if (s->ncontainers) {
    int any = 0;
    for (int i = 0; i < s->ncontainers && !any; i++)
      any = ds_scope_name_match(s->containers[i], c, name);
    if (!any) return 0;
  }
  for (int i = 0; i < s->nlabels; i++)
    if (!has_label(c, s->labels[i])) return 0;
  if (s->nimages && !any_glob(s->images, s->nimages, c ? c->image : NULL)) return 0;
  /* Not on Kubernetes (no pod namespace): never in a --pod-namespace scope. */
  if (s->nnamespaces && !any_glob(s->namespaces, s->nnamespaces, c ? c->pod_namespace : NULL))
    return 0;
  return 1;
}

/* ---- dockersec's own container ------------------------------------------ */

/* The first run of exactly 64 hex digits in `text` after `after` (a marker
** such as "docker" or "/containers/"), or 0. */
static int find_id(const char *text, const char *after, char out[65]) {
  for (const char *m = text; (m = strstr(m, after)); m++) {
    const char *p = m + strlen(after);
    for (; *p && *p != '\n'; p++) {
      size_t n = 0;
      while (isxdigit((unsigned char)p[n]) && !isupper((unsigned char)p[n]))
        n++;
      if (n == 64 && (p == text || !isxdigit((unsigned char)p[-1]))) {
        memcpy(out, p, 64);
        out[64] = '\0';
        return 1;
      }
      if (n) p += n - 1;
    }
  }
  return 0;
}

void ds_self_container_id(const char *root, char out[65]) {
  out[0] = '\0';
  const char *env = getenv("DOCKERSEC_SELF_ID");
  if (env && strlen(env) == 64) {
    memcpy(out, env, 65);
    return;
  }
  DS_UNUSED(root); /* /proc/self is always ours, whatever the host root */
  char *text = NULL;
  size_t len = 0;
  /* cgroup v1 and the systemd driver name the id ("/docker/<id>",
  ** "docker-<id>.scope", "cri-containerd-<id>", "crio-<id>"); under cgroup
  ** v2 with a private namespace the path is "/", but the container's
  ** hostname, hosts and resolv.conf come from its own directory. */
  if (ds_read_file("/proc/self/cgroup", 1 << 20, &text, &len) == 0) {
    int found = ds_container_id_in(text, 0, out);
    free(text);
    if (found) return;
  }
  text = NULL;
  if (ds_read_file("/proc/self/mountinfo", 8 << 20, &text, &len) == 0) {
    ds_container_id_in(text, 1, out);
    free(text);
  }
}

int ds_container_id_in(const char *text, int mountinfo, char out[65]) {
  out[0] = '\0';
  if (mountinfo) return find_id(text, "/containers/", out) || (out[0] = '\0');
  if (find_id(text, "docker", out) || find_id(text, "containerd-", out) ||
      find_id(text, "crio-", out) || find_id(text, "libpod-", out))
    return 1;
  out[0] = '\0';
  return 0;
}

/* ---- the container directory -------------------------------------------- */

typedef struct directory {
  ds_container_info *c;
  size_t n;
} directory;

static void info_free(ds_container_info *c) {
  free(c->id);
  free(c->name);
  free(c->image);
  free(c->pod);
  free(c->pod_namespace);
  for (int k = 0; k < c->nlabels; k++)
    free(c->labels[k]);
  free(c->labels);
}

static void directory_free(directory *d) {
  for (size_t i = 0; i < d->n; i++)
    info_free(&d->c[i]);
  free(d->c);
}

static int same(const char *a, const char *b) {
  return a && b && strcmp(a, b) == 0;
}

/* By id (a prefix, as `docker ps` shortens it), else by engine name or pod
** path: findings name a Kubernetes container by its pod path. */
static ds_container_info *directory_find(directory *d, const char *id, const char *name) {
  for (size_t i = 0; i < d->n; i++) {
    if (id && *id && strncmp(d->c[i].id, id, strlen(id)) == 0) return &d->c[i];
    if (!id && (same(d->c[i].pod, name) || (!d->c[i].pod && same(d->c[i].name, name))))
      return &d->c[i];
  }
  return NULL;
}

static char *col_text(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? ds_strdup((const char *)t) : NULL;
}

/* A Kubernetes container's own name: the last part of all_containers' name
** (namespace/pod/container), which neither part before it can contain. */
static void split_pod_name(ds_container_info *c) {
  const char *slash = c->name ? strrchr(c->name, '/') : NULL;
  if (!slash) return;
  c->pod = c->name;
  c->name = slash[1] ? ds_strdup(slash + 1) : NULL;
}

/* Every container all_containers knows, with the engine's labels: two reads
** of the run's snapshot (nothing new is asked of the engine or the runtime).
** A snapshot that cannot be read leaves the directory empty (or without
** labels): the checks already say why. */
static void directory_load(sqlite3 *db, directory *d) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db,
                         "SELECT id, ltrim(name, '/'), image, pod_namespace, pod_name "
                         "FROM all_containers",
                         -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      ds_container_info *grown = realloc(d->c, (d->n + 1) * sizeof(*grown));
      if (!grown) break;
      d->c = grown;
      ds_container_info *c = &d->c[d->n];
      memset(c, 0, sizeof(*c));
      c->id = col_text(st, 0);
      c->name = col_text(st, 1);
      c->image = col_text(st, 2);
      c->pod_namespace = col_text(st, 3);
      if (sqlite3_column_type(st, 4) != SQLITE_NULL) split_pod_name(c);
      if (c->id)
        d->n++;
      else
        info_free(c); /* a row without id cannot be told apart */
    }
  }
  sqlite3_finalize(st);
  st = NULL;
  if (d->n && sqlite3_prepare_v2(db,
                                 "SELECT id, key || '=' || ifnull(value, '') "
                                 "FROM docker_container_labels",
                                 -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const char *id = (const char *)sqlite3_column_text(st, 0);
      ds_container_info *c = id ? directory_find(d, id, NULL) : NULL;
      if (!c) continue;
      char **grown = realloc(c->labels, (size_t)(c->nlabels + 1) * sizeof(char *));
      if (!grown) break;
      c->labels = grown;
      if ((c->labels[c->nlabels] = col_text(st, 1))) c->nlabels++;
    }
  }
  sqlite3_finalize(st);
}

/* ---- annotating the findings -------------------------------------------- */

static int column_of(const ds_result *f, const char *name) {
  for (int i = 0; i < f->ncols; i++)
    if (strcmp(f->cols[i], name) == 0) return i;
  return -1;
}

static const char *cell_str(const ds_value *row, int col) {
  return col >= 0 && row[col].type == SQLITE_TEXT ? row[col].s : NULL;
}

static void drop_row(ds_result *f, size_t row) {
  ds_value *cells = &f->cells[row * (size_t)f->ncols];
  for (int c = 0; c < f->ncols; c++)
    free(cells[c].s);
  memmove(cells, cells + f->ncols, (f->nrows - row - 1) * (size_t)f->ncols * sizeof(ds_value));
  f->nrows--;
}

static int annotate_result(ds_check_result *cr, const ds_scope *s, ds_waivers *ws, directory *d,
                           const char *self) {
  ds_result *f = &cr->findings;
  if (cr->status != DS_STATUS_FAIL) return 0;
  int idc = column_of(f, "container_id"), namec = column_of(f, "container_name");
  int scoped = ds_scope_active(s) && (idc >= 0 || namec >= 0);
  for (size_t row = 0; scoped && row < f->nrows;) {
    const ds_value *cells = &f->cells[row * (size_t)f->ncols];
    const char *id = cell_str(cells, idc), *name = cell_str(cells, namec);
    if (name && *name == '/') name++;
    if (!id && !name) {
      row++;
      continue; /* this row is not about a container */
    }
    if (ds_scope_matches(s, directory_find(d, id, name), name))
      row++;
    else
      drop_row(f, row);
  }
  if (f->nrows == 0) {
    cr->status = DS_STATUS_PASS;
    return 0;
  }
  cr->notes = calloc(f->nrows, sizeof(ds_finding_note));
  if (!cr->notes) return -1;
  cr->waived = 0;
  for (size_t row = 0; row < f->nrows; row++) {
    const ds_value *cells = &f->cells[row * (size_t)f->ncols];
    const char *id = cell_str(cells, idc), *name = cell_str(cells, namec);
    if (name && *name == '/') name++;
    ds_container_info *c = (id || name) ? directory_find(d, id, name) : NULL;
    const char *names[DS_CONTAINER_NAMES];
    ds_container_names(c, name, names);
    if (!names[0] && id) { /* a container no longer listed: its id names it */
      names[0] = id;
      names[1] = NULL;
    }
    if (*self && ((id && strncmp(self, id, strlen(id)) == 0 && strlen(id) >= 12) ||
                  (c && strcmp(c->id, self) == 0)))
      cr->notes[row].self = 1;
    cr->notes[row].waiver = ws ? ds_waivers_match(ws, cr->check, names, c ? c->image : NULL) : NULL;
    if (ds_note_waived(&cr->notes[row])) cr->waived++;
  }
  return 0;
}

int ds_run_annotate(sqlite3 *db, const ds_scope *s, ds_waivers *ws, ds_report *r) {
  directory d = {0};
  char self[65];
  ds_self_container_id(NULL, self);
  directory_load(db, &d);
  int rc = 0;
  for (size_t i = 0; i < r->nresults && rc == 0; i++)
    rc = annotate_result(&r->results[i], s, ws, &d, self);
  directory_free(&d);
  r->waivers = ws;
  ds_report_summarise(r);
  return rc;
}
