/*
** ds_docker_map.h - pure helpers that turn Docker API JSON into row values:
** redacted label/option objects and argument arrays (redact.c, on the rules
** of common/ds_secret.h), port-binding flattening (ports.c), `docker top`
** column mapping (top.c), time parsing (rfc3339.c).  No engine access, so
** each is unit-tested on captured responses (tests/unit/test_docker_map.c).
*/
#ifndef DS_DOCKER_MAP_H
#define DS_DOCKER_MAP_H

#include <stddef.h>

#include <json-c/json.h>

#include "dockersec.h"
#include "common/ds_secret.h"

/* ---- redacted JSON outputs (rules in common/ds_secret.h) ----------------- */

/*
** Emits one row per label of `labels` (a JSON object; anything else gives no
** row) whose key the query accepts: `id`, the key and its value (through
** ds_label_value, so secret-looking values stay redacted unless the
** connection's reveal_secrets is on) in the given columns.  Shared by the
** container and image label tables.
*/
int ds_emit_label_rows(ds_query *q, json_object *labels, const char *id, int id_col, int key_col,
                       int value_col);

/*
** One row of an env table from a "KEY=value" entry, redacted by the one rule
** (ds_env_entry) unless `reveal`; skipped when the key is not among the
** pushed-down ones.  docker_container_envs and container_envs both use it.
*/
int ds_emit_env_row(ds_query *q, const char *id, const char *entry, int reveal, int id_col,
                    int key_col, int value_col, int secret_col);

/*
** A JSON object of labels or options (Labels, Options, DriverOpts) as compact
** JSON text, with the value of every secret-looking key replaced by
** DS_REDACTED (and every other value passed through ds_redact_command, which
** catches "password=…" inside an option string) unless `reveal`.  NULL or
** JSON null gives NULL; not an object gives its plain text.  malloc'd.
*/
char *ds_redacted_object_text(json_object *o, int reveal);

/*
** A JSON array of argument strings (Config.Cmd, Entrypoint) as compact JSON
** text, each element redacted with ds_redact_command, and an element that
** follows a secret-looking flag without a value ("--password", "x") replaced
** by DS_REDACTED, unless `reveal`.  `empty_array_for_null` as ds_json_text.
*/
char *ds_redacted_args_text(json_object *a, int reveal, int empty_array_for_null);

/* ---- ports ------------------------------------------------------------- */

typedef struct ds_port_row {
  char type[8];            /* "tcp", "udp", "sctp" */
  sqlite3_int64 port;      /* port inside the container */
  char host_ip[64];        /* "" when not published or not given */
  sqlite3_int64 host_port; /* 0 when unpublished or chosen at start */
  int published;           /* 1 if a host binding exists / is configured */
} ds_port_row;

typedef struct ds_port_list {
  ds_port_row *rows;
  int n;
} ds_port_list;

/* From GET /containers/json's Ports: [{IP, PrivatePort, PublicPort, Type}] -
** the bindings the running container actually has. */
int ds_ports_from_summary(json_object *ports, ds_port_list *out);
/* From a map "80/tcp" -> [{HostIp, HostPort}] | null: HostConfig.PortBindings
** (what was configured; also what a stopped container will get) or
** NetworkSettings.Ports.  `exposed` (Config.ExposedPorts, may be NULL) adds
** exposed-but-unpublished ports as rows with published = 0. */
int ds_ports_from_bindings(json_object *bindings, json_object *exposed, ds_port_list *out);
void ds_ports_free(ds_port_list *list);

/* ---- docker top ---------------------------------------------------------- */

/* What a `ps` column holds, decided from its title. */
typedef enum {
  DS_PS_NONE,
  DS_PS_PID,
  DS_PS_NAME,    /* comm: short name                        */
  DS_PS_CMDLINE, /* args: the whole command line            */
  DS_PS_STATE,
  DS_PS_UID, /* numeric uid, or a user name (ps -ef's UID) */
  DS_PS_GID,
  DS_PS_EUID,
  DS_PS_EGID,
  DS_PS_SUID,
  DS_PS_SGID,
  DS_PS_RSS, /* KiB */
  DS_PS_VSZ, /* KiB */
  DS_PS_ELAPSED,
  DS_PS_PPID,
  DS_PS_PGRP,
  DS_PS_THREADS,
  DS_PS_NICE,
  DS_PS_USER,
  DS_PS_TIME,
  DS_PS_CPU,
  DS_PS_MEM,
  DS_PS_TTY,
  DS_PS_STIME,
  DS_PS_HOST_PID, /* Podman's hpid: the PID on the host            */
  DS_PS_NS_PPID,  /* Podman's ppid: in the container's PID namespace */
} ds_ps_field;

/*
** Maps the Titles array of GET /containers/{id}/top to fields, by name, so
** any ps_args (ours, ps's default `-ef`, Podman's descriptors) are read
** right: out[i] is the field of column i (DS_PS_NONE when unknown).
** Returns the number of titles (at most `max`), or -1 when `titles` is not
** an array of strings or has no PID column.
*/
int ds_ps_map_titles(json_object *titles, ds_ps_field *out, int max);

/*
** Podman's /top runs ps on the host only for its own AIX-style descriptors;
** for anything else (docker's ps_args) it runs ps inside the container and
** reports the container's PIDs.  DS_PS_PODMAN_ARGS asks for the host-side
** view (hpid: host PID, huser: host user) and what else Podman can tell,
** ready for a URL query.  Podman titles comm and args both "COMMAND", so its
** answer is read by position: ds_ps_map_podman() fills `out` and returns
** the number of columns when `titles` are exactly those of
** DS_PS_PODMAN_ARGS, else -1 (Podman did not honour them).  pid and ppid
** are the container's view (DS_PS_PID, DS_PS_NS_PPID): hpid is "?" when the
** container shares the host's PID namespace, and then they are the host's.
*/
#define DS_PS_PODMAN_ARGS "hpid,pid,ppid,huser,state,nice,rss,vsz,etime,time,pcpu,comm,args"
int ds_ps_map_podman(json_object *titles, ds_ps_field *out, int max);

/*
** Podman 4 answers /top with every line unsplit - Titles
** ["PID   USER     COMMAND"], Processes [["1 root     sleep 600"]] - where
** dockerd splits them.  Returns `top` split the way dockerd splits ps output
** (on white space, the last column taking the rest of the line), as a new
** document, or `top` itself with a reference taken when nothing needs
** splitting; the caller puts it.  NULL when out of memory.
*/
json_object *ds_top_split(json_object *top);

/*
** A container sharing the host's PID namespace: Podman's /top lists every
** process of the host.  The container's are its init (`init`, State.Pid) and
** whatever descends from the init's parent, conmon - a child subreaper, so
** even daemons that double-fork stay below it (processes of `podman exec`
** hang from another conmon and are missed).  Returns a malloc'd array with
** 1 for each row of `procs` that is the container's, NULL when out of memory.
*/
char *ds_top_podman_rows(json_object *procs, const ds_ps_field *fields, int nfields,
                         sqlite3_int64 init);
/* The integer cell of field `f` in one /top row, or -1. */
sqlite3_int64 ds_top_row_int(json_object *row, const ds_ps_field *fields, int nfields,
                             ds_ps_field f);

/* Seconds from ps's elapsed time: "123" (etimes), "[[DD-]HH:]MM:SS"
** (etime) or a Go duration "1h2m3.5s" (Podman).  Returns 0, or -1 when `s`
** is none of them. */
int ds_ps_elapsed_seconds(const char *s, sqlite3_int64 *out);

/* A ps integer cell: 1 with *out when `s` is a whole (optionally signed)
** number, else 0 (the cell stays NULL). */
int ds_ps_int(const char *s, sqlite3_int64 *out);
/* The program name from a command line: basename of argv[0] (malloc'd). */
char *ds_ps_name_from_cmdline(const char *cmd);
/* ps's cumulative CPU time is [DD-]HH:MM:SS; Podman prints a Go duration
** ("1m2.5s"), rewritten to ps's form so the column reads the same on both
** engines (malloc'd; other text as given). */
char *ds_ps_cpu_time(const char *v);

/* ---- time ---------------------------------------------------------------- */

/* RFC 3339 ("2024-05-01T12:34:56.123456789Z", "…+02:00") to UNIX time.
** Returns 0, or -1 when malformed.  Docker's zero time
** "0001-01-01T00:00:00Z" parses (to a large negative number); callers that
** mean "unset" check for it with ds_is_zero_time(). */
int ds_parse_rfc3339(const char *s, sqlite3_int64 *out);
int ds_is_zero_time(const char *s);

#endif
