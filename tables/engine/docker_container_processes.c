/*
** docker_container_processes - the processes of a container (osquery's
** columns, then ours).  `id` is required.
**
** A local engine (unix socket, and the container's init - inspect's
** State.Pid - is a process of this /proc whose cgroup names the container):
** read from /proc and the container's cgroup (src/host/proctop.c), the
** values ps would print for docker top, with no request but the inspect the
** snapshot already holds.  Otherwise (a remote DOCKER_HOST, a socket from
** another host or VM) GET /containers/{id}/top: the engine runs ps for every
** container asked about.
**
** dockerd runs the host's ps with our ps_args (osquery's set, with etimes so
** the start time is exact).  A ps that rejects them (busybox) makes the
** engine answer 500: we retry once with the engine's default ps_args and
** read whatever columns come back by their Titles (src/engine/top.c),
** leaving the others NULL.  A 500 on the retry too is an SQL error naming
** the endpoint - never an empty result.  A container that is not running
** has no processes (zero rows); one that stopped or vanished since the list
** is skipped.
**
** Podman runs ps on the host only for its own descriptors; given docker's
** ps_args it runs ps inside the container and reports the container's PIDs
** and users.  So on Podman (ds_docker_is_podman) we ask DS_PS_PODMAN_ARGS:
** the host PID (hpid) and host user (huser), so pid and user mean the same
** on both engines and pid joins `processes`.  Podman has no host-side
** parent, process group, uid/gid set, threads or %MEM: those stay NULL
** rather than carry numbers from the container's PID namespace.  An answer
** without those columns (Podman ran ps in the container after all) is an
** SQL error, not container PIDs passed off as host PIDs.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dockersec.h"
#include "engine/ds_containers.h"
#include "engine/ds_docker_map.h"
#include "common/ds_secret.h"
#include "host/ds_proctop.h"
#include "common/ds_util.h"

enum {
  /* osquery */
  C_ID,
  C_PID,
  C_NAME,
  C_CMDLINE,
  C_STATE,
  C_UID,
  C_GID,
  C_EUID,
  C_EGID,
  C_SUID,
  C_SGID,
  C_WIRED_SIZE,
  C_RESIDENT_SIZE,
  C_TOTAL_SIZE,
  C_START_TIME,
  C_PARENT,
  C_PGROUP,
  C_THREADS,
  C_NICE,
  C_USER,
  C_TIME,
  C_CPU,
  C_MEM,
  /* dockersec */
  C_ELAPSED,
  C_SOURCE,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (required; prefixes accepted)", DS_REQUIRED | DS_NOCASE},
    [C_PID] = {"pid", DS_BIGINT, "Process ID on the host (on Podman too: its hpid)", DS_INDEXED},
    [C_NAME] = {"name", DS_TEXT, "Process name (ps comm)", 0},
    [C_CMDLINE] = {"cmdline", DS_TEXT, "Complete argv, space-separated", 0},
    [C_STATE] = {"state", DS_TEXT, "Process state (R, S, D, Z, T, …)", 0},
    [C_UID] = {"uid", DS_BIGINT,
               "Real user ID on the host (Podman: only when the host has no name for it)", 0},
    [C_GID] = {"gid", DS_BIGINT, "Real group ID", 0},
    [C_EUID] = {"euid", DS_BIGINT, "Effective user ID", 0},
    [C_EGID] = {"egid", DS_BIGINT, "Effective group ID", 0},
    [C_SUID] = {"suid", DS_BIGINT, "Saved user ID", 0},
    [C_SGID] = {"sgid", DS_BIGINT, "Saved group ID", 0},
    [C_WIRED_SIZE] = {"wired_size", DS_BIGINT, "Unpageable memory (not reported by ps: NULL)", 0},
    [C_RESIDENT_SIZE] = {"resident_size", DS_BIGINT, "Resident memory in bytes (ps rss × 1024)", 0},
    [C_TOTAL_SIZE] = {"total_size", DS_BIGINT, "Virtual memory size in bytes (ps vsz × 1024)", 0},
    [C_START_TIME] = {"start_time", DS_BIGINT, "Process start as UNIX time (now − elapsed)", 0},
    [C_PARENT] = {"parent", DS_BIGINT, "Parent process ID (NULL on Podman)", 0},
    [C_PGROUP] = {"pgroup", DS_BIGINT, "Process group ID (NULL on Podman)", 0},
    [C_THREADS] = {"threads", DS_INTEGER, "Number of threads", 0},
    [C_NICE] = {"nice", DS_INTEGER, "Nice level (NULL for real-time processes)", 0},
    [C_USER] = {"user", DS_TEXT, "User name on the host", 0},
    [C_TIME] = {"time", DS_TEXT, "Cumulative CPU time, [DD-]HH:MM:SS", 0},
    [C_CPU] = {"cpu", DS_DOUBLE, "CPU utilisation in percent", 0},
    [C_MEM] = {"mem", DS_DOUBLE, "Memory utilisation in percent", 0},
    [C_ELAPSED] = {"elapsed", DS_BIGINT, "Seconds since the process started", 0},
    [C_SOURCE] = {"source", DS_TEXT,
                  "'proc' (local engine: read from /proc and the container's cgroup) or 'top' "
                  "(GET /containers/{id}/top)",
                  0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

/* osquery's ps_args, with etimes (seconds) instead of etime. */
#define TOP_OURS                                                                                   \
  "/containers/%s/top?ps_args=axwwo%%20pid,state,uid,gid,euid,egid,suid,sgid,rss,vsz,etimes,"      \
  "ppid,pgrp,nlwp,nice,user,time,pcpu,pmem,comm,cmd"
/* The same path as a ds_docker_get_many() template: "%s" is the id and the
** rest is literal (no printf escaping). */
#define TOP_OURS_TEMPLATE                                                                          \
  "/containers/%s/top?ps_args=axwwo%20pid,state,uid,gid,euid,egid,suid,sgid,rss,vsz,etimes,"       \
  "ppid,pgrp,nlwp,nice,user,time,pcpu,pmem,comm,cmd"
#define TOP_DEFAULT "/containers/%s/top"
/* Podman's host-side descriptors: no '%' in them, so the same text is both
** a printf format and a ds_docker_get_many() template. */
#define TOP_PODMAN "/containers/%s/top?ps_args=" DS_PS_PODMAN_ARGS
#define MAX_TITLES 64

static void set_int_text(ds_query *q, int col, const char *s, sqlite3_int64 scale) {
  sqlite3_int64 v;
  if (ds_ps_int(s, &v)) ds_set_int(q, col, v * scale);
}

static void set_double_text(ds_query *q, int col, const char *s) {
  char *end;
  if (!s || !*s) return;
  double v = strtod(s, &end);
  if (end != s && *end == '\0') ds_set_double(q, col, v);
}

/* The command line, whichever source it came from (/proc or docker top):
** --password=x, token=x, URL passwords, tokens <redacted> (ds_secret.h). */
static void set_cmdline(ds_query *q, const char *v) {
  int secret = 0;
  char *shown = ds_query_reveal(q) ? NULL : ds_redact_command(v, 0, &secret);
  if (shown && secret)
    ds_set_text_owned(q, C_CMDLINE, shown);
  else
    ds_set_text(q, C_CMDLINE, v);
  if (!secret) free(shown);
}

/* ps's cumulative CPU time, in ps's form on both engines. */
static void set_cpu_time(ds_query *q, const char *v) {
  char *text = ds_ps_cpu_time(v);
  if (text) ds_set_text_owned(q, C_TIME, text);
}

static void set_cell(ds_query *q, ds_ps_field f, const char *v, time_t now, int *have_user) {
  static const struct {
    ds_ps_field f;
    int col;
  } ids[] = {{DS_PS_GID, C_GID},     {DS_PS_EUID, C_EUID},       {DS_PS_EGID, C_EGID},
             {DS_PS_SUID, C_SUID},   {DS_PS_SGID, C_SGID},       {DS_PS_PPID, C_PARENT},
             {DS_PS_PGRP, C_PGROUP}, {DS_PS_THREADS, C_THREADS}, {DS_PS_NICE, C_NICE}};
  for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
    if (ids[i].f == f) {
      set_int_text(q, ids[i].col, v, 1);
      return;
    }
  sqlite3_int64 n;
  switch (f) {
  case DS_PS_NAME:
    ds_set_text(q, C_NAME, v);
    break;
  case DS_PS_CMDLINE:
    set_cmdline(q, v);
    break;
  case DS_PS_STATE:
    ds_set_text(q, C_STATE, v);
    break;
  case DS_PS_UID:
    /* ps -ef titles the user *name* UID. */
    if (ds_ps_int(v, &n))
      ds_set_int(q, C_UID, n);
    else if (!*have_user)
      ds_set_text(q, C_USER, v);
    break;
  case DS_PS_USER:
    ds_set_text(q, C_USER, v);
    *have_user = 1;
    break;
  case DS_PS_RSS:
    set_int_text(q, C_RESIDENT_SIZE, v, 1024);
    break;
  case DS_PS_VSZ:
    set_int_text(q, C_TOTAL_SIZE, v, 1024);
    break;
  case DS_PS_ELAPSED:
    if (ds_ps_elapsed_seconds(v, &n) == 0) {
      ds_set_int(q, C_ELAPSED, n);
      ds_set_int(q, C_START_TIME, (sqlite3_int64)now - n);
    }
    break;
  case DS_PS_TIME:
    set_cpu_time(q, v);
    break;
  case DS_PS_CPU:
    set_double_text(q, C_CPU, v);
    break;
  case DS_PS_MEM:
    set_double_text(q, C_MEM, v);
    break;
  default:
    break;
  }
}

/* What Podman's answer says about the host: whether the container shares
** the host's PID namespace (then hpid is "?" and pid/ppid are host PIDs),
** and which rows are the container's. */
typedef struct podman_view {
  int pid_host;
  char *keep; /* per row: 1 = the container's (NULL: every row) */
} podman_view;

static int emit_process(ds_query *q, const char *id, json_object *proc, const ds_ps_field *fields,
                        int nfields, time_t now, int pid_host) {
  if (!proc || !json_object_is_type(proc, json_type_array)) return SQLITE_OK;
  int n = (int)json_object_array_length(proc);
  if (n > nfields) n = nfields;
  const char *pid_text = NULL, *host_pid_text = NULL, *cmdline = NULL;
  int has_name = 0, has_host_pid = 0;
  for (int i = 0; i < n; i++) {
    const char *v = json_object_get_string(json_object_array_get_idx(proc, i));
    if (fields[i] == DS_PS_PID) pid_text = v;
    if (fields[i] == DS_PS_HOST_PID) host_pid_text = v, has_host_pid = 1;
    if (fields[i] == DS_PS_CMDLINE) cmdline = v;
    has_name |= fields[i] == DS_PS_NAME;
  }
  /* Podman: hpid is the host's PID; the container's own pid is one only
  ** when it shares the host's PID namespace. */
  if (has_host_pid && !pid_host) pid_text = host_pid_text;
  sqlite3_int64 pid;
  if (!ds_ps_int(pid_text, &pid) || !ds_query_accepts_int(q, C_PID, pid)) return SQLITE_OK;
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  ds_set_text(q, C_ID, id);
  ds_set_int(q, C_PID, pid);
  ds_set_text(q, C_SOURCE, "top");
  int have_user = 0;
  for (int i = 0; i < n; i++) {
    const char *v = json_object_get_string(json_object_array_get_idx(proc, i));
    /* "?": what Podman prints for a value it cannot tell */
    if (!v || strcmp(v, "?") == 0 || fields[i] == DS_PS_PID || fields[i] == DS_PS_HOST_PID)
      continue;
    if (fields[i] == DS_PS_NS_PPID) {
      if (pid_host) set_int_text(q, C_PARENT, v, 1);
      continue;
    }
    set_cell(q, fields[i], v, now, &have_user);
  }
  if (!has_name && cmdline) ds_set_text_owned(q, C_NAME, ds_ps_name_from_cmdline(cmdline));
  return SQLITE_OK;
}

/* A container sharing the host's PID namespace: which rows of Podman's
** answer are the container's (ds_top_podman_rows, from its init pid). */
static int podman_keep_container_rows(ds_query *q, const char *full_id, json_object *procs,
                                      const ds_ps_field *fields, int nfields, podman_view *v) {
  char *path = ds_mprintf("/containers/%s/json", full_id), *err = NULL;
  json_object *inspect = path ? ds_docker_get(ds_query_docker(q), path, NULL, &err) : NULL;
  free(path);
  if (!inspect) {
    int rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
    return rc;
  }
  sqlite3_int64 init = ds_json_int(ds_json_path(inspect, "State", NULL), "Pid", 0);
  v->keep = ds_top_podman_rows(procs, fields, nfields, init);
  return v->keep ? SQLITE_OK : ds_error(q, "out of memory");
}

/* Podman: whether the answer is the host's whole PID namespace (no hpid
** anywhere) and, if so, which rows are the container's. */
static int podman_inspect_view(ds_query *q, const char *full_id, json_object *procs,
                               const ds_ps_field *fields, int nfields, podman_view *v) {
  size_t n = procs ? json_object_array_length(procs) : 0;
  for (size_t i = 0; i < n; i++)
    if (ds_top_row_int(json_object_array_get_idx(procs, i), fields, nfields, DS_PS_HOST_PID) > 0)
      return SQLITE_OK;
  if (n == 0) return SQLITE_OK;
  v->pid_host = 1;
  return podman_keep_container_rows(q, full_id, procs, fields, nfields, v);
}

static int emit_rows(ds_query *q, const ds_container_ref *c, const char *path, json_object *top,
                     int podman) {
  ds_ps_field fields[MAX_TITLES];
  json_object *titles = ds_json_path(top, "Titles", NULL);
  int nfields = podman ? ds_ps_map_podman(titles, fields, MAX_TITLES)
                       : ds_ps_map_titles(titles, fields, MAX_TITLES);
  json_object *procs = ds_json_path(top, "Processes", NULL);
  if (nfields < 0 && podman)
    return ds_error(q,
                    "GET %s: Podman did not answer with the host-side columns asked for "
                    "(titles %s)",
                    path, ds_or(json_object_to_json_string(titles), "missing"));
  if (nfields < 0 || (procs && !json_object_is_type(procs, json_type_array)))
    return ds_error(q, "GET %s: unexpected answer (no Titles with a PID column)", path);
  podman_view v = {0, NULL};
  int rc = podman
               ? podman_inspect_view(q, ds_json_str(c->summary, "Id"), procs, fields, nfields, &v)
               : SQLITE_OK;
  time_t now = time(NULL);
  for (size_t i = 0; rc == SQLITE_OK && procs && i < json_object_array_length(procs); i++)
    if (!v.keep || v.keep[i])
      rc = emit_process(q, c->id, json_object_array_get_idx(procs, i), fields, nfields, now,
                        v.pid_host);
  free(v.keep);
  return rc;
}

static int emit_top(ds_query *q, const ds_container_ref *c, const char *path, json_object *answer,
                    int podman) {
  json_object *top = ds_top_split(answer);
  if (!top) return ds_error(q, "out of memory");
  int rc = emit_rows(q, c, path, top, podman);
  json_object_put(top);
  return rc;
}

/* GET the top of one container: 1 with *out set, 0 when it is gone or no
** longer running (skip it), -1 with *err on failure.  `*status` tells a
** 500 (ps refused the arguments) from other failures. */
static int get_top(ds_docker *d, const char *path, json_object **out, long *status, char **err) {
  *out = ds_docker_get(d, path, status, err);
  if (*out) return 1;
  if (*status == 404 || *status == 409) {
    free(*err);
    *err = NULL;
    return 0;
  }
  return -1;
}

static int emit_container(ds_query *q, const ds_container_ref *c, int podman) {
  ds_docker *d = ds_query_docker(q);
  const char *full_id = ds_json_str(c->summary, "Id");
  char *path = ds_mprintf(podman ? TOP_PODMAN : TOP_OURS, full_id);
  json_object *top = NULL;
  long status = 0;
  char *err = NULL;
  int got = path ? get_top(d, path, &top, &status, &err) : -1;
  /* Podman's default ps_args run ps inside the container: no retry there. */
  if (got < 0 && status == 500 && !podman) {
    /* ps rejected our arguments: the engine's default ones always work. */
    free(err);
    err = NULL;
    free(path);
    path = ds_mprintf(TOP_DEFAULT, full_id);
    got = path ? get_top(d, path, &top, &status, &err) : -1;
  }
  int rc = SQLITE_OK;
  if (got < 0)
    rc = ds_error(q, "%s", err ? err : "out of memory");
  else if (got > 0)
    rc = emit_top(q, c, path, top, podman);
  free(err);
  free(path);
  return rc;
}

/* Only running (or paused) containers have processes to ask about. */
static int may_have_processes(json_object *summary) {
  const char *state = ds_json_str(summary, "State");
  return state && (strcmp(state, "running") == 0 || strcmp(state, "paused") == 0 ||
                   strcmp(state, "restarting") == 0);
}

/*
** Several containers asked at once (WHERE id IN (…), IN (SELECT …)): their
** tops go out concurrently, into the snapshot, before the rows are emitted
** one container at a time.  `docker top` runs ps on the engine's host, so
** asking one after the other costs the sum of them all.  Failures are left
** to emit_container, which asks again and handles 404/409/500 its own way.
*/
static void fetch_tops_together(ds_query *q, const ds_container_set *set, const char *local,
                                int podman) {
  const char **ids = calloc(set->n ? (size_t)set->n : 1, sizeof(char *));
  json_object **docs = calloc(set->n ? (size_t)set->n : 1, sizeof(json_object *));
  int k = 0;
  for (int i = 0; ids && docs && i < set->n; i++)
    if (may_have_processes(set->items[i].summary) && !local[i])
      ids[k++] = ds_json_str(set->items[i].summary, "Id");
  char *err = NULL;
  if (k > 1)
    ds_docker_get_many(ds_query_docker(q), podman ? TOP_PODMAN : TOP_OURS_TEMPLATE, ids, k, docs,
                       &err);
  free(err);
  free(ids);
  free(docs);
}

/* Whether the engine is Podman, which decides the ps_args (1/0), or -1
** with the error raised. */
static int engine_is_podman(ds_query *q) {
  char *err = NULL;
  int podman = ds_docker_is_podman(ds_query_docker(q), &err);
  if (podman < 0) ds_error(q, "%s", err ? err : "cannot tell the engine's kind");
  free(err);
  return podman;
}

/* One process read from /proc, as docker top shows it. */
static int emit_local_process(ds_query *q, const char *id, const ds_top_proc *p) {
  int rc = ds_row_new(q);
  if (rc != SQLITE_OK) return rc;
  char state[2] = {p->state, '\0'};
  ds_set_text(q, C_ID, id);
  ds_set_int(q, C_PID, p->pid);
  ds_set_text(q, C_NAME, p->name);
  set_cmdline(q, p->cmdline);
  ds_set_text(q, C_STATE, state);
  static const int cols[] = {C_UID,           C_GID,        C_EUID,    C_EGID,
                             C_SUID,          C_SGID,       C_PARENT,  C_PGROUP,
                             C_RESIDENT_SIZE, C_TOTAL_SIZE, C_THREADS, C_ELAPSED};
  const long long v[] = {p->uid,  p->gid,  p->euid,      p->egid,      p->suid,    p->sgid,
                         p->ppid, p->pgrp, p->rss_bytes, p->vsz_bytes, p->threads, p->elapsed};
  for (size_t i = 0; i < DS_COUNT(cols); i++)
    if (v[i] >= 0) ds_set_int(q, cols[i], v[i]);
  if (p->elapsed >= 0) ds_set_int(q, C_START_TIME, (sqlite3_int64)time(NULL) - p->elapsed);
  if (p->nice > -1000) ds_set_int(q, C_NICE, p->nice);
  ds_set_text(q, C_USER, p->user);
  ds_set_text(q, C_TIME, p->time);
  ds_set_double(q, C_CPU, p->cpu);
  ds_set_double(q, C_MEM, p->mem);
  ds_set_text(q, C_SOURCE, "proc");
  return SQLITE_OK;
}

/* A local container's processes: 1 when served from /proc, 0 when its init
** is not a process of this /proc (ask /top), or an SQLite error. */
static int emit_local(ds_query *q, ds_top_host *h, const ds_container_ref *c, int *rc) {
  const char *full_id = ds_json_str(c->summary, "Id");
  long init = (long)ds_json_int(ds_json_path(c->inspect, "State", NULL), "Pid", 0);
  long *pids;
  size_t n;
  if (init <= 0 || !full_id || ds_top_container_pids(h, full_id, init, &pids, &n) != 0) return 0;
  for (size_t i = 0; *rc == SQLITE_OK && i < n; i++) {
    ds_top_proc p;
    if (!ds_query_accepts_int(q, C_PID, pids[i]) || ds_top_read(h, pids[i], &p) != 0) continue;
    *rc = emit_local_process(q, c->id, &p);
    ds_top_proc_free(&p);
  }
  free(pids);
  return 1;
}

static int is_unix_socket(const ds_query *q) {
  const char *h = ds_query_docker_host(q);
  return h && strncmp(h, "unix://", 7) == 0;
}

static int generate(ds_query *q) {
  ds_container_set set;
  int unix_sock = is_unix_socket(q);
  int rc = ds_containers_select(q, C_ID, -1, unix_sock, &set);
  char *local = calloc(set.n ? (size_t)set.n : 1, 1);
  if (rc == SQLITE_OK && !local) rc = ds_error(q, "out of memory");
  ds_top_host h;
  ds_top_host_init(&h, ds_query_root(q));
  int podman = 0, asked_kind = 0;
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++) {
    if (!may_have_processes(set.items[i].summary)) continue;
    if (unix_sock) local[i] = (char)emit_local(q, &h, &set.items[i], &rc);
    if (rc != SQLITE_OK || local[i] || asked_kind) continue;
    asked_kind = 1;
    podman = engine_is_podman(q);
    if (podman < 0) rc = SQLITE_ERROR;
  }
  ds_top_host_free(&h);
  if (rc == SQLITE_OK) fetch_tops_together(q, &set, local, podman);
  for (int i = 0; rc == SQLITE_OK && i < set.n; i++)
    if (may_have_processes(set.items[i].summary) && !local[i])
      rc = emit_container(q, &set.items[i], podman);
  free(local);
  ds_containers_free(&set);
  return rc;
}

const ds_table ds_table_docker_container_processes = {
    .name = "docker_container_processes",
    .doc = "Processes running in a Docker container, as docker top shows them (from /proc for "
           "a local engine, else GET /containers/{id}/top); the query must name the container's "
           "id.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "-- processes running as root inside containers\n"
               "SELECT c.name, p.pid, p.cmdline FROM docker_containers c\n"
               "JOIN docker_container_processes p ON p.id = c.id\n"
               "WHERE c.state = 'running' AND p.uid = 0;",
};
