/* Unit tests of src/runtime/snapshot.c and the columns it made cheap: the
** runtime state is read once per snapshot (cache_ttl_ms), a bundle is parsed
** when first wanted, one that vanished after the scan is skipped, and
** containers.cap_add / cap_drop against the default capability set.  Each
** test builds its own containerd tree under a temporary root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "sqlcheck.h"

#define TASKS "/run/containerd/io.containerd.runtime.v2.task/k8s.io"

static char root[64];

/* A container's bundle: config.json with the given bounding set. */
static int add_bundle(const char *id, const char *bounding) {
  char dir[512], path[600];
  snprintf(dir, sizeof(dir), "%s%s/%s", root, TASKS, id);
  if (mkdir(dir, 0700) != 0) return -1;
  snprintf(path, sizeof(path), "%s/config.json", dir);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f,
          "{\"ociVersion\":\"1.0.2\",\"process\":{\"user\":{\"uid\":1000,\"gid\":1000},"
          "\"capabilities\":{\"bounding\":%s}},\"root\":{\"path\":\"rootfs\"},"
          "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\"}],"
          "\"maskedPaths\":[\"/proc/kcore\"],\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\","
          "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}}}",
          bounding);
  return fclose(f);
}

static void remove_bundle(const char *id) {
  char path[600];
  snprintf(path, sizeof(path), "%s%s/%s/config.json", root, TASKS, id);
  unlink(path);
  snprintf(path, sizeof(path), "%s%s/%s", root, TASKS, id);
  rmdir(path);
}

static int make_root(void) {
  snprintf(root, sizeof(root), "/tmp/dockersec-snapshot.XXXXXX");
  if (!mkdtemp(root)) return -1;
  const char *dirs[] = {"/run", "/run/containerd", "/run/containerd/io.containerd.runtime.v2.task",
                        TASKS};
  char p[512];
  for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
    snprintf(p, sizeof(p), "%s%s", root, dirs[i]);
    if (mkdir(p, 0700) != 0) return -1;
  }
  return 0;
}

static const char *const docker_default =
    "[\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FSETID\",\"CAP_FOWNER\",\"CAP_MKNOD\","
    "\"CAP_NET_RAW\",\"CAP_SETGID\",\"CAP_SETUID\",\"CAP_SETFCAP\",\"CAP_SETPCAP\","
    "\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_CHROOT\",\"CAP_KILL\",\"CAP_AUDIT_WRITE\"]";

static void test_snapshot(sqlite3 *db) {
  char sql[256];
  add_bundle("aaaa", docker_default);
  snprintf(sql, sizeof(sql), "SELECT dockersec_config('root', '%s')", root);
  sqlite3_exec(db, sql, NULL, NULL, NULL);
  sqlite3_exec(db, "SELECT dockersec_config('cache_ttl_ms', 600000)", NULL, NULL, NULL);
  Q("snapshot: first read", "SELECT id FROM containers", "aaaa");
  add_bundle("bbbb", docker_default);
  Q("snapshot: a container started since is not seen within the snapshot",
    "SELECT count(*) FROM containers", "1");
  Q("snapshot: a lookup by id is served from it too",
    "SELECT count(*) FROM containers WHERE id = 'bbbb'", "0");
  sqlite3_exec(db, "SELECT dockersec_config('cache_ttl_ms', 0)", NULL, NULL, NULL);
  Q("snapshot: none kept with cache_ttl_ms 0", "SELECT group_concat(id) FROM containers",
    "aaaa,bbbb");

  /* Scanned but never parsed (no engine lists anything, so = 1 wants
  ** nothing), then removed: skipped when first wanted, no row, no error. */
  sqlite3_exec(db, "SELECT dockersec_config('cache_ttl_ms', 600000)", NULL, NULL, NULL);
  Q("lazy: nothing wanted", "SELECT count(*) FROM containers WHERE listed_by_engine = 1", "0");
  remove_bundle("bbbb");
  Q("lazy: a bundle gone after the scan is skipped",
    "SELECT group_concat(id) || '|' || count(*) FROM containers", "aaaa|1");
  Q("listed_by_engine: 0 with no engine there",
    "SELECT listed_by_engine FROM containers WHERE id = 'aaaa'", "0");
  Q("seccomp kept without its rules", "SELECT seccomp FROM containers", "SCMP_ACT_ERRNO");
}

static void test_cap_diff(sqlite3 *db) {
  sqlite3_exec(db, "SELECT dockersec_config('cache_ttl_ms', 0)", NULL, NULL, NULL);
  add_bundle("cccc",
             "[\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FSETID\",\"CAP_FOWNER\",\"CAP_MKNOD\","
             "\"CAP_SETGID\",\"CAP_SETUID\",\"CAP_SETFCAP\",\"CAP_SETPCAP\","
             "\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_CHROOT\",\"CAP_KILL\",\"CAP_AUDIT_WRITE\","
             "\"CAP_SYS_PTRACE\",\"CAP_NET_ADMIN\"]");
  add_bundle("dddd", "[]");
  Q("cap_add / cap_drop against Docker's defaults",
    "SELECT id, cap_add, cap_drop FROM containers WHERE id IN ('aaaa', 'cccc') ORDER BY id",
    "aaaa|[]|[];cccc|[\"CAP_SYS_PTRACE\",\"CAP_NET_ADMIN\"]|[\"CAP_NET_RAW\"]");
  Q("cap_drop ALL: every default dropped",
    "SELECT json_array_length(cap_drop), cap_add FROM containers WHERE id = 'dddd'", "14|[]");
  Q("all_containers reads them unchanged", "SELECT cap_add FROM all_containers WHERE id = 'cccc'",
    "[\"CAP_SYS_PTRACE\",\"CAP_NET_ADMIN\"]");
  remove_bundle("cccc");
  remove_bundle("dddd");
}

/* Writes <root><rel> (its directories made), `text` as contents. */
static int put(const char *rel, const char *text) {
  char path[600];
  snprintf(path, sizeof(path), "%s%s", root, rel);
  for (char *p = path + strlen(root) + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(path, 0700);
      *p = '/';
    }
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fputs(text, f);
  return fclose(f);
}

/* A running init whose v1 freezer cgroup is FROZEN is paused; THAWED is
** running (docker pause / ctr task pause freeze the cgroup). */
static void test_paused(sqlite3 *db) {
  sqlite3_exec(db, "SELECT dockersec_config('cache_ttl_ms', 0)", NULL, NULL, NULL);
  add_bundle("eeee", docker_default);
  put(TASKS "/eeee/init.pid", "4242");
  put("/proc/4242/cgroup", "7:freezer:/k8s.io/eeee\n1:name=systemd:/k8s.io/eeee\n");
  put("/sys/fs/cgroup/freezer/k8s.io/eeee/freezer.state", "FROZEN\n");
  Q("paused: frozen freezer cgroup", "SELECT state FROM containers WHERE id = 'eeee'", "paused");
  put("/sys/fs/cgroup/freezer/k8s.io/eeee/freezer.state", "THAWED\n");
  Q("paused: thawed is running", "SELECT state FROM containers WHERE id = 'eeee'", "running");
}

int main(void) {
  if (make_root() != 0) {
    printf("FAIL snapshot-setup: cannot build a temporary root\n");
    return 1;
  }
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  CHECK_INT("register", SQLITE_OK, ds_register(db, NULL));
  sqlite3_exec(db, "SELECT dockersec_config('docker_host', 'unix:///nonexistent')", NULL, NULL,
               NULL);
  test_snapshot(db);
  test_cap_diff(db);
  test_paused(db);
  sqlite3_close(db);
  remove_bundle("aaaa");
  char rm[700];
  /* The paused case's tree: removed with the rest (no shell: unlink each). */
  const char *files[] = {TASKS "/eeee/init.pid", "/proc/4242/cgroup",
                         "/sys/fs/cgroup/freezer/k8s.io/eeee/freezer.state"};
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
    snprintf(rm, sizeof(rm), "%s%s", root, files[i]);
    unlink(rm);
  }
  remove_bundle("eeee");
  const char *pdirs[] = {"/sys/fs/cgroup/freezer/k8s.io/eeee",
                         "/sys/fs/cgroup/freezer/k8s.io",
                         "/sys/fs/cgroup/freezer",
                         "/sys/fs/cgroup",
                         "/sys/fs",
                         "/sys",
                         "/proc/4242",
                         "/proc"};
  for (size_t i = 0; i < sizeof(pdirs) / sizeof(pdirs[0]); i++) {
    snprintf(rm, sizeof(rm), "%s%s", root, pdirs[i]);
    rmdir(rm);
  }
  char p[512];
  const char *dirs[] = {TASKS, "/run/containerd/io.containerd.runtime.v2.task", "/run/containerd",
                        "/run", ""};
  for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
    snprintf(p, sizeof(p), "%s%s", root, dirs[i]);
    rmdir(p);
  }
  CHECK_DONE();
}
