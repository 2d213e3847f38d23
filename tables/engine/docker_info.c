/*
** docker_info - system-wide information about the engine (GET /info), one
** row: osquery's columns first, then the daemon settings the OWASP checks
** read (security options, user namespaces, rootless mode, logging, live
** restore, cgroups, registries, …).
**
** Podman answers /info too, with quirks the columns document: empty
** LoggingDriver, LiveRestoreEnabled always false, ExperimentalBuild always
** true, a top-level Rootless flag.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockersec.h"
#include "engine/ds_docker.h"
#include "engine/ds_info.h"
#include "common/ds_util.h"

enum {
  /* osquery */
  C_ID,
  C_CONTAINERS,
  C_CONTAINERS_RUNNING,
  C_CONTAINERS_PAUSED,
  C_CONTAINERS_STOPPED,
  C_IMAGES,
  C_STORAGE_DRIVER,
  C_MEMORY_LIMIT,
  C_SWAP_LIMIT,
  C_KERNEL_MEMORY,
  C_CPU_CFS_PERIOD,
  C_CPU_CFS_QUOTA,
  C_CPU_SHARES,
  C_CPU_SET,
  C_IPV4_FORWARDING,
  C_BRIDGE_NF_IPTABLES,
  C_BRIDGE_NF_IP6TABLES,
  C_OOM_KILL_DISABLE,
  C_LOGGING_DRIVER,
  C_CGROUP_DRIVER,
  C_KERNEL_VERSION,
  C_OS,
  C_OS_TYPE,
  C_ARCHITECTURE,
  C_CPUS,
  C_MEMORY,
  C_HTTP_PROXY,
  C_HTTPS_PROXY,
  C_NO_PROXY,
  C_NAME,
  C_SERVER_VERSION,
  C_ROOT_DIR,
  /* dockersec */
  C_SECURITY_OPTIONS,
  C_SECCOMP,
  C_SECCOMP_PROFILE,
  C_APPARMOR,
  C_SELINUX,
  C_USERNS,
  C_ROOTLESS,
  C_NO_NEW_PRIVILEGES,
  C_CGROUP_VERSION,
  C_LIVE_RESTORE,
  C_DEBUG,
  C_EXPERIMENTAL_BUILD,
  C_PIDS_LIMIT,
  C_DEFAULT_RUNTIME,
  C_RUNTIMES,
  C_INIT_BINARY,
  C_SWARM_STATE,
  C_INSECURE_REGISTRIES,
  C_REGISTRY_MIRRORS,
  C_WARNINGS,
  C_LABELS,
  C_CONTAINERD_COMMIT,
  C_RUNC_COMMIT,
  C_PODMAN,
  C_COUNT
};

static const ds_column columns[] = {
    [C_ID] = {"id", DS_TEXT, "Engine ID (Podman makes up a new one per call)", DS_NOCASE},
    [C_CONTAINERS] = {"containers", DS_INTEGER, "Total number of containers", 0},
    [C_CONTAINERS_RUNNING] = {"containers_running", DS_INTEGER, "Containers running", 0},
    [C_CONTAINERS_PAUSED] = {"containers_paused", DS_INTEGER, "Containers paused", 0},
    [C_CONTAINERS_STOPPED] = {"containers_stopped", DS_INTEGER, "Containers stopped", 0},
    [C_IMAGES] = {"images", DS_INTEGER, "Number of images", 0},
    [C_STORAGE_DRIVER] = {"storage_driver", DS_TEXT, "Storage driver (overlay2, …)", 0},
    [C_MEMORY_LIMIT] = {"memory_limit", DS_INTEGER, "1 if memory limits are supported", 0},
    [C_SWAP_LIMIT] = {"swap_limit", DS_INTEGER, "1 if swap limits are supported", 0},
    [C_KERNEL_MEMORY] = {"kernel_memory", DS_INTEGER, "1 if kernel memory limits are supported", 0},
    [C_CPU_CFS_PERIOD] = {"cpu_cfs_period", DS_INTEGER, "1 if the CFS period is supported", 0},
    [C_CPU_CFS_QUOTA] = {"cpu_cfs_quota", DS_INTEGER, "1 if the CFS quota is supported", 0},
    [C_CPU_SHARES] = {"cpu_shares", DS_INTEGER, "1 if CPU shares are supported", 0},
    [C_CPU_SET] = {"cpu_set", DS_INTEGER, "1 if cpusets are supported", 0},
    [C_IPV4_FORWARDING] = {"ipv4_forwarding", DS_INTEGER, "1 if IPv4 forwarding is on", 0},
    [C_BRIDGE_NF_IPTABLES] = {"bridge_nf_iptables", DS_INTEGER,
                              "1 if bridge-nf-call-iptables is on", 0},
    [C_BRIDGE_NF_IP6TABLES] = {"bridge_nf_ip6tables", DS_INTEGER,
                               "1 if bridge-nf-call-ip6tables is on", 0},
    [C_OOM_KILL_DISABLE] = {"oom_kill_disable", DS_INTEGER,
                            "1 if disabling the OOM killer is supported", 0},
    [C_LOGGING_DRIVER] = {"logging_driver", DS_TEXT,
                          "Default logging driver ('' on Podman, whose default is k8s-file)", 0},
    [C_CGROUP_DRIVER] = {"cgroup_driver", DS_TEXT, "cgroupfs, systemd or none", 0},
    [C_KERNEL_VERSION] = {"kernel_version", DS_TEXT, "Kernel version", DS_VERSION},
    [C_OS] = {"os", DS_TEXT, "Operating system (OperatingSystem)", 0},
    [C_OS_TYPE] = {"os_type", DS_TEXT, "linux or windows", 0},
    [C_ARCHITECTURE] = {"architecture", DS_TEXT, "Hardware architecture", 0},
    [C_CPUS] = {"cpus", DS_INTEGER, "Number of CPUs", 0},
    [C_MEMORY] = {"memory", DS_BIGINT, "Total memory in bytes", 0},
    [C_HTTP_PROXY] = {"http_proxy", DS_TEXT, "HTTP proxy of the engine", 0},
    [C_HTTPS_PROXY] = {"https_proxy", DS_TEXT, "HTTPS proxy of the engine", 0},
    [C_NO_PROXY] = {"no_proxy", DS_TEXT, "Hosts the proxy is not used for", 0},
    [C_NAME] = {"name", DS_TEXT, "Host name", 0},
    [C_SERVER_VERSION] = {"server_version", DS_TEXT, "Engine version", DS_VERSION},
    [C_ROOT_DIR] = {"root_dir", DS_TEXT, "Engine root directory (DockerRootDir)", 0},
    [C_SECURITY_OPTIONS] = {"security_options", DS_TEXT,
                            "SecurityOptions as a JSON array ('name=seccomp,profile=default', …)",
                            0},
    [C_SECCOMP] = {"seccomp", DS_INTEGER, "1 if seccomp is available to containers", 0},
    [C_SECCOMP_PROFILE] = {"seccomp_profile", DS_TEXT,
                           "Daemon seccomp profile: 'default', 'unconfined' or a path; NULL "
                           "without seccomp",
                           0},
    [C_APPARMOR] = {"apparmor", DS_INTEGER, "1 if AppArmor is in use", 0},
    [C_SELINUX] = {"selinux", DS_INTEGER, "1 if SELinux support is on", 0},
    [C_USERNS] = {"userns", DS_INTEGER, "1 if user-namespace remapping (userns-remap) is on", 0},
    [C_ROOTLESS] = {"rootless", DS_INTEGER, "1 if the engine runs rootless", 0},
    [C_NO_NEW_PRIVILEGES] = {"no_new_privileges", DS_INTEGER,
                             "1 if no-new-privileges is the daemon default; NULL when the engine "
                             "is too old to say (API < 1.43)",
                             0},
    [C_CGROUP_VERSION] = {"cgroup_version", DS_TEXT, "1 or 2", 0},
    [C_LIVE_RESTORE] = {"live_restore", DS_INTEGER,
                        "1 if containers keep running while the daemon is down (always 0 on "
                        "Podman)",
                        0},
    [C_DEBUG] = {"debug", DS_INTEGER, "1 if the daemon runs in debug mode", 0},
    [C_EXPERIMENTAL_BUILD] = {"experimental_build", DS_INTEGER,
                              "1 if experimental features are on (always 1 on Podman)", 0},
    [C_PIDS_LIMIT] = {"pids_limit", DS_INTEGER, "1 if PID limits are supported", 0},
    [C_DEFAULT_RUNTIME] = {"default_runtime", DS_TEXT, "Default OCI runtime", 0},
    [C_RUNTIMES] = {"runtimes", DS_TEXT, "Configured OCI runtimes as a JSON object", 0},
    [C_INIT_BINARY] = {"init_binary", DS_TEXT, "Init used by --init", 0},
    [C_SWARM_STATE] = {"swarm_state", DS_TEXT, "Swarm.LocalNodeState: inactive, active, …", 0},
    [C_INSECURE_REGISTRIES] =
        {"insecure_registries", DS_TEXT,
         "Registries reached without TLS verification as a JSON array: "
         "InsecureRegistryCIDRs (always holding loopback 127.0.0.0/8) and IndexConfigs with "
         "Secure = false",
         0},
    [C_REGISTRY_MIRRORS] = {"registry_mirrors", DS_TEXT, "Registry mirrors as a JSON array", 0},
    [C_WARNINGS] = {"warnings", DS_TEXT, "The engine's own warnings as a JSON array", 0},
    [C_LABELS] = {"labels", DS_TEXT, "Engine labels as a JSON array", 0},
    [C_CONTAINERD_COMMIT] = {"containerd_commit", DS_TEXT, "containerd version/commit", 0},
    [C_RUNC_COMMIT] = {"runc_commit", DS_TEXT, "runc version/commit", 0},
    [C_PODMAN] = {"podman", DS_INTEGER, "1 if the engine is Podman's Docker-compatible API", 0},
};
_Static_assert(DS_COUNT(columns) == C_COUNT, "one declaration per column");

static void set_bool(ds_query *q, int col, json_object *o, const char *key) {
  ds_set_int(q, col, ds_json_bool(o, key));
}

static void emit_osquery_columns(ds_query *q, const ds_info *i) {
  json_object *info = i->json;
  ds_set_text(q, C_ID, ds_json_str(info, "ID"));
  ds_set_int(q, C_CONTAINERS, ds_json_int(info, "Containers", 0));
  ds_set_int(q, C_CONTAINERS_RUNNING, ds_json_int(info, "ContainersRunning", 0));
  ds_set_int(q, C_CONTAINERS_PAUSED, ds_json_int(info, "ContainersPaused", 0));
  ds_set_int(q, C_CONTAINERS_STOPPED, ds_json_int(info, "ContainersStopped", 0));
  ds_set_int(q, C_IMAGES, ds_json_int(info, "Images", 0));
  ds_set_text(q, C_STORAGE_DRIVER, i->storage_driver);
  set_bool(q, C_MEMORY_LIMIT, info, "MemoryLimit");
  set_bool(q, C_SWAP_LIMIT, info, "SwapLimit");
  set_bool(q, C_KERNEL_MEMORY, info, "KernelMemory");
  set_bool(q, C_CPU_CFS_PERIOD, info, "CpuCfsPeriod");
  set_bool(q, C_CPU_CFS_QUOTA, info, "CpuCfsQuota");
  set_bool(q, C_CPU_SHARES, info, "CPUShares");
  set_bool(q, C_CPU_SET, info, "CPUSet");
  set_bool(q, C_IPV4_FORWARDING, info, "IPv4Forwarding");
  set_bool(q, C_BRIDGE_NF_IPTABLES, info, "BridgeNfIptables");
  set_bool(q, C_BRIDGE_NF_IP6TABLES, info, "BridgeNfIp6tables");
  set_bool(q, C_OOM_KILL_DISABLE, info, "OomKillDisable");
  ds_set_text(q, C_LOGGING_DRIVER, ds_or(i->logging_driver, ""));
  ds_set_text(q, C_CGROUP_DRIVER, ds_json_str(info, "CgroupDriver"));
  ds_set_text(q, C_KERNEL_VERSION, ds_json_str(info, "KernelVersion"));
  ds_set_text(q, C_OS, ds_json_str(info, "OperatingSystem"));
  ds_set_text(q, C_OS_TYPE, ds_json_str(info, "OSType"));
  ds_set_text(q, C_ARCHITECTURE, ds_json_str(info, "Architecture"));
  ds_set_int(q, C_CPUS, ds_json_int(info, "NCPU", 0));
  ds_set_int(q, C_MEMORY, ds_json_int(info, "MemTotal", 0));
  ds_set_text(q, C_HTTP_PROXY, ds_or(ds_json_str(info, "HttpProxy"), ""));
  ds_set_text(q, C_HTTPS_PROXY, ds_or(ds_json_str(info, "HttpsProxy"), ""));
  ds_set_text(q, C_NO_PROXY, ds_or(ds_json_str(info, "NoProxy"), ""));
  ds_set_text(q, C_NAME, ds_json_str(info, "Name"));
  ds_set_text(q, C_SERVER_VERSION, i->server_version);
  ds_set_text(q, C_ROOT_DIR, i->root_dir);
}

/* -1 (not reported) shows as 0, as osquery does. */
static void set_flag(ds_query *q, int col, int tristate) {
  ds_set_int(q, col, tristate > 0);
}

static void emit_security_columns(ds_query *q, const ds_info *i) {
  ds_set_text_owned(q, C_SECURITY_OPTIONS, ds_json_text(i->security_options, 1));
  ds_set_int(q, C_SECCOMP, i->seccomp);
  ds_set_text(q, C_SECCOMP_PROFILE, i->seccomp_profile);
  ds_set_int(q, C_APPARMOR, i->apparmor);
  ds_set_int(q, C_SELINUX, i->selinux);
  ds_set_int(q, C_USERNS, i->userns);
  ds_set_int(q, C_ROOTLESS, i->rootless);
  if (i->no_new_privileges >= 0) ds_set_int(q, C_NO_NEW_PRIVILEGES, i->no_new_privileges);
}

static void emit_daemon_columns(ds_query *q, const ds_info *i, int podman) {
  json_object *info = i->json;
  ds_set_text(q, C_CGROUP_VERSION, i->cgroup_version);
  set_flag(q, C_LIVE_RESTORE, i->live_restore);
  set_flag(q, C_DEBUG, i->debug);
  set_flag(q, C_EXPERIMENTAL_BUILD, i->experimental);
  set_bool(q, C_PIDS_LIMIT, info, "PidsLimit");
  ds_set_text(q, C_DEFAULT_RUNTIME, i->default_runtime);
  char *runtimes = ds_json_text(ds_json_path(info, "Runtimes", NULL), 0);
  ds_set_text_owned(q, C_RUNTIMES, runtimes ? runtimes : ds_strdup("{}"));
  ds_set_text(q, C_INIT_BINARY, ds_json_str(info, "InitBinary"));
  ds_set_text(q, C_SWARM_STATE, ds_json_str(ds_json_path(info, "Swarm", NULL), "LocalNodeState"));
  ds_set_text_owned(q, C_INSECURE_REGISTRIES, ds_info_insecure_text(i, 1));
  ds_set_text_owned(q, C_REGISTRY_MIRRORS, ds_json_text(i->registry_mirrors, 1));
  ds_set_text_owned(q, C_WARNINGS, ds_json_text(ds_json_path(info, "Warnings", NULL), 1));
  ds_set_text_owned(q, C_LABELS, ds_json_text(ds_json_path(info, "Labels", NULL), 1));
  ds_set_text(q, C_CONTAINERD_COMMIT,
              ds_json_str(ds_json_path(info, "ContainerdCommit", NULL), "ID"));
  ds_set_text(q, C_RUNC_COMMIT, ds_json_str(ds_json_path(info, "RuncCommit", NULL), "ID"));
  ds_set_int(q, C_PODMAN, podman);
}

static int generate(ds_query *q) {
  ds_docker *d = ds_query_docker(q);
  char *err = NULL;
  ds_info info;
  int podman = -1;
  if (ds_info_get(d, &info, &err) == 0 && (podman = ds_docker_is_podman(d, &err)) < 0)
    ds_info_free(&info);
  if (podman < 0) {
    int rc = ds_error(q, "%s", err ? err : "out of memory");
    free(err);
    return rc;
  }
  int rc = ds_row_new(q);
  if (rc == SQLITE_OK) {
    emit_osquery_columns(q, &info);
    emit_security_columns(q, &info);
    emit_daemon_columns(q, &info, podman);
  }
  ds_info_free(&info);
  return rc;
}

/* Asked ahead, with the statement's (or the run's) first requests. */
static const ds_prefetch prefetch[] = {{"/info", -1}, {NULL, 0}};

const ds_table ds_table_docker_info = {
    .name = "docker_info",
    .doc = "System-wide information about the Docker engine (GET /info), with its security "
           "settings.",
    .columns = columns,
    .ncolumns = DS_COUNT(columns),
    .generate = generate,
    .example = "SELECT server_version, userns, rootless, seccomp_profile, live_restore,\n"
               "  logging_driver FROM docker_info;",
    .prefetch = prefetch,
    .rows = 1, /* one row: scanned once, outside a join's loop */
};
