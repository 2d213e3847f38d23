/*
** test_info.c - one reading of GET /info (src/engine/info.c) behind both
** docker_info and docker_daemon_settings: on the captured Docker 20.10 and
** Podman 4.3 answers, a rootless Podman, and a synthetic API 1.24 answer
** (bare SecurityOptions names, an insecure registry), the parsed values are
** checked and both tables are queried over injected answers to show they
** agree on seccomp profile, rootless, SELinux, user namespaces, insecure
** registries, logging driver and live restore.
*/
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sqlcheck.h"
#include "sql/ds_ctx.h"
#include "engine/ds_docker.h"
#include "engine/ds_info.h"
#include "common/ds_util.h"

static char *load(const char *path) {
  char *text = NULL;
  size_t len = 0;
  if (ds_read_file(path, 1 << 22, &text, &len) != 0) printf("FAIL load-%s: cannot read\n", path);
  return text;
}

/* An API 1.24 engine (Docker 1.12): bare option names, no Rootless, an
** insecure CIDR and an insecure index beside the loopback range. */
static const char api124_info[] =
    "{\"ID\":\"X1\",\"Driver\":\"aufs\",\"LoggingDriver\":\"json-file\","
    "\"LiveRestoreEnabled\":true,\"ServerVersion\":\"1.12.6\","
    "\"SecurityOptions\":[\"apparmor\",\"seccomp\",\"selinux\"],"
    "\"RegistryConfig\":{\"InsecureRegistryCIDRs\":[\"127.0.0.0/8\",\"10.1.0.0/16\"],"
    "\"IndexConfigs\":{\"docker.io\":{\"Name\":\"docker.io\",\"Secure\":true},"
    "\"reg.local:5000\":{\"Name\":\"reg.local:5000\",\"Secure\":false}},\"Mirrors\":null}}";
static const char api124_version[] = "{\"ApiVersion\":\"1.24\",\"Version\":\"1.12.6\"}";

static void check_read(const char *name, const char *info_text, const char *api,
                       const char *profile, int rootless, int selinux, const char *insecure_all,
                       const char *insecure_configured) {
  char buf[96];
  char *err = NULL;
  json_object *o = ds_json_parse(info_text, strlen(info_text), &err);
  ds_info i;
  snprintf(buf, sizeof(buf), "info-%s-read", name);
  CHECK_INT(buf, 0, o ? ds_info_read(o, api, &i) : -1);
  if (!o) return;
  snprintf(buf, sizeof(buf), "info-%s-seccomp-profile", name);
  CHECK_STR(buf, profile, i.seccomp_profile);
  snprintf(buf, sizeof(buf), "info-%s-rootless", name);
  CHECK_INT(buf, rootless, i.rootless);
  snprintf(buf, sizeof(buf), "info-%s-selinux", name);
  CHECK_INT(buf, selinux, i.selinux);
  char *all = ds_info_insecure_text(&i, 1), *configured = ds_info_insecure_text(&i, 0);
  snprintf(buf, sizeof(buf), "info-%s-insecure-all", name);
  CHECK_STR(buf, insecure_all, all);
  snprintf(buf, sizeof(buf), "info-%s-insecure-configured", name);
  CHECK_STR(buf, insecure_configured, configured);
  free(all), free(configured);
  ds_info_free(&i);
  json_object_put(o);
}

/* Both tables over the injected answers: each pair must agree. */
static void check_tables(const char *name, const char *info_text, const char *version_text,
                         const char *expected) {
  sqlite3 *db;
  sqlite3_open(":memory:", &db);
  ds_ctx *ctx = ds_ctx_new();
  char *err = NULL;
  ds_config_set(ctx, "docker_host", "unix:///nonexistent/test-info.sock", &err);
  ds_config_set(ctx, "root", "/nonexistent-test-info-root", &err);
  ds_register_tables(db, ctx, &err);
  ds_docker *d = ds_ctx_docker(ctx);
  ds_docker_inject(d, "/version", 200, version_text, strlen(version_text));
  ds_docker_inject(d, "/info", 200, info_text, strlen(info_text));
  char buf[96];
  snprintf(buf, sizeof(buf), "info-%s-tables-agree", name);
  Q(buf,
    "WITH s(k, v) AS (SELECT key, value FROM docker_daemon_settings WHERE source = 'info'), "
    "i AS (SELECT * FROM docker_info) SELECT "
    "i.seccomp_profile IS (SELECT v FROM s WHERE k = 'seccomp-profile'), "
    "i.rootless = ((SELECT v FROM s WHERE k = 'rootless') IS 'true'), "
    "i.selinux = ((SELECT v FROM s WHERE k = 'selinux-enabled') = 'true'), "
    "i.userns = ((SELECT v FROM s WHERE k = 'userns') = 'true'), "
    "(SELECT json_group_array(value) FROM json_each(i.insecure_registries) "
    "  WHERE value NOT IN ('127.0.0.0/8', '::1/128')) = (SELECT v FROM s WHERE k = "
    "'insecure-registries'), "
    "i.logging_driver = (SELECT v FROM s WHERE k = 'log-driver'), "
    "i.live_restore = ((SELECT v FROM s WHERE k = 'live-restore') = 'true') FROM i",
    "1|1|1|1|1|1|1");
  snprintf(buf, sizeof(buf), "info-%s-values", name);
  Q(buf,
    "SELECT seccomp_profile, rootless, selinux, insecure_registries, "
    "(SELECT value FROM docker_daemon_settings WHERE key = 'insecure-registries' AND "
    "source = 'info') FROM docker_info",
    expected);
  sqlite3_close(db);
  ds_ctx_release(ctx);
}

int main(void) {
  char *docker = load("tests/fixtures/engine/docker-20.10/_info.json");
  char *docker_v = load("tests/fixtures/engine/docker-20.10/_version.json");
  char *podman = load("tests/fixtures/engine/podman-4.3/_info.json");
  char *podman_v = load("tests/fixtures/engine/podman-4.3/_version.json");
  if (!docker || !docker_v || !podman || !podman_v) return 1;

  check_read("docker-20.10", docker, "1.41", "default", 0, 0, "[\"127.0.0.0/8\"]", "[]");
  check_read("podman-4.3", podman, "1.41", "default", 0, 0, "[]", "[]");
  check_read("api-1.24", api124_info, "1.24", "default", 0, 1,
             "[\"127.0.0.0/8\",\"10.1.0.0/16\",\"reg.local:5000\"]",
             "[\"10.1.0.0/16\",\"reg.local:5000\"]");
  /* Podman says rootless only at the top level. */
  char *rootless = ds_strdup(podman);
  char *at = strstr(rootless, "\"Rootless\": false");
  if (!at) at = strstr(rootless, "\"Rootless\":false");
  CHECK("info-podman-rootless-fixture", at != NULL);
  if (at) memcpy(strchr(at, 'f'), "true ", 5);
  check_read("podman-rootless", rootless, "1.41", "default", 1, 0, "[]", "[]");

  check_tables("docker-20.10", docker, docker_v, "default|0|0|[\"127.0.0.0/8\"]|[]");
  check_tables("podman-4.3", podman, podman_v, "default|0|0|[]|[]");
  check_tables("podman-rootless", rootless, podman_v, "default|1|0|[]|[]");
  check_tables("api-1.24", api124_info, api124_version,
               "default|0|1|[\"127.0.0.0/8\",\"10.1.0.0/16\",\"reg.local:5000\"]|"
               "[\"10.1.0.0/16\",\"reg.local:5000\"]");
  free(docker), free(docker_v), free(podman), free(podman_v), free(rootless);
  CHECK_DONE();
}
