/*
** scope.h - which containers' findings a run reports, which findings the
** waivers cover, and which container is dockersec's own.
**
**   --container GLOB          only containers whose name matches (any of them)
**   --exclude-container GLOB  never containers whose name matches
**   --label KEY[=VALUE]       only containers with this label (all of them)
**   --image GLOB              only containers whose image matches (any of them)
**   --pod-namespace GLOB      only Kubernetes containers whose pod's namespace
**                             matches (any of them)
**
** A finding is about a container when its row has a container_id or
** container_name column; other findings (the host's, the engine's) are
** always reported.  The containers are those of all_containers (the engine's
** and, from the runtime state, containerd's, CRI-O's, Podman's...).  Names
** are matched without osquery's leading '/'.  A container's names are its
** engine name - on Kubernetes, its container name - and its Kubernetes
** `namespace/pod/container`: a glob (a waiver's too) matches when it matches
** any (ds_container_names, ds_glob_any).  Names and namespaces come from the
** runtime's CRI annotations, never from labels (a container could claim any
** pod's name); labels are the engine's, so a container no engine lists has
** none.
**
** dockersec's own container (its id read from /proc/self/cgroup, else
** /proc/self/mountinfo) stays in the report, marked as such.
*/
#ifndef DS_CLI_SCOPE_H
#define DS_CLI_SCOPE_H

#include "dockersec.h"
#include "cli/report/report.h"
#include "cli/run/waiver.h"

typedef struct ds_scope {
  char **containers, **excludes, **labels, **images, **namespaces;
  int ncontainers, nexcludes, nlabels, nimages, nnamespaces;
} ds_scope;

/* 1 when any of the options restricts the containers. */
int ds_scope_active(const ds_scope *s);

/* One container as all_containers knows it. */
typedef struct ds_container_info {
  char *id;            /* full id                                        */
  char *name;          /* without the leading '/'; on Kubernetes the     */
                       /* container's own name (`web`), or NULL          */
  char *image;         /* as `docker ps` shows it                        */
  char *pod;           /* namespace/pod/container, or NULL               */
  char *pod_namespace; /* the pod's namespace, or NULL                   */
  char **labels;       /* "key=value" (the engine's)                     */
  int nlabels;
} ds_container_info;

/* The names a container is matched by: `name` (the finding's own
** container_name, without '/'; may be NULL), then c's name and pod (c may be
** NULL).  `out` is NULL-terminated; empty for a host-level finding. */
#define DS_CONTAINER_NAMES 4
void ds_container_names(const ds_container_info *c, const char *name,
                        const char *out[DS_CONTAINER_NAMES]);

/* 1 when the container is in scope (`c` NULL: unknown to the engine; only
** name globs can match then, on `name`). */
int ds_scope_matches(const ds_scope *s, const ds_container_info *c, const char *name);

/* A glob against every name of the container (see above). */
int ds_scope_name_match(const char *glob, const ds_container_info *c, const char *name);

/* The 64-hex id of the container this process runs in, read under `root`
** ("/" or NULL for ours), or "" when none.  `out` holds 65 bytes. */
void ds_self_container_id(const char *root, char out[65]);
/* The container id in the text of a /proc/PID/cgroup (mountinfo 0) or
** /proc/PID/mountinfo (1) file: 1 with it in `out`, else 0 and "". */
int ds_container_id_in(const char *text, int mountinfo, char out[65]);

/*
** After the checks ran on `db`: drops the findings outside the scope, marks
** those about dockersec's own container and those the waivers match, and
** recomputes the summary.  0, or -1 when out of memory.
*/
int ds_run_annotate(sqlite3 *db, const ds_scope *s, ds_waivers *ws, ds_report *r);

#endif
