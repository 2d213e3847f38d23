/*
** snapshot.c - the runtime state of the host read once per snapshot (see
** ds_runtime.h): what ds_runtime_each() serves the tables from.
**
** Parsing config.json is what reading runtime state costs (a Docker or
** containerd spec is 5-30 KiB of JSON, most of it the seccomp profile); a
** pack reads the containers of every runtime in a dozen checks and joins,
** so without a snapshot it parsed every bundle a dozen times or more.  The
** scan finds the containers (directory listings and pid files, no JSON);
** each spec is parsed the first time a call wants it and kept, minus its
** seccomp rule list (no table reads the rules, and they are most of it).
*/
#include <stdlib.h>
#include <string.h>

#include "common/ds_util.h"
#include "runtime/ds_runtime.h"

typedef struct entry {
  ds_rt_container c;
  ds_oci_spec spec; /* spec.doc NULL until loaded, or when it did not parse */
  char *note;       /* why the spec could not be read                       */
  int loaded;       /* 1 once load() ran; -1 when the bundle was gone       */
} entry;

struct ds_rt_snapshot {
  char *root;            /* the root prefix it was read under */
  sqlite3_int64 read_ms; /* when it was read (monotonic)      */
  entry *v;
  size_t n, cap;
};

void ds_rt_snapshot_free(ds_rt_snapshot *s) {
  if (!s) return;
  for (size_t i = 0; i < s->n; i++) {
    ds_oci_free(&s->v[i].spec);
    free(s->v[i].note);
  }
  free(s->v);
  free(s->root);
  free(s);
}

/* ds_rt_fn of the DS_RT_LAZY scan: records each container as found. */
static int collect(ds_query *q, const ds_rt_container *c, const ds_oci_spec *spec, const char *note,
                   void *arg) {
  DS_UNUSED(spec);
  DS_UNUSED(note);
  ds_rt_snapshot *s = arg;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    entry *v = realloc(s->v, cap * sizeof(*v));
    if (!v) return ds_error(q, "out of memory");
    s->v = v;
    s->cap = cap;
  }
  memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
  s->v[s->n++].c = *c;
  return SQLITE_OK;
}

static int fresh(const ds_rt_snapshot *s, const char *root, sqlite3_int64 ttl_ms) {
  return s && ttl_ms > 0 && strcmp(s->root, root) == 0 && ds_now_ms() - s->read_ms < ttl_ms;
}

/* Finds every runtime's containers into a new snapshot; NULL on error (the
** query's error is set). */
static ds_rt_snapshot *read_snapshot(ds_query *q) {
  ds_rt_snapshot *s = calloc(1, sizeof(*s));
  if (!s || !(s->root = ds_strdup(ds_query_root(q)))) {
    ds_rt_snapshot_free(s);
    ds_error(q, "out of memory");
    return NULL;
  }
  s->read_ms = ds_now_ms();
  /* -1: no id filter whatever this query asks - the snapshot serves every
  ** later query too. */
  if (ds_runtime_scan(q, -1, DS_RT_LAZY, NULL, collect, s) != SQLITE_OK) {
    ds_rt_snapshot_free(s);
    return NULL;
  }
  return s;
}

/* The seccomp rules: by far the largest part of a spec, read by no table. */
static void drop_seccomp_rules(ds_oci_spec *spec) {
  if (spec->seccomp && json_object_is_type(spec->seccomp, json_type_object))
    json_object_object_del(spec->seccomp, "syscalls");
}

static void load(ds_query *q, entry *e) {
  int rc = ds_runtime_load(q, DS_RT_NAMES, &e->c, &e->spec, &e->note);
  if (rc > 0) drop_seccomp_rules(&e->spec);
  e->loaded = rc < 0 ? -1 : 1;
}

int ds_runtime_each_if(ds_query *q, int id_col, unsigned flags, ds_rt_want_fn want, ds_rt_fn fn,
                       void *arg) {
  ds_rt_snapshot **slot = ds_query_runtime_snapshot(q);
  sqlite3_int64 ttl = ds_query_cache_ttl_ms(q);
  if (!fresh(*slot, ds_query_root(q), ttl)) {
    /* A lookup of given ids is cheaper as a scan for them alone, and with no
    ** snapshot lifetime every call reads afresh. */
    if (ttl <= 0 || ds_query_nvalues(q, id_col) > 0)
      return ds_runtime_scan(q, id_col, flags, want, fn, arg);
    ds_rt_snapshot *s = read_snapshot(q);
    if (!s) return SQLITE_ERROR;
    ds_rt_snapshot_free(*slot);
    *slot = s;
  }
  ds_rt_snapshot *s = *slot;
  int rc = SQLITE_OK;
  for (size_t i = 0; i < s->n && rc == SQLITE_OK; i++) {
    entry *e = &s->v[i];
    if (!ds_query_accepts_text(q, id_col, e->c.id)) continue;
    if (want && !want(q, &e->c, arg)) continue;
    if (!e->loaded) load(q, e);
    if (e->loaded < 0) continue; /* gone mid-scan */
    rc = fn(q, &e->c, e->spec.doc ? &e->spec : NULL, e->note, arg);
  }
  return rc;
}

int ds_runtime_each(ds_query *q, int id_col, unsigned flags, ds_rt_fn fn, void *arg) {
  return ds_runtime_each_if(q, id_col, flags, NULL, fn, arg);
}
