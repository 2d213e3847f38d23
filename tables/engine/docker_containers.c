/*
** docker_containers - every container of the engine, stopped ones too.
**
** osquery's columns first (same names, types and meaning), then ours: the
** HostConfig settings the OWASP checks need.  Sources: GET /containers/json
** (list columns) and GET /containers/{id}/json (everything else: fetched
** only when the statement reads such a column), /images/json for
** image_digest, and /proc/<pid>/ns/<type> for the namespace inodes.
**
** Push-down: id (= and IN; prefixes as docker allows) and name.
*/
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_docker_map.h"
#include "engine/ds_containers.h"
#include "common/ds_secret.h"
#include "common/ds_util.h"

enum {
  /* osquery */
  C_ID,
  C_NAME,
  C_IMAGE,
  C_IMAGE_ID,
  C_COMMAND,
  C_CREATED,
  C_STATE,
  C_STATUS,
  C_PID,
  C_PATH,
  C_CONFIG_ENTRYPOINT,
  C_STARTED_AT,
  C_FINISHED_AT,
  C_PRIVILEGED,
  C_SECURITY_OPTIONS,
  C_ENV_VARIABLES,
  C_READONLY_ROOTFS,
  C_CGROUP_NS,
  C_IPC_NS,
  C_MNT_NS,
  C_NET_NS,
  C_PID_NS,
  C_USER_NS,
  C_UTS_NS,
  /* dockersec */
  C_USER,
  C_CAP_ADD,
  C_CAP_DROP,
  C_SECCOMP,
  C_APPARMOR,
  C_NO_NEW_PRIVS,
  C_NETWORK_MODE,
  C_PID_MODE,
  C_IPC_MODE,
  C_UTS_MODE,
  C_USERNS_MODE,
  C_CGROUPNS_MODE,
  C_MEMORY,
  C_MEMORY_SWAP,
  C_NANO_CPUS,
  C_CPU_QUOTA,
  C_CPU_PERIOD,
  C_CPU_SHARES,
  C_PIDS_LIMIT,
  C_RESTART_POLICY,
  C_RESTART_MAX,
  C_RESTART_COUNT,
  C_LOG_DRIVER,
  C_LOG_OPTIONS,
  C_HEALTH,
  C_MASKED_PATHS,
  C_READONLY_PATHS,
  C_GROUP_ADD,
  C_SYSCTLS,
  C_IMAGE_DIGEST,
  C_PUBLISH_ALL,
  C_LABELS,
  C_OOM_KILL_DISABLE,
  C_RUNTIME,
  C_CGROUP_PARENT,
  C_INIT,
  C_HOSTNAME,
  C_CONFIG_IMAGE,
  C_COUNT
};

/* The first column that needs the inspect document; everything before it
** comes from the list. */
#define FIRST_INSPECT_COL C_PID

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Container ID (prefixes accepted in WHERE id = …, as osquery)",
              DS_INDEXED | DS_NOCASE},
    [C_NAME] = {"name", DS_TEXT, "Container name, with osquery's leading '/'", DS_INDEXED},
    [C_IMAGE] = {"image", DS_TEXT, "Image (name) used to launch this container", 0},
    [C_IMAGE_ID] = {"image_id", DS_TEXT, "Image ID, without sha256:", DS_NOCASE},
    [C_COMMAND] = {"command", DS_TEXT, "Command with arguments; secret-looking values <redacted>",
                   0},
    [C_CREATED] = {"created", DS_BIGINT, "Time of creation as UNIX time", 0},
    [C_STATE] = {"state", DS_TEXT, "created, restarting, running, removing, paused, exited or dead",
                 0},
    [C_STATUS] = {"status", DS_TEXT, "Human-readable status, e.g. 'Up 5 minutes'", 0},
    [C_PID] = {"pid", DS_BIGINT, "Host PID of the container's init process (0 when stopped)", 0},
    [C_PATH] = {"path", DS_TEXT, "Path of the container's command", 0},
    [C_CONFIG_ENTRYPOINT] = {"config_entrypoint", DS_TEXT,
                             "Entrypoint, joined with ', '; secret-looking values <redacted>", 0},
    [C_STARTED_AT] = {"started_at", DS_TEXT, "Start time (RFC 3339)", 0},
    [C_FINISHED_AT] = {"finished_at", DS_TEXT, "Finish time (RFC 3339); empty while running", 0},
    [C_PRIVILEGED] = {"privileged", DS_INTEGER, "1 if started with --privileged", 0},
    [C_SECURITY_OPTIONS] = {"security_options", DS_TEXT, "HostConfig.SecurityOpt, joined with ', '",
                            0},
    [C_ENV_VARIABLES] = {"env_variables", DS_TEXT,
                         "Environment, joined with ', '; secret-looking values are <redacted>", 0},
    [C_READONLY_ROOTFS] = {"readonly_rootfs", DS_INTEGER, "1 if the root filesystem is read-only",
                           0},
    [C_CGROUP_NS] = {"cgroup_namespace", DS_TEXT, "cgroup namespace inode of the init process", 0},
    [C_IPC_NS] = {"ipc_namespace", DS_TEXT, "IPC namespace inode", 0},
    [C_MNT_NS] = {"mnt_namespace", DS_TEXT, "Mount namespace inode", 0},
    [C_NET_NS] = {"net_namespace", DS_TEXT, "Network namespace inode", 0},
    [C_PID_NS] = {"pid_namespace", DS_TEXT, "PID namespace inode", 0},
    [C_USER_NS] = {"user_namespace", DS_TEXT, "User namespace inode", 0},
    [C_UTS_NS] = {"uts_namespace", DS_TEXT, "UTS namespace inode", 0},
    [C_USER] = {"user", DS_TEXT, "Config.User: '' means the image default (usually root)", 0},
    [C_CAP_ADD] = {"cap_add", DS_TEXT, "HostConfig.CapAdd as a JSON array", 0},
    [C_CAP_DROP] = {"cap_drop", DS_TEXT, "HostConfig.CapDrop as a JSON array", 0},
    [C_SECCOMP] = {"seccomp_profile", DS_TEXT,
                   "'unconfined', 'custom' (a profile was given) or 'default'", 0},
    [C_APPARMOR] = {"apparmor_profile", DS_TEXT,
                    "AppArmor profile (security-opt or AppArmorProfile); '' if the host has none",
                    0},
    [C_NO_NEW_PRIVS] = {"no_new_privileges", DS_INTEGER,
                        "1 if security-opt no-new-privileges is set on the container", 0},
    [C_NETWORK_MODE] = {"network_mode", DS_TEXT, "HostConfig.NetworkMode (bridge, host, none, …)",
                        0},
    [C_PID_MODE] = {"pid_mode", DS_TEXT, "HostConfig.PidMode ('' private, 'host', …)", 0},
    [C_IPC_MODE] = {"ipc_mode", DS_TEXT, "HostConfig.IpcMode (private, shareable, host, …)", 0},
    [C_UTS_MODE] = {"uts_mode", DS_TEXT, "HostConfig.UTSMode ('' or 'host')", 0},
    [C_USERNS_MODE] = {"userns_mode", DS_TEXT, "HostConfig.UsernsMode ('' or 'host')", 0},
    [C_CGROUPNS_MODE] = {"cgroupns_mode", DS_TEXT, "HostConfig.CgroupnsMode (private or host)", 0},
    [C_MEMORY] = {"memory_limit", DS_BIGINT, "HostConfig.Memory in bytes (0 = unlimited)", 0},
    [C_MEMORY_SWAP] = {"memory_swap", DS_BIGINT, "HostConfig.MemorySwap in bytes (-1 unlimited)",
                       0},
    [C_NANO_CPUS] = {"nano_cpus", DS_BIGINT, "HostConfig.NanoCpus (--cpus × 1e9)", 0},
    [C_CPU_QUOTA] = {"cpu_quota", DS_BIGINT, "HostConfig.CpuQuota in µs per period", 0},
    [C_CPU_PERIOD] = {"cpu_period", DS_BIGINT, "HostConfig.CpuPeriod in µs", 0},
    [C_CPU_SHARES] = {"cpu_shares", DS_BIGINT, "HostConfig.CpuShares (relative weight)", 0},
    [C_PIDS_LIMIT] = {"pids_limit", DS_BIGINT,
                      "HostConfig.PidsLimit; NULL when unset (0 and -1 also mean unlimited)", 0},
    [C_RESTART_POLICY] = {"restart_policy", DS_TEXT,
                          "no, always, unless-stopped or on-failure ('' = no)", 0},
    [C_RESTART_MAX] = {"restart_max_retries", DS_INTEGER, "RestartPolicy.MaximumRetryCount", 0},
    [C_RESTART_COUNT] = {"restart_count", DS_INTEGER, "How often the engine restarted it", 0},
    [C_LOG_DRIVER] = {"log_driver", DS_TEXT, "HostConfig.LogConfig.Type", 0},
    [C_LOG_OPTIONS] = {"log_options", DS_TEXT, "HostConfig.LogConfig.Config as a JSON object", 0},
    [C_HEALTH] = {"health_status", DS_TEXT,
                  "starting, healthy or unhealthy; NULL without a health check", 0},
    [C_MASKED_PATHS] = {"masked_paths", DS_TEXT, "HostConfig.MaskedPaths as a JSON array", 0},
    [C_READONLY_PATHS] = {"readonly_paths", DS_TEXT, "HostConfig.ReadonlyPaths as a JSON array", 0},
    [C_GROUP_ADD] = {"group_add", DS_TEXT, "HostConfig.GroupAdd as a JSON array", 0},
    [C_SYSCTLS] = {"sysctls", DS_TEXT, "HostConfig.Sysctls as a JSON object", 0},
    [C_IMAGE_DIGEST] = {"image_digest", DS_TEXT,
                        "First repo digest of the image (name@sha256:…); NULL if none", 0},
    [C_PUBLISH_ALL] = {"publish_all_ports", DS_INTEGER, "1 if started with -P", 0},
    [C_LABELS] = {"labels", DS_TEXT, "Labels as a JSON object; secret-looking values <redacted>",
                  0},
    [C_OOM_KILL_DISABLE] = {"oom_kill_disable", DS_INTEGER, "1 if the OOM killer is disabled", 0},
    [C_RUNTIME] = {"runtime", DS_TEXT, "OCI runtime (runc, …)", 0},
    [C_CGROUP_PARENT] = {"cgroup_parent", DS_TEXT, "HostConfig.CgroupParent", 0},
    [C_INIT] = {"init", DS_INTEGER, "1 if started with --init", 0},
    [C_HOSTNAME] = {"hostname", DS_TEXT, "Config.Hostname", 0},
    [C_CONFIG_IMAGE] = {"config_image", DS_TEXT,
                        "Config.Image: the reference it was created from (`image` shows the image "
                        "ID once that tag points to another image)",
                        0},
};

_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static int uses_inspect(const ds_query *q) {
  for (int c = FIRST_INSPECT_COL; c < C_COUNT; c++) {
    /* labels come from the list, image_digest from /images/json */
    if (c == C_LABELS || c == C_IMAGE_DIGEST) continue;
    if (ds_query_uses(q, c)) return 1;
  }
  return 0;
}

/* Joins the strings of a JSON array with ", " (osquery's rendering); with
** `redact_env` the entries are environment entries, redacted as such. */
static char *join_array(json_object *a, int redact_env, int reveal) {
  if (!a || !json_object_is_type(a, json_type_array)) return ds_strdup("");
  ds_buf b = {0};
  ds_buf_puts(&b, "");
  for (size_t i = 0; i < json_object_array_length(a); i++) {
    const char *s = json_object_get_string(json_object_array_get_idx(a, i));
    if (!s) continue;
    if (i) ds_buf_puts(&b, ", ");
    int secret = 0;
    char *shown = redact_env ? ds_redact_env(s, strlen(s), reveal, &secret) : NULL;
    ds_buf_puts(&b, shown ? shown : s);
    free(shown);
  }
  return ds_buf_take(&b);
}

/* Finds "name=value" or "name:value" in SecurityOpt; returns the value, ""
** for a bare "name", NULL when absent. */
static const char *security_opt(json_object *opts, const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0;
       opts && json_object_is_type(opts, json_type_array) && i < json_object_array_length(opts);
       i++) {
    const char *s = json_object_get_string(json_object_array_get_idx(opts, i));
    if (!s || strncmp(s, name, n) != 0) continue;
    if (s[n] == '\0') return "";
    if (s[n] == '=' || s[n] == ':') return s + n + 1;
  }
  return NULL;
}

static const char *seccomp_of(json_object *host_config) {
  const char *v = security_opt(ds_json_path(host_config, "SecurityOpt", NULL), "seccomp");
  if (v) return strcmp(v, "unconfined") == 0 ? "unconfined" : "custom";
  /* --privileged disables seccomp filtering entirely. */
  if (ds_json_bool(host_config, "Privileged")) return "unconfined";
  return "default";
}

static int no_new_privs_of(json_object *host_config) {
  const char *v = security_opt(ds_json_path(host_config, "SecurityOpt", NULL), "no-new-privileges");
  return v && (strcmp(v, "") == 0 || strcmp(v, "true") == 0);
}

/* Serialising is the costly part of a row: skip it for columns the
** statement does not read. */
/* parent[key] as JSON text.  The member is looked up only when the column
** is read: a pack check reads a few of 60 columns, for every container. */
static void set_json(ds_query *q, int col, json_object *parent, const char *key, int empty_array) {
  if (ds_query_uses(q, col))
    ds_set_text_owned(q, col, ds_json_text(ds_json_path(parent, key, NULL), empty_array));
}

static void set_joined(ds_query *q, int col, json_object *parent, const char *key, int redact_env,
                       int reveal) {
  if (ds_query_uses(q, col))
    ds_set_text_owned(q, col, join_array(ds_json_path(parent, key, NULL), redact_env, reveal));
}

/* A JSON object column; a missing object is "{}". */
static void set_object(ds_query *q, int col, json_object *parent, const char *key) {
  if (!ds_query_uses(q, col)) return;
  json_object *o = ds_json_path(parent, key, NULL);
  ds_set_text_owned(q, col, o ? ds_json_text(o, 0) : ds_strdup("{}"));
}

static void set_str(ds_query *q, int col, json_object *o, const char *key) {
  ds_set_text(q, col, ds_json_str(o, key));
}

static void emit_list_columns(ds_query *q, const ds_container_ref *c) {
  int reveal = (int)ds_query_reveal(q);
  json_object *s = c->summary;
  if (ds_query_uses(q, C_ID)) ds_set_text(q, C_ID, c->id);
  if (ds_query_uses(q, C_NAME)) ds_set_text(q, C_NAME, ds_container_name(s));
  if (ds_query_uses(q, C_IMAGE)) set_str(q, C_IMAGE, s, "Image");
  if (ds_query_uses(q, C_IMAGE_ID))
    ds_set_text(q, C_IMAGE_ID, ds_strip_sha256(ds_json_str(s, "ImageID")));
  if (ds_query_uses(q, C_COMMAND)) {
    /* "sh -c 'DB_PASSWORD=… app'": secrets in the command line are redacted. */
    int secret = 0;
    ds_set_text_owned(q, C_COMMAND, ds_redact_command(ds_json_str(s, "Command"), reveal, &secret));
  }
  if (ds_query_uses(q, C_CREATED)) ds_set_int(q, C_CREATED, ds_json_int(s, "Created", 0));
  if (ds_query_uses(q, C_STATE)) set_str(q, C_STATE, s, "State");
  if (ds_query_uses(q, C_STATUS)) set_str(q, C_STATUS, s, "Status");
  if (ds_query_uses(q, C_LABELS))
    ds_set_text_owned(q, C_LABELS,
                      ds_redacted_object_text(ds_json_path(s, "Labels", NULL), reveal));
}

static void emit_namespaces(ds_query *q, sqlite3_int64 pid) {
  static const struct {
    int col;
    const char *ns;
  } ns[] = {{C_CGROUP_NS, "cgroup"}, {C_IPC_NS, "ipc"},   {C_MNT_NS, "mnt"}, {C_NET_NS, "net"},
            {C_PID_NS, "pid"},       {C_USER_NS, "user"}, {C_UTS_NS, "uts"}};
  const char *root = ds_query_root(q);
  for (int i = 0; i < DS_COUNT(ns); i++) {
    char inode[32];
    if (pid > 0 && ds_query_uses(q, ns[i].col) &&
        ds_ns_inode(root, (long)pid, ns[i].ns, inode, sizeof(inode)) == 0)
      ds_set_text(q, ns[i].col, inode);
  }
}

static void emit_inspect_columns(ds_query *q, json_object *in) {
  int reveal = (int)ds_query_reveal(q);
  json_object *hc = ds_json_path(in, "HostConfig", NULL);
  json_object *cfg = ds_json_path(in, "Config", NULL);
  json_object *state = ds_json_path(in, "State", NULL);
  int need_pid = ds_query_uses(q, C_PID);
  for (int c = C_CGROUP_NS; c <= C_UTS_NS && !need_pid; c++)
    need_pid = ds_query_uses(q, c);
  sqlite3_int64 pid = need_pid ? ds_json_int(state, "Pid", 0) : 0;
  if (ds_query_uses(q, C_PID)) ds_set_int(q, C_PID, pid);
  if (ds_query_uses(q, C_PATH)) set_str(q, C_PATH, in, "Path");
  if (ds_query_uses(q, C_CONFIG_ENTRYPOINT)) {
    /* An entrypoint may carry "--password x" as well as the command. */
    int secret = 0;
    char *joined = join_array(ds_json_path(cfg, "Entrypoint", NULL), 0, 1);
    ds_set_text_owned(q, C_CONFIG_ENTRYPOINT, ds_redact_command(joined, reveal, &secret));
    free(joined);
  }
  if (ds_query_uses(q, C_STARTED_AT)) set_str(q, C_STARTED_AT, state, "StartedAt");
  /* osquery #7783: finished_at is empty while the container runs. */
  if (ds_query_uses(q, C_FINISHED_AT))
    ds_set_text(q, C_FINISHED_AT,
                ds_json_bool(state, "Running") ? "" : ds_json_str(state, "FinishedAt"));
  if (ds_query_uses(q, C_PRIVILEGED)) ds_set_int(q, C_PRIVILEGED, ds_json_bool(hc, "Privileged"));
  set_joined(q, C_SECURITY_OPTIONS, hc, "SecurityOpt", 0, 1);
  set_joined(q, C_ENV_VARIABLES, cfg, "Env", 1, reveal);
  if (ds_query_uses(q, C_READONLY_ROOTFS))
    ds_set_int(q, C_READONLY_ROOTFS, ds_json_bool(hc, "ReadonlyRootfs"));
  emit_namespaces(q, pid);

  if (ds_query_uses(q, C_USER)) ds_set_text(q, C_USER, ds_or(ds_json_str(cfg, "User"), ""));
  set_json(q, C_CAP_ADD, hc, "CapAdd", 1);
  set_json(q, C_CAP_DROP, hc, "CapDrop", 1);
  if (ds_query_uses(q, C_SECCOMP)) ds_set_text(q, C_SECCOMP, seccomp_of(hc));
  if (ds_query_uses(q, C_APPARMOR)) {
    const char *aa = security_opt(ds_json_path(hc, "SecurityOpt", NULL), "apparmor");
    ds_set_text(q, C_APPARMOR, aa ? aa : (ds_or(ds_json_str(in, "AppArmorProfile"), "")));
  }
  if (ds_query_uses(q, C_NO_NEW_PRIVS)) ds_set_int(q, C_NO_NEW_PRIVS, no_new_privs_of(hc));
  if (ds_query_uses(q, C_NETWORK_MODE)) set_str(q, C_NETWORK_MODE, hc, "NetworkMode");
  if (ds_query_uses(q, C_PID_MODE))
    ds_set_text(q, C_PID_MODE, ds_or(ds_json_str(hc, "PidMode"), ""));
  if (ds_query_uses(q, C_IPC_MODE))
    ds_set_text(q, C_IPC_MODE, ds_or(ds_json_str(hc, "IpcMode"), ""));
  if (ds_query_uses(q, C_UTS_MODE))
    ds_set_text(q, C_UTS_MODE, ds_or(ds_json_str(hc, "UTSMode"), ""));
  if (ds_query_uses(q, C_USERNS_MODE))
    ds_set_text(q, C_USERNS_MODE, ds_or(ds_json_str(hc, "UsernsMode"), ""));
  if (ds_query_uses(q, C_CGROUPNS_MODE))
    ds_set_text(q, C_CGROUPNS_MODE, ds_or(ds_json_str(hc, "CgroupnsMode"), ""));
  if (ds_query_uses(q, C_MEMORY)) ds_set_int(q, C_MEMORY, ds_json_int(hc, "Memory", 0));
  if (ds_query_uses(q, C_MEMORY_SWAP))
    ds_set_int(q, C_MEMORY_SWAP, ds_json_int(hc, "MemorySwap", 0));
  if (ds_query_uses(q, C_NANO_CPUS)) ds_set_int(q, C_NANO_CPUS, ds_json_int(hc, "NanoCpus", 0));
  if (ds_query_uses(q, C_CPU_QUOTA)) ds_set_int(q, C_CPU_QUOTA, ds_json_int(hc, "CpuQuota", 0));
  if (ds_query_uses(q, C_CPU_PERIOD)) ds_set_int(q, C_CPU_PERIOD, ds_json_int(hc, "CpuPeriod", 0));
  if (ds_query_uses(q, C_CPU_SHARES)) ds_set_int(q, C_CPU_SHARES, ds_json_int(hc, "CpuShares", 0));
  json_object *pids = ds_query_uses(q, C_PIDS_LIMIT) ? ds_json_path(hc, "PidsLimit", NULL) : NULL;
  if (pids && !json_object_is_type(pids, json_type_null))
    ds_set_int(q, C_PIDS_LIMIT, json_object_get_int64(pids));
  json_object *rp = ds_query_uses(q, C_RESTART_POLICY) || ds_query_uses(q, C_RESTART_MAX)
                        ? ds_json_path(hc, "RestartPolicy", NULL)
                        : NULL;
  if (ds_query_uses(q, C_RESTART_POLICY))
    ds_set_text(q, C_RESTART_POLICY, ds_or(ds_json_str(rp, "Name"), ""));
  if (ds_query_uses(q, C_RESTART_MAX))
    ds_set_int(q, C_RESTART_MAX, ds_json_int(rp, "MaximumRetryCount", 0));
  if (ds_query_uses(q, C_RESTART_COUNT))
    ds_set_int(q, C_RESTART_COUNT, ds_json_int(in, "RestartCount", 0));
  json_object *log = ds_query_uses(q, C_LOG_DRIVER) || ds_query_uses(q, C_LOG_OPTIONS)
                         ? ds_json_path(hc, "LogConfig", NULL)
                         : NULL;
  if (ds_query_uses(q, C_LOG_DRIVER)) set_str(q, C_LOG_DRIVER, log, "Type");
  set_object(q, C_LOG_OPTIONS, log, "Config");
  if (ds_query_uses(q, C_HEALTH))
    set_str(q, C_HEALTH, ds_json_path(state, "Health", NULL), "Status");
  set_json(q, C_MASKED_PATHS, hc, "MaskedPaths", 1);
  set_json(q, C_READONLY_PATHS, hc, "ReadonlyPaths", 1);
  set_json(q, C_GROUP_ADD, hc, "GroupAdd", 1);
  set_object(q, C_SYSCTLS, hc, "Sysctls");
  if (ds_query_uses(q, C_PUBLISH_ALL))
    ds_set_int(q, C_PUBLISH_ALL, ds_json_bool(hc, "PublishAllPorts"));
  if (ds_query_uses(q, C_OOM_KILL_DISABLE))
    ds_set_int(q, C_OOM_KILL_DISABLE, ds_json_bool(hc, "OomKillDisable"));
  if (ds_query_uses(q, C_RUNTIME)) set_str(q, C_RUNTIME, hc, "Runtime");
  if (ds_query_uses(q, C_CGROUP_PARENT))
    ds_set_text(q, C_CGROUP_PARENT, ds_or(ds_json_str(hc, "CgroupParent"), ""));
  if (ds_query_uses(q, C_INIT)) ds_set_int(q, C_INIT, ds_json_bool(hc, "Init"));
  if (ds_query_uses(q, C_HOSTNAME)) set_str(q, C_HOSTNAME, cfg, "Hostname");
  if (ds_query_uses(q, C_CONFIG_IMAGE)) set_str(q, C_CONFIG_IMAGE, cfg, "Image");
}

/* image id -> first RepoDigest, from GET /images/json (one request). */
static const char *image_digest(json_object *images, const char *image_id) {
  for (size_t i = 0; images && image_id && i < json_object_array_length(images); i++) {
    json_object *img = json_object_array_get_idx(images, i);
    if (strcmp(ds_strip_sha256(ds_or(ds_json_str(img, "Id"), "")), image_id) != 0) continue;
    json_object *d = ds_json_path(img, "RepoDigests", NULL);
    if (!d || !json_object_is_type(d, json_type_array) || json_object_array_length(d) == 0)
      return NULL;
    const char *digest = json_object_get_string(json_object_array_get_idx(d, 0));
    /* Old engines report "<none>@<none>" for images without a digest. */
    return digest && strstr(digest, "<none>") == NULL ? digest : NULL;
  }
  return NULL;
}

static int generate(ds_query *q) {
  ds_container_set set;
  int rc = ds_containers_select(q, C_ID, C_NAME, uses_inspect(q), &set);
  if (rc != SQLITE_OK) return rc;
  json_object *images = NULL;
  if (ds_query_uses(q, C_IMAGE_DIGEST) && set.n > 0) {
    char *err = NULL;
    images = ds_docker_get(ds_query_docker(q), "/images/json", NULL, &err);
    if (!images) {
      ds_containers_free(&set);
      rc = ds_error(q, "%s", err ? err : "out of memory");
      free(err);
      return rc;
    }
  }
  for (int i = 0; i < set.n; i++) {
    if ((rc = ds_row_new(q)) != SQLITE_OK) break;
    emit_list_columns(q, &set.items[i]);
    if (set.items[i].inspect) emit_inspect_columns(q, set.items[i].inspect);
    if (images)
      ds_set_text(
          q, C_IMAGE_DIGEST,
          image_digest(images, ds_strip_sha256(ds_json_str(set.items[i].summary, "ImageID"))));
  }
  ds_containers_free(&set);
  return rc;
}

/* image_digest needs GET /images/json: ask it along with the list. */
static const ds_prefetch prefetch[] = {{"/images/json", C_IMAGE_DIGEST}, {NULL, 0}};

const ds_table ds_table_docker_containers = {
    .name = "docker_containers",
    .doc = "Docker containers, running and stopped, with the settings that decide their isolation.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT name, privileged, user, cap_add, readonly_rootfs, pids_limit\n"
               "FROM docker_containers WHERE state = 'running';",
    .prefetch = prefetch,
};
