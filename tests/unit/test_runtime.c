/* Unit tests of src/runtime: the OCI config.json parser and its derived
** settings on real captured documents (tests/fixtures/runtimes/captured),
** hostile documents, and the runtime tables over the fixture trees
** (docker-20.10, k3s, containers-storage, k8s-cgroupv2-systemd). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sqlcheck.h"
#include "common/ds_util.h"
#include "runtime/ds_oci.h"

#define CAPTURED "tests/fixtures/runtimes/captured/"

static int parse_file(const char *name, ds_oci_spec *s) {
  char *text, *err = NULL;
  size_t len;
  char path[512];
  snprintf(path, sizeof(path), CAPTURED "%s", name);
  if (ds_read_file(path, 1 << 24, &text, &len) != 0) return -1;
  int rc = ds_oci_parse(text, len, s, &err);
  free(text);
  free(err);
  return rc;
}

static int parse_text(const char *text, ds_oci_spec *s, char **err) {
  return ds_oci_parse(text, strlen(text), s, err);
}

static void test_docker_documents(void) {
  ds_oci_spec s;
  CHECK_INT("docker ro: parses", 0, parse_file("docker-20.10-user1000-readonly.config.json", &s));
  CHECK_INT("docker ro: uid", 1000, s.uid);
  CHECK_INT("docker ro: gid", 1000, s.gid);
  CHECK_INT("docker ro: readonly rootfs", 1, s.readonly_rootfs);
  CHECK_INT("docker ro: not privileged", 0, ds_oci_privileged(&s));
  CHECK_STR("docker ro: seccomp default action", "SCMP_ACT_ERRNO", ds_oci_seccomp(&s));
  CHECK_INT("docker ro: own network namespace", 0, ds_oci_host_namespace(&s, "network"));
  CHECK_INT("docker ro: host user namespace", 1, ds_oci_host_namespace(&s, "user"));
  CHECK_INT("docker ro: host cgroup namespace (v1)", 1, ds_oci_host_namespace(&s, "cgroup"));
  CHECK_INT("docker ro: CAP_NET_RAW bounding", 1,
            ds_oci_has_cap(&s, DS_OCI_BOUNDING, "CAP_NET_RAW"));
  CHECK_INT("docker ro: no effective set for uid 1000", 0,
            ds_oci_has_cap(&s, DS_OCI_EFFECTIVE, "CAP_NET_RAW"));
  CHECK("docker ro: masked paths", s.masked_paths && json_object_array_length(s.masked_paths));
  CHECK("docker ro: memory unset", s.memory_limit == DS_OCI_UNSET);
  CHECK_INT("docker ro: cpu shares as written", 0, s.cpu_shares);
  ds_oci_free(&s);

  CHECK_INT("docker priv: parses", 0,
            parse_file("docker-20.10-privileged-user1000.config.json", &s));
  CHECK_INT("docker priv: privileged", 1, ds_oci_privileged(&s));
  CHECK_STR("docker priv: no seccomp", "none", ds_oci_seccomp(&s));
  ds_oci_free(&s);

  CHECK_INT("podman: parses", 0, parse_file("podman-4.3-user1000-readonly.config.json", &s));
  CHECK_STR("podman: manager annotation", "libpod", ds_oci_annotation(&s, "io.container.manager"));
  CHECK_INT("podman: not privileged", 0, ds_oci_privileged(&s));
  ds_oci_free(&s);

  CHECK_INT("containerd: parses", 0, parse_file("containerd-1.6-ctr-k8s.io.config.json", &s));
  CHECK_INT("containerd --net-host: host network", 1, ds_oci_host_namespace(&s, "network"));
  CHECK_INT("containerd: own pid namespace", 0, ds_oci_host_namespace(&s, "pid"));
  CHECK_INT("containerd --memory-limit", 67108864, s.memory_limit);
  CHECK_INT("containerd --cap-add", 1, ds_oci_has_cap(&s, DS_OCI_BOUNDING, "CAP_NET_ADMIN"));
  ds_oci_free(&s);
}

static void test_hostile_documents(void) {
  ds_oci_spec s;
  char *err = NULL;
  CHECK_INT("empty file", -1, ds_oci_parse("", 0, &s, &err));
  CHECK("empty file: message", err != NULL);
  free(err);
  CHECK_INT("half-written", -1,
            parse_text("{\"ociVersion\":\"1.0.2\",\"process\":{\"us", &s, &err));
  CHECK("half-written: message", err && strstr(err, "truncated"));
  free(err);
  CHECK_INT("not an object", -1, parse_text("[1,2]", &s, &err));
  free(err);
  CHECK_INT("garbage", -1, parse_text("\x01\x02zz", &s, &err));
  free(err);
  /* Wrong types everywhere read as absent, never as a crash. */
  CHECK_INT("wrong types: parses", 0,
            parse_text("{\"process\":{\"user\":{\"uid\":\"0\",\"additionalGids\":{}},"
                       "\"capabilities\":{\"bounding\":\"CAP_SYS_ADMIN\"},"
                       "\"noNewPrivileges\":\"yes\",\"env\":{}},"
                       "\"root\":[],\"mounts\":{},\"linux\":{\"namespaces\":[1,{\"type\":7}],"
                       "\"resources\":{\"memory\":{\"limit\":\"1g\"},\"devices\":[null,3]},"
                       "\"seccomp\":[]},\"annotations\":[]}",
                       &s, &err));
  CHECK("wrong types: uid unset", s.uid == DS_OCI_UNSET);
  CHECK("wrong types: memory unset", s.memory_limit == DS_OCI_UNSET);
  CHECK_INT("wrong types: no caps", 0, ds_oci_has_cap(&s, DS_OCI_BOUNDING, "CAP_SYS_ADMIN"));
  CHECK_INT("wrong types: not privileged", 0, ds_oci_privileged(&s));
  CHECK_STR("wrong types: seccomp none", "none", ds_oci_seccomp(&s));
  CHECK_INT("wrong types: namespaces of junk = host's", 1, ds_oci_host_namespace(&s, "pid"));
  CHECK("wrong types: no annotation", ds_oci_annotation(&s, "x") == NULL);
  ds_oci_free(&s);
  CHECK_INT("bare object", 0, parse_text("{}", &s, &err));
  CHECK_INT("bare object: every namespace the host's", 1, ds_oci_host_namespace(&s, "network"));
  ds_oci_free(&s);
}

static void test_namespaces_and_rules(void) {
  ds_oci_spec s;
  char *err = NULL;
  CHECK_INT("ns paths: parses", 0,
            parse_text("{\"linux\":{\"namespaces\":[{\"type\":\"network\",\"path\":\"/proc/1/ns/"
                       "net\"},{\"type\":\"pid\",\"path\":\"/proc/4242/ns/pid\"},"
                       "{\"type\":\"ipc\",\"path\":\"\"}]}}",
                       &s, &err));
  CHECK_INT("ns: pid 1's network namespace is the host's", 1, ds_oci_host_namespace(&s, "network"));
  CHECK_INT("ns: a sandbox's pid namespace is not", 0, ds_oci_host_namespace(&s, "pid"));
  CHECK_INT("ns: empty path = a new one", 0, ds_oci_host_namespace(&s, "ipc"));
  CHECK_INT("ns: absent uts", 1, ds_oci_host_namespace(&s, "uts"));
  ds_oci_free(&s);
  CHECK_INT("privileged: all devices, unmasked, SYS_ADMIN", 0,
            parse_text("{\"process\":{\"capabilities\":{\"bounding\":[\"CAP_SYS_ADMIN\"]}},"
                       "\"linux\":{\"resources\":{\"devices\":[{\"allow\":true,"
                       "\"access\":\"rwm\"}]}}}",
                       &s, &err));
  CHECK_INT("privileged: derived", 1, ds_oci_privileged(&s));
  ds_oci_free(&s);
  CHECK_INT("privileged: masked paths", 0,
            parse_text("{\"process\":{\"capabilities\":{\"bounding\":[\"CAP_SYS_ADMIN\"]}},"
                       "\"linux\":{\"maskedPaths\":[\"/proc/kcore\"],\"resources\":{"
                       "\"devices\":[{\"allow\":true,\"access\":\"rwm\"}]}}}",
                       &s, &err));
  CHECK_INT("privileged: not with masked paths", 0, ds_oci_privileged(&s));
  ds_oci_free(&s);
  CHECK_INT("privileged: no SYS_ADMIN", 0,
            parse_text("{\"process\":{\"capabilities\":{\"bounding\":[\"CAP_CHOWN\"]}},"
                       "\"linux\":{\"resources\":{\"devices\":[{\"allow\":true,"
                       "\"access\":\"rwm\"}]}}}",
                       &s, &err));
  CHECK_INT("privileged: not without CAP_SYS_ADMIN", 0, ds_oci_privileged(&s));
  ds_oci_free(&s);
  struct {
    const char *rule;
    int all;
  } rules[] = {{"{\"allow\":true,\"access\":\"rwm\"}", 1},
               {"{\"allow\":true,\"type\":\"a\",\"major\":-1,\"minor\":-1,\"access\":\"rwm\"}", 1},
               {"{\"allow\":false,\"access\":\"rwm\"}", 0},
               {"{\"allow\":true,\"type\":\"c\",\"access\":\"rwm\"}", 0},
               {"{\"allow\":true,\"major\":1,\"access\":\"rwm\"}", 0},
               {"{\"allow\":true,\"access\":\"rw\"}", 0},
               {"{\"allow\":\"true\",\"access\":\"rwm\"}", 0}};
  for (int i = 0; i < DS_COUNT(rules); i++) {
    json_object *r = json_tokener_parse(rules[i].rule);
    char name[96];
    snprintf(name, sizeof(name), "device rule allows all: %s", rules[i].rule);
    CHECK_INT(name, rules[i].all, ds_oci_rule_allows_all(r));
    json_object_put(r);
  }
}

static void test_tables(void) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  CHECK_INT("register", SQLITE_OK, ds_register(db, NULL));
  Q("docker_host unreachable", "SELECT dockersec_config('docker_host', 'unix:///nonexistent')",
    "unix:///nonexistent");
  sqlite3_exec(db, "SELECT dockersec_config('root', 'tests/fixtures/runtimes/docker-20.10')", NULL,
               NULL, NULL);
  Q("docker 20.10 bundles",
    "SELECT runtime, namespace, substr(id,1,8), name, image, pid, state, user, privileged, "
    "readonly_rootfs, host_network, seccomp FROM containers ORDER BY id",
    "docker|moby|e4039dde|i13-probe|dockersec-test:latest|4242|running|1000:1000|0|1|0|"
    "SCMP_ACT_ERRNO;"
    "docker|moby|fbc5cdb8|i13-priv|dockersec-test:latest|4243|created|1000:1000|1|0|0|none");
  Q("id push-down",
    "SELECT name FROM containers WHERE id = "
    "'fbc5cdb8bcb1d9cd63cc184028f471f782032c3c635c6b4717dfad4ec67abcaa'",
    "i13-priv");
  Q("privileged: all devices rule", "SELECT count(*) FROM container_devices WHERE allows_all", "1");
  Q("docker mounts: resolv.conf read-only rprivate bind",
    "SELECT type, read_only, propagation FROM container_mounts WHERE id LIKE 'e403%' AND "
    "destination = '/etc/resolv.conf'",
    "bind|1|rprivate");

  sqlite3_exec(db, "SELECT dockersec_config('root', 'tests/fixtures/runtimes/k3s')", NULL, NULL,
               NULL);
  Q("k3s: pods, sandbox, half-written bundle, vanished bundle skipped",
    "SELECT runtime, substr(id,1,4), name, pod_name, pod_namespace, pod_uid IS NOT NULL, sandbox, "
    "image, state, host_network, memory_limit, note FROM containers ORDER BY id",
    "k3s|a0a0|web|web-7d9f|prod|1|0|docker.io/library/nginx:1.25|running|1|67108864|NULL;"
    "k3s|a1a1|NULL|web-7d9f|prod|1|1|NULL|stopped|1|67108864|NULL;"
    "k3s|a2a2|NULL|NULL|NULL|0|0|NULL|unknown|NULL|NULL|malformed JSON: truncated document");
  Q("envs redacted as docker_container_envs",
    "SELECT key, value, secret_like FROM container_envs WHERE id LIKE 'a0%' ORDER BY key",
    "DB_PASSWORD|<redacted>|1;HOSTNAME|vm|0;PATH|/bin|0");
  sqlite3_exec(db, "SELECT dockersec_config('reveal_secrets', 1)", NULL, NULL, NULL);
  Q("envs revealed on request",
    "SELECT 1, value FROM container_envs WHERE key = "
    "'DB_PASSWORD' AND id LIKE 'a0%'",
    "1|hunter2");
  sqlite3_exec(db, "SELECT dockersec_config('reveal_secrets', 0)", NULL, NULL, NULL);
  Q("k3s: the bind mount of ctr --mount",
    "SELECT source, read_only FROM container_mounts "
    "WHERE destination = '/hostsock' AND id LIKE 'a0%'",
    "/run/docker/netns|1");

  sqlite3_exec(db, "SELECT dockersec_config('root', 'tests/fixtures/runtimes/containers-storage')",
               NULL, NULL, NULL);
  Q("cri-o and podman rootful, stopped, rootless",
    "SELECT runtime, substr(id,1,4), name, pod_namespace, image, pid, state, owner_uid, "
    "readonly_rootfs FROM containers ORDER BY id",
    "cri-o|c0c0|api|payments|registry.k8s.io/pause:3.9|6001|running|NULL|1;"
    "podman|cab4|i13p|NULL|localhost/dstest:latest|6002|running|NULL|1;"
    "podman|d1d1|old-job|NULL|localhost/dstest:latest|NULL|stopped|NULL|1;"
    "podman|e1e1|NULL|NULL|NULL|6003|running|1000|1");
  Q("annotations redacted",
    "SELECT json_extract(annotations, '$.\"vault.hashicorp.com/"
    "agent-token\"') FROM containers WHERE runtime = 'cri-o'",
    "<redacted>");
  Q("processes.container_id of cri-o, podman cgroupfs and rootless podman",
    "SELECT pid, substr(container_id,1,4) FROM processes ORDER BY pid",
    "6001|c0c0;6002|cab4;6003|e1e1");

  sqlite3_exec(db,
               "SELECT dockersec_config('root', 'tests/fixtures/runtimes/k8s-cgroupv2-systemd')",
               NULL, NULL, NULL);
  Q("v2 systemd: processes.container_id",
    "SELECT pid, substr(container_id,1,4) FROM processes "
    "ORDER BY pid",
    "7001|f0f0;7002|f1f1");
  Q("v2 systemd: cgroup_limits by container id",
    "SELECT name, limit_value FROM cgroup_limits WHERE container_id = '"
    "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0' AND name = 'memory.max'",
    "memory.max|134217728");
  Q("v2 systemd: every container cgroup found",
    "SELECT count(DISTINCT container_id) FROM cgroup_limits", "2");
  Q("declared vs enforced: the cgroup's memory.max differs from the spec",
    "SELECT declared, enforced, drift, looser FROM container_enforcement "
    "WHERE setting = 'memory_limit'",
    "67108864|134217728|1|1");
  Q("declared vs enforced: no pids limit on either side",
    "SELECT declared, enforced, drift FROM container_enforcement WHERE setting = 'pids_limit'",
    "NULL|NULL|0");
  Q("runtime and kernel joined",
    "SELECT c.name, p.pid FROM containers c JOIN processes p "
    "ON p.container_id = c.id",
    "web|7001");
  sqlite3_close(db);
}

int main(void) {
  test_docker_documents();
  test_hostile_documents();
  test_namespaces_and_rules();
  test_tables();
  CHECK_DONE();
}
