/*
** docker_caps.c - a container's capability set from its HostConfig.
**
** Mirrors moby's daemon/pkg/oci/caps TweakCapabilities (Docker >= 20.10):
**   privileged        -> every capability the kernel has
**   CapAdd has ALL    -> every capability except those in CapDrop
**   CapDrop has ALL   -> exactly CapAdd
**   otherwise         -> (defaults - CapDrop) + CapAdd
** Podman computes its CapAdd/CapDrop as the difference between the bounding
** set and a baseline - Docker's 14 in Podman 4, its own 11 defaults in
** Podman 5 - so the same rules give the right answer once the baseline is
** the one that engine diffed against; "default" still means what Podman
** grants unasked (its 11).
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ds_docker_caps.h"

/* moby daemon/pkg/oci/caps/defaults.go */
static const char *const docker_defaults[] = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE",
};

/* containers.conf default_capabilities (containers/common) */
static const char *const podman_defaults[] = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE",     "CAP_FOWNER",     "CAP_FSETID",
    "CAP_KILL",    "CAP_NET_BIND_SERVICE", "CAP_SETFCAP",    "CAP_SETGID",
    "CAP_SETPCAP", "CAP_SETUID",           "CAP_SYS_CHROOT",
};

int ds_cap_normalize(const char *in, char *out, size_t outsz) {
  if (!in || !*in) return -1;
  char up[DS_CAP_NAME_MAX];
  size_t n = strlen(in);
  if (n >= sizeof(up)) return -1;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)in[i];
    if (!isalnum(c) && c != '_') return -1;
    up[i] = (char)toupper(c);
  }
  up[n] = '\0';
  const char *bare = strncmp(up, "CAP_", 4) == 0 ? up + 4 : up;
  if (!*bare) return -1;
  int w =
      strcmp(bare, "ALL") == 0 ? snprintf(out, outsz, "ALL") : snprintf(out, outsz, "CAP_%s", bare);
  return w > 0 && (size_t)w < outsz ? 0 : -1;
}

const char *const *ds_cap_defaults(int podman, int *n) {
  if (podman) {
    *n = (int)(sizeof(podman_defaults) / sizeof(podman_defaults[0]));
    return podman_defaults;
  }
  *n = (int)(sizeof(docker_defaults) / sizeof(docker_defaults[0]));
  return docker_defaults;
}

const char *ds_cap_source_name(ds_cap_source s) {
  switch (s) {
  case DS_CAP_DEFAULT:
    return "default";
  case DS_CAP_ADDED:
    return "added";
  case DS_CAP_DROPPED:
    return "dropped";
  case DS_CAP_PRIVILEGED:
    return "privileged";
  }
  return "?";
}

/* ---- a small set of normalised names ------------------------------------ */

typedef struct name_list {
  char (*names)[DS_CAP_NAME_MAX];
  int n;
  int has_all;
} name_list;

static int list_has(const name_list *l, const char *name) {
  for (int i = 0; i < l->n; i++)
    if (strcmp(l->names[i], name) == 0) return 1;
  return 0;
}

/* Reads CapAdd/CapDrop (an array of strings, or null); names that cannot be
** capabilities are ignored rather than guessed at. */
static int list_from_json(json_object *a, name_list *out) {
  memset(out, 0, sizeof(*out));
  if (!a || !json_object_is_type(a, json_type_array)) return 0;
  size_t len = json_object_array_length(a);
  out->names = calloc(len ? len : 1, sizeof(*out->names));
  if (!out->names) return -1;
  for (size_t i = 0; i < len; i++) {
    char norm[DS_CAP_NAME_MAX];
    if (ds_cap_normalize(json_object_get_string(json_object_array_get_idx(a, i)), norm,
                         sizeof(norm)) != 0)
      continue;
    if (strcmp(norm, "ALL") == 0) {
      out->has_all = 1;
      continue;
    }
    if (list_has(out, norm)) continue;
    memcpy(out->names[out->n++], norm, sizeof(norm));
  }
  return 0;
}

static int in_defaults(const char *name, const char *const *defs, int ndefs) {
  for (int i = 0; i < ndefs; i++)
    if (strcmp(defs[i], name) == 0) return 1;
  return 0;
}

static int add_row(ds_cap_set *set, int *cap, const char *name, ds_cap_source source,
                   int effective) {
  for (int i = 0; i < set->n; i++)
    if (strcmp(set->rows[i].name, name) == 0) return 0;
  if (set->n == *cap) {
    int ncap = *cap ? *cap * 2 : 64;
    ds_cap_row *r = realloc(set->rows, (size_t)ncap * sizeof(*r));
    if (!r) return -1;
    set->rows = r;
    *cap = ncap;
  }
  ds_cap_row *row = &set->rows[set->n++];
  snprintf(row->name, sizeof(row->name), "%s", name);
  row->bit = ds_cap_bit(name);
  row->source = source;
  row->effective = effective;
  return 0;
}

static int by_bit(const void *a, const void *b) {
  const ds_cap_row *x = a, *y = b;
  if (x->bit >= 0 && y->bit >= 0) return x->bit - y->bit;
  if (x->bit >= 0) return -1;
  if (y->bit >= 0) return 1;
  return strcmp(x->name, y->name);
}

/* What CapAdd/CapDrop are relative to (`base`) and what the engine grants
** unasked (`defs`); they differ only for Podman 4. */
typedef struct cap_baseline {
  const char *const *base;
  int nbase;
  const char *const *defs;
  int ndefs;
} cap_baseline;

/* Decides one capability's row under the moby rules. */
static int classify(ds_cap_set *set, int *cap, const char *name, const name_list *add,
                    const name_list *drop, const cap_baseline *bl) {
  int in_base = in_defaults(name, bl->base, bl->nbase);
  int is_default = in_defaults(name, bl->defs, bl->ndefs);
  int added = add->has_all || list_has(add, name);
  int dropped = drop->has_all || list_has(drop, name);
  int effective;
  if (add->has_all)
    effective = !list_has(drop, name);
  else if (drop->has_all)
    effective = list_has(add, name);
  else
    effective = (in_base && !dropped) || added;
  ds_cap_source source;
  if (!effective)
    source = DS_CAP_DROPPED;
  else if (is_default && !dropped)
    source = DS_CAP_DEFAULT;
  else
    source = DS_CAP_ADDED;
  /* A capability nobody mentions and nobody grants is simply absent. */
  if (!effective && !is_default && !dropped) return 0;
  return add_row(set, cap, name, source, effective);
}

int ds_caps_compute(json_object *host_config, int podman_major, int last_cap, ds_cap_set *out) {
  memset(out, 0, sizeof(*out));
  if (last_cap < 0 || last_cap > DS_CAP_LAST_KNOWN) last_cap = DS_CAP_LAST_KNOWN;
  int cap = 0, rc = 0;
  json_object *priv = NULL;
  if (host_config && json_object_object_get_ex(host_config, "Privileged", &priv) &&
      json_object_get_boolean(priv)) {
    char nb[DS_CAP_NAME_MAX];
    for (int b = 0; rc == 0 && b <= last_cap; b++)
      rc = add_row(out, &cap, ds_cap_name(b, nb, sizeof(nb)), DS_CAP_PRIVILEGED, 1);
    if (rc != 0) ds_caps_free(out);
    return rc;
  }
  json_object *a = NULL, *d = NULL;
  if (host_config) {
    json_object_object_get_ex(host_config, "CapAdd", &a);
    json_object_object_get_ex(host_config, "CapDrop", &d);
  }
  name_list add, drop;
  cap_baseline bl;
  bl.defs = ds_cap_defaults(podman_major > 0, &bl.ndefs);
  /* Podman 4 diffs the bounding set against Docker's 14 (its compiled-in
  ** list), not against the 11 it grants: a plain container shows CapDrop
  ** [AUDIT_WRITE, MKNOD, NET_RAW].  Podman 5 diffs against its own set. */
  if (podman_major > 0 && podman_major <= 4)
    bl.base = ds_cap_defaults(0, &bl.nbase);
  else
    bl.base = bl.defs, bl.nbase = bl.ndefs;
  if (list_from_json(a, &add) != 0) return -1;
  if (list_from_json(d, &drop) != 0) {
    free(add.names);
    return -1;
  }
  for (int i = 0; rc == 0 && i < bl.ndefs; i++)
    rc = classify(out, &cap, bl.defs[i], &add, &drop, &bl);
  for (int i = 0; rc == 0 && i < bl.nbase; i++)
    rc = classify(out, &cap, bl.base[i], &add, &drop, &bl);
  char nb[DS_CAP_NAME_MAX];
  for (int b = 0; rc == 0 && add.has_all && b <= last_cap; b++)
    rc = classify(out, &cap, ds_cap_name(b, nb, sizeof(nb)), &add, &drop, &bl);
  for (int i = 0; rc == 0 && i < add.n; i++)
    rc = classify(out, &cap, add.names[i], &add, &drop, &bl);
  for (int i = 0; rc == 0 && i < drop.n; i++)
    rc = classify(out, &cap, drop.names[i], &add, &drop, &bl);
  free(add.names);
  free(drop.names);
  if (rc != 0) {
    ds_caps_free(out);
    return -1;
  }
  if (out->n > 1) qsort(out->rows, (size_t)out->n, sizeof(*out->rows), by_bit);
  return 0;
}

void ds_caps_free(ds_cap_set *set) {
  free(set->rows);
  set->rows = NULL;
  set->n = 0;
}
