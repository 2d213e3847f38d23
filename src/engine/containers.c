/*
** containers.c - the container selection shared by the docker_container*
** tables.
**
** Push-down: with `WHERE id = X` (or IN), the list is asked with an id filter
** and only those containers are inspected - exactly one inspect per id.  When
** the full list is already in the snapshot (a pack run), it is filtered here
** instead of asking the engine again.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/ds_containers.h"
#include "common/ds_util.h"

const char *ds_container_name(json_object *summary) {
  json_object *names = ds_json_path(summary, "Names", NULL);
  if (!names || !json_object_is_type(names, json_type_array) ||
      json_object_array_length(names) == 0)
    return NULL;
  return json_object_get_string(json_object_array_get_idx(names, 0));
}

static int is_hex_id(const char *s) {
  size_t n = 0;
  for (; s[n]; n++)
    if (!isxdigit((unsigned char)s[n])) return 0;
  return n > 0 && n <= 64;
}

/* The id constraint value that matches container `id` (a prefix of it,
** case-insensitive), or NULL. */
static const char *matching_value(const ds_query *q, int id_col, const char *id) {
  int n = ds_query_nvalues(q, id_col);
  for (int i = 0; i < n; i++) {
    const char *v = ds_query_text(q, id_col, i);
    if (v && is_hex_id(v) && id && strncasecmp(v, id, strlen(v)) == 0) return v;
  }
  return NULL;
}

static int name_matches(const ds_query *q, int name_col, json_object *summary);

/* ---- full-id lookups -------------------------------------------------------
** A join hands the per-container tables one id per outer row: comparing
** every list entry with it would cost list × rows per table (the profile of a
** pack run at 240 containers: a quarter of all instructions).  Full ids (64
** hex digits, the docker_containers.id values a join passes) are looked up
** in an index of the list instead, built once per list document and kept
** with it (json-c userdata), so it goes when the snapshot does. */

#define FULL_ID_LEN 64

typedef struct id_index {
  size_t mask;  /* capacity - 1, a power of two minus one */
  int *slot;    /* list index, or -1 */
  int complete; /* every entry had an Id */
} id_index;

static size_t hash_id(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (size_t)tolower((unsigned char)*s)) * 1099511628211u;
  return h;
}

static void free_index(json_object *o, void *userdata) {
  DS_UNUSED(o);
  id_index *x = userdata;
  free(x->slot);
  free(x);
}

static id_index *build_index(json_object *list) {
  size_t n = json_object_array_length(list), cap = 16;
  while (cap < 2 * n)
    cap *= 2;
  id_index *x = calloc(1, sizeof(*x));
  if (!x || !(x->slot = malloc(cap * sizeof(int)))) {
    free(x);
    return NULL;
  }
  x->mask = cap - 1;
  x->complete = 1;
  for (size_t i = 0; i < cap; i++)
    x->slot[i] = -1;
  for (size_t i = 0; i < n; i++) {
    const char *id = ds_json_str(json_object_array_get_idx(list, i), "Id");
    if (!id || !*id) {
      x->complete = 0;
      continue;
    }
    size_t h = hash_id(id) & x->mask;
    while (x->slot[h] >= 0)
      h = (h + 1) & x->mask;
    x->slot[h] = (int)i;
  }
  return x;
}

static const id_index *list_index(json_object *list) {
  id_index *x = json_object_get_userdata(list);
  if (x) return x;
  if (!(x = build_index(list))) return NULL;
  json_object_set_userdata(list, x, free_index);
  return x;
}

/* The list index of the container whose id is `id` (any case), or -1. */
static int index_find(const id_index *x, json_object *list, const char *id) {
  for (size_t h = hash_id(id) & x->mask; x->slot[h] >= 0; h = (h + 1) & x->mask) {
    const char *have = ds_json_str(json_object_array_get_idx(list, (size_t)x->slot[h]), "Id");
    if (have && strcasecmp(have, id) == 0) return x->slot[h];
  }
  return -1;
}

/* 1 when every value is a full id or NULL (a host process's container_id in
** a join: it matches nothing). */
static int full_ids_only(const ds_query *q, int col) {
  for (int i = 0; i < ds_query_nvalues(q, col); i++) {
    const char *v = ds_query_text(q, col, i);
    if (v && (strlen(v) != FULL_ID_LEN || !is_hex_id(v))) return 0;
  }
  return 1;
}

static int by_list_index(const void *a, const void *b) {
  const int *x = a, *y = b;
  return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Fills `out` (items allocated for the whole list) with the containers named
** by full ids, in list order, once each.  Returns 0, or -1 when the index
** cannot serve (no memory, an entry without Id): the caller scans. */
static int select_full_ids(ds_query *q, int id_col, int name_col, json_object *list,
                           ds_container_set *out) {
  const id_index *x = list_index(list);
  if (!x || !x->complete) return -1;
  int nv = ds_query_nvalues(q, id_col);
  int(*hits)[2] = calloc(nv ? (size_t)nv : 1, sizeof(*hits)); /* {list index, value} */
  if (!hits) return -1;
  int k = 0;
  for (int i = 0; i < nv; i++) {
    const char *v = ds_query_text(q, id_col, i);
    int at = v ? index_find(x, list, v) : -1;
    if (at >= 0) {
      hits[k][0] = at;
      hits[k++][1] = i;
    }
  }
  if (k > 1) qsort(hits, (size_t)k, sizeof(*hits), by_list_index);
  for (int i = 0; i < k; i++) {
    if (i > 0 && hits[i][0] == hits[i - 1][0]) continue; /* IN (a, a) */
    json_object *c = json_object_array_get_idx(list, (size_t)hits[i][0]);
    if (!name_matches(q, name_col, c)) continue;
    out->items[out->n].summary = c;
    out->items[out->n].id = ds_query_text(q, id_col, hits[i][1]);
    out->n++;
  }
  free(hits);
  return 0;
}

const char *ds_id_match(const ds_query *q, int col, const char *id) {
  if (!id) return NULL;
  if (col < 0 || ds_query_nvalues(q, col) == 0) return id;
  return matching_value(q, col, id);
}

static int name_matches(const ds_query *q, int name_col, json_object *summary) {
  if (name_col < 0 || ds_query_nvalues(q, name_col) == 0) return 1;
  const char *name = ds_container_name(summary);
  if (!name) return 0;
  /* Accept "/web" and "web": SQLite re-checks the exact value anyway. */
  if (ds_query_accepts_text(q, name_col, name)) return 1;
  return name[0] == '/' && ds_query_accepts_text(q, name_col, name + 1);
}

/* GET /containers/json?all=1&filters={"id":["a","b"]} for the hex values.
** Sets *none when no value could match any container (nothing to ask). */
static json_object *filtered_list(ds_docker *d, const ds_query *q, int id_col, int *none,
                                  char **err) {
  ds_buf json = {0}, path = {0};
  ds_buf_puts(&json, "{\"id\":[");
  int k = 0;
  for (int i = 0; i < ds_query_nvalues(q, id_col); i++) {
    const char *v = ds_query_text(q, id_col, i);
    if (v && is_hex_id(v)) ds_buf_printf(&json, "%s\"%s\"", k++ ? "," : "", v);
  }
  ds_buf_puts(&json, "]}");
  ds_buf_puts(&path, "/containers/json?all=1&filters=");
  for (const char *p = json.data; p && *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (isalnum(c) || c == '-' || c == '_' || c == '.')
      ds_buf_append(&path, p, 1);
    else
      ds_buf_printf(&path, "%%%02X", c);
  }
  *none = k == 0;
  if (ds_buf_failed(&json) || ds_buf_failed(&path)) {
    *err = ds_mprintf("%s: out of memory", ds_docker_host(d));
    *none = 0;
    k = 0;
  }
  json_object *o = k ? ds_docker_get(d, path.data, NULL, err) : NULL;
  ds_buf_free(&json);
  ds_buf_free(&path);
  return o;
}

int ds_containers_select(ds_query *q, int id_col, int name_col, int inspect,
                         ds_container_set *out) {
  memset(out, 0, sizeof(*out));
  ds_docker *d = ds_query_docker(q);
  if (!d) return ds_error(q, "out of memory");
  char *err = NULL;
  json_object *list = NULL;
  int by_id = id_col >= 0 && ds_query_nvalues(q, id_col) > 0;
  /* A whole list in the snapshot serves a query by id; one the snapshot
  ** refused (wrong shape) is that query's error too. */
  if (by_id && !(list = ds_docker_cached(d, "/containers/json?all=1", &err)) && err) {
    int rc = ds_error(q, "%s", err);
    free(err);
    return rc;
  }
  if (by_id && !list) {
    int none = 0;
    list = filtered_list(d, q, id_col, &none, &err);
    if (none) return SQLITE_OK;
  } else if (!list) {
    list = ds_docker_containers(d, &err);
  }
  if (!list) {
    int rc = ds_error(q, "%s", err ? err : "cannot list containers");
    free(err);
    return rc;
  }
  size_t n = json_object_array_length(list);
  /* By full ids, at most one container per value: a join asks one at a
  ** time, so do not allocate for the whole list each time. */
  int full = by_id && full_ids_only(q, id_col);
  size_t room =
      full && (size_t)ds_query_nvalues(q, id_col) < n ? (size_t)ds_query_nvalues(q, id_col) : n;
  out->items = calloc(room ? room : 1, sizeof(ds_container_ref));
  if (!out->items) return ds_error(q, "out of memory");
  int indexed = full && select_full_ids(q, id_col, name_col, list, out) == 0;
  if (!indexed && room < n) { /* the index could not serve: scan the whole list */
    ds_container_ref *all = realloc(out->items, (n ? n : 1) * sizeof(ds_container_ref));
    if (!all) {
      ds_containers_free(out);
      return ds_error(q, "out of memory");
    }
    out->items = all;
    out->n = 0;
  }
  for (size_t i = 0; !indexed && i < n; i++) {
    json_object *c = json_object_array_get_idx(list, i);
    const char *id = ds_json_str(c, "Id");
    if (!id || !*id) {
      /* Skipping it would report fewer containers than exist. */
      ds_containers_free(out);
      return ds_error(q, "GET /containers/json on %s: entry %zu has no Id", ds_docker_host(d), i);
    }
    const char *emit = id;
    if (by_id && !(emit = matching_value(q, id_col, id))) continue;
    if (!name_matches(q, name_col, c)) continue;
    out->items[out->n].summary = c;
    out->items[out->n].id = emit;
    out->n++;
  }
  if (!inspect || out->n == 0) return SQLITE_OK;

  const char **ids = calloc((size_t)out->n, sizeof(char *));
  json_object **docs = calloc((size_t)out->n, sizeof(json_object *));
  if (!ids || !docs) {
    free(ids);
    free(docs);
    ds_containers_free(out);
    return ds_error(q, "out of memory");
  }
  for (int i = 0; i < out->n; i++)
    ids[i] = ds_json_str(out->items[i].summary, "Id");
  int rc = SQLITE_OK;
  if (ds_docker_inspect_many(d, ids, out->n, docs, &err) != 0) {
    rc = ds_error(q, "%s", err ? err : "cannot inspect containers");
  } else {
    /* Keep the containers that still exist, in list order. */
    int k = 0;
    for (int i = 0; i < out->n; i++) {
      if (!docs[i]) continue;
      out->items[k] = out->items[i];
      out->items[k].inspect = docs[i];
      k++;
    }
    out->n = k;
  }
  free(err);
  free(ids);
  free(docs);
  /* On error the caller gets nothing to free (and no partial set). */
  if (rc != SQLITE_OK) ds_containers_free(out);
  return rc;
}

int ds_containers_each(ds_query *q, int id_col, int name_col, int inspect,
                       ds_container_emit_fn emit, void *arg) {
  ds_container_set set;
  int rc = ds_containers_select(q, id_col, name_col, inspect, &set);
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++)
    rc = emit(q, &set.items[i], arg);
  ds_containers_free(&set);
  return rc;
}

void ds_containers_free(ds_container_set *set) {
  free(set->items);
  set->items = NULL;
  set->n = 0;
}
