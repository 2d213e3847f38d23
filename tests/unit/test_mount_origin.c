/* Unit tests of ds_runtime_mount_origin (src/runtime/mount_origin.c): which
** mounts of a runtime spec are the runtime's own, a managed volume, or the
** user's - on the shapes Docker, containerd CRI, kubelet, CRI-O and Podman
** write - and of the views that audit the user's (all_container_mounts,
** all_container_envs) and all_containers' resolved settings over the
** fixture trees. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sqlcheck.h"
#include "runtime/ds_runtime.h"

#define ID  "e4039ddec7aa2c99f6df843ef8cb1cf40163bff999282222a8beb394cfa59860"
#define SB  "5b0c4a6a1f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5"
#define UID "8f2e0f43-2c55-4a1e-9d7c-5c1f7c3a9e11"

static void test_origins(void) {
  static const struct {
    const char *mount; /* a mounts[] entry */
    int origin;
    const char *volume;
  } cases[] = {
      {"{\"type\":\"proc\",\"source\":\"proc\",\"destination\":\"/proc\"}", DS_MOUNT_RUNTIME, NULL},
      {"{\"type\":\"cgroup\",\"source\":\"cgroup\",\"destination\":\"/sys/fs/cgroup\"}",
       DS_MOUNT_RUNTIME, NULL},
      {"{\"type\":\"tmpfs\",\"source\":\"shm\",\"destination\":\"/dev/shm\"}", DS_MOUNT_RUNTIME,
       NULL},
      {"{\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"destination\":\"/run\"}", DS_MOUNT_RUNTIME,
       NULL},
      {"{\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"destination\":\"/cache\"}", DS_MOUNT_USER, NULL},
      /* Docker's generated files, in its data root (wherever that is) */
      {"{\"type\":\"bind\",\"source\":\"/srv/docker/containers/" ID "/hosts\","
       "\"destination\":\"/etc/hosts\",\"options\":[\"rbind\",\"rprivate\"]}",
       DS_MOUNT_RUNTIME, NULL},
      /* containerd CRI: the pod sandbox's hostname and shm */
      {"{\"type\":\"bind\",\"source\":\"/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/" SB
       "/hostname\",\"destination\":\"/etc/hostname\",\"options\":[\"rbind\",\"ro\"]}",
       DS_MOUNT_RUNTIME, NULL},
      /* kubelet: etc-hosts and the termination log are its own, volumes are volumes */
      {"{\"type\":\"bind\",\"source\":\"/var/lib/kubelet/pods/" UID "/etc-hosts\","
       "\"destination\":\"/etc/hosts\",\"options\":[\"rbind\",\"rw\"]}",
       DS_MOUNT_RUNTIME, NULL},
      {"{\"type\":\"bind\",\"source\":\"/var/lib/kubelet/pods/" UID
       "/volumes/kubernetes.io~empty-dir/cache\",\"destination\":\"/cache\","
       "\"options\":[\"rbind\",\"rw\"]}",
       DS_MOUNT_VOLUME, "cache"},
      {"{\"type\":\"bind\",\"source\":\"/var/lib/kubelet/pods/" UID
       "/volume-subpaths/config/app/0\",\"destination\":\"/etc/app.conf\",\"options\":[\"rbind\"]}",
       DS_MOUNT_VOLUME, "config"},
      /* another pod's volume is a host path like any other */
      {"{\"type\":\"bind\",\"source\":\"/var/lib/kubelet/pods/00000000-0000-0000-0000-000000000000"
       "/volumes/kubernetes.io~secret/token\",\"destination\":\"/steal\",\"options\":[\"rbind\"]}",
       DS_MOUNT_USER, NULL},
      /* Docker's and Podman's volumes, also with a subpath */
      {"{\"type\":\"bind\",\"source\":\"/var/lib/docker/volumes/pgdata/_data\","
       "\"destination\":\"/var/lib/postgresql\",\"options\":[\"rbind\"]}",
       DS_MOUNT_VOLUME, "pgdata"},
      {"{\"type\":\"bind\",\"source\":\"/var/lib/containers/storage/volumes/v1/_data/sub\","
       "\"destination\":\"/x\",\"options\":[\"rbind\"]}",
       DS_MOUNT_VOLUME, "v1"},
      {"{\"type\":\"bind\",\"source\":\"/var/lib/docker/volumes\",\"destination\":\"/v\","
       "\"options\":[\"rbind\"]}",
       DS_MOUNT_USER, NULL},
      /* ctr --net-host: the host's own name files, read-only; read-write is the user's */
      {"{\"type\":\"bind\",\"source\":\"/etc/resolv.conf\",\"destination\":\"/etc/resolv.conf\","
       "\"options\":[\"rbind\",\"ro\"]}",
       DS_MOUNT_RUNTIME, NULL},
      {"{\"type\":\"bind\",\"source\":\"/etc/hosts\",\"destination\":\"/etc/hosts\","
       "\"options\":[\"rbind\",\"rw\"]}",
       DS_MOUNT_USER, NULL},
      {"{\"type\":\"bind\",\"source\":\"/usr/bin/docker-init\",\"destination\":\"/sbin/"
       "docker-init\","
       "\"options\":[\"rbind\",\"ro\"]}",
       DS_MOUNT_RUNTIME, NULL},
      /* no type, rbind in the options (ctr --mount): the user's socket */
      {"{\"source\":\"/var/run/docker.sock\",\"destination\":\"/var/run/docker.sock\","
       "\"options\":[\"rbind\"]}",
       DS_MOUNT_USER, NULL},
      {"{\"type\":\"bind\",\"destination\":\"/nosource\"}", DS_MOUNT_USER, NULL},
  };
  ds_rt_pod pod = {.pod_uid = UID, .sandbox_id = SB};
  for (int i = 0; i < DS_COUNT(cases); i++) {
    json_object *m = json_tokener_parse(cases[i].mount);
    char *volume = NULL;
    char name[64];
    snprintf(name, sizeof(name), "origin of case %d", i);
    CHECK_INT(name, cases[i].origin, ds_runtime_mount_origin(m, ID, &pod, &volume));
    snprintf(name, sizeof(name), "volume of case %d", i);
    CHECK_STR(name, cases[i].volume ? cases[i].volume : "(null)", volume ? volume : "(null)");
    free(volume);
    json_object_put(m);
  }
  /* outside Kubernetes: no pod, and the pod rules do not apply */
  json_object *m =
      json_tokener_parse("{\"type\":\"bind\",\"source\":\"/var/lib/kubelet/pods/" UID
                         "/etc-hosts\",\"destination\":\"/h\",\"options\":[\"rbind\"]}");
  ds_rt_pod none = {0};
  CHECK_INT("no pod: a kubelet path is a host path", DS_MOUNT_USER,
            ds_runtime_mount_origin(m, ID, &none, NULL));
  json_object_put(m);
}

static void test_views(void) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  CHECK_INT("register", SQLITE_OK, ds_register(db, NULL));
  Q("docker_host unreachable", "SELECT dockersec_config('docker_host', 'unix:///nonexistent')",
    "unix:///nonexistent");
  sqlite3_exec(db, "SELECT dockersec_config('root', 'tests/fixtures/runtimes/docker-20.10')", NULL,
               NULL, NULL);
  Q("docker 20.10: only the runtime's own mounts, so none in the view",
    "SELECT (SELECT count(*) FROM container_mounts WHERE origin = 'runtime'), "
    "(SELECT count(*) FROM all_container_mounts)",
    "20|0");
  Q("docker 20.10: seccomp and no-new-privileges judged from the spec alone",
    "SELECT substr(id,1,4), seccomp_profile, seccomp_unconfined, no_new_privileges, "
    "no_new_privileges_default, security_options FROM all_containers ORDER BY id",
    "e403|custom|0|0|0|NULL;fbc5|unconfined|1|0|0|NULL");
  Q("docker 20.10: masked paths from the spec; no AppArmor, no SELinux on that host",
    "SELECT substr(id,1,4), privileged, paths_unmasked, apparmor_unconfined, selinux_disabled, "
    "(SELECT apparmor || selinux FROM kernel_info) FROM all_containers ORDER BY id",
    "e403|0|0|NULL|NULL|00;fbc5|1|1|NULL|NULL|00");
  Q("docker 20.10: the privileged one's nodes, not those runc creates anyway",
    "SELECT count(*), sum(path_in_container = '/dev/null') FROM all_container_devices "
    "WHERE id GLOB 'fbc5*'",
    "93|0");
  sqlite3_exec(db, "SELECT dockersec_config('root', 'tests/fixtures/runtimes/k3s')", NULL, NULL,
               NULL);
  Q("k3s: the user's bind, as docker_container_mounts says it; the sandbox left out",
    "SELECT substr(m.id,1,4), c.name, m.type, m.name, m.source, m.destination, m.driver, m.mode, "
    "m.rw, m.propagation FROM all_container_mounts m JOIN all_containers c USING (id)",
    "a0a0|prod/web-7d9f/web|bind|NULL|/run/docker/netns|/hostsock|NULL|rbind,ro|0|");
  Q("k3s: a host with AppArmor and SELinux, a spec with neither profile nor label; the "
    "half-written one not judged",
    "SELECT (SELECT apparmor || selinux FROM kernel_info), substr(id,1,4), apparmor_unconfined, "
    "selinux_disabled, paths_unmasked FROM all_containers ORDER BY id",
    "11|a0a0|1|1|0;11|a2a2|NULL|NULL|0");
  Q("k3s: its device, with the access of the rule that opens it; the host's path unknown",
    "SELECT substr(id,1,4), path_on_host, path_in_container, cgroup_permissions "
    "FROM all_container_devices",
    "a0a0|NULL|/dev/fuse|rw");
  Q("k3s: envs of the workload, not of the sandbox",
    "SELECT DISTINCT substr(id,1,4) FROM all_container_envs", "a0a0");
  Q("k3s: envs redacted as docker_container_envs",
    "SELECT key, value, secret_like FROM all_container_envs WHERE key = 'DB_PASSWORD'",
    "DB_PASSWORD|<redacted>|1");
  sqlite3_close(db);
}

int main(void) {
  test_origins();
  test_views();
  CHECK_DONE();
}
