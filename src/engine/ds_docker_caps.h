/*
** ds_docker_caps.h - the capability set a container gets, computed from its
** HostConfig the way the engine computes it (moby's TweakCapabilities), for
** Docker's and Podman's default sets.  Pure: no engine, no /proc, so it is
** unit-tested on captured inspect documents.
**
** Capabilities are always spelled "CAP_NET_RAW" (upper case, CAP_ prefix),
** whatever the engine wrote ("NET_RAW", "net_raw", "CAP_NET_RAW"), so rows
** join a process_capabilities table and each other.
*/
#ifndef DS_DOCKER_CAPS_H
#define DS_DOCKER_CAPS_H

#include <stddef.h>

#include <json-c/json.h>

#include "host/ds_caps.h"

#define DS_CAP_NAME_MAX 64

typedef enum {
  DS_CAP_DEFAULT,    /* in the engine's default set and not dropped        */
  DS_CAP_ADDED,      /* granted by CapAdd (by name or through ALL)         */
  DS_CAP_DROPPED,    /* removed by CapDrop (by name or through ALL)        */
  DS_CAP_PRIVILEGED, /* granted because the container is --privileged      */
} ds_cap_source;

typedef struct ds_cap_row {
  char name[DS_CAP_NAME_MAX]; /* "CAP_NET_RAW" */
  int bit;                    /* capability number, -1 when unknown to us */
  ds_cap_source source;
  int effective; /* 1 if the container's processes get it */
} ds_cap_row;

typedef struct ds_cap_set {
  ds_cap_row *rows; /* ordered by capability number; unknown names last */
  int n;
} ds_cap_set;

/* Writes the canonical spelling of `in` to `out`: upper case with the CAP_
** prefix; "all"/"CAP_ALL" become "ALL".  Returns 0, or -1 when `in` is empty,
** holds characters other than letters, digits and '_', or does not fit. */
int ds_cap_normalize(const char *in, char *out, size_t outsz);
/* The engine's default capability set (normalised names): Docker's 14 or,
** for Podman (containers.conf default_capabilities), its 11. */
const char *const *ds_cap_defaults(int podman, int *n);
const char *ds_cap_source_name(ds_cap_source s);

/*
** Computes one row per capability that is in the default set, granted, or
** named in CapDrop, from `host_config` (the inspect document's HostConfig:
** Privileged, CapAdd, CapDrop; null and [] alike).  `podman_major` is 0 for
** Docker, else Podman's major version (Podman 4 reports CapAdd/CapDrop
** relative to Docker's 14 capabilities, Podman 5 relative to its own 11).
** `last_cap` is the kernel's highest capability number
** (/proc/sys/kernel/cap_last_cap): what "all capabilities" means for
** --privileged and CapAdd ALL; a negative value means every capability known
** here.  Returns 0, or -1 when out of memory.
*/
int ds_caps_compute(json_object *host_config, int podman_major, int last_cap, ds_cap_set *out);
void ds_caps_free(ds_cap_set *set);

#endif
