/*
** test_docker_fixtures.c - the JSON-to-row helpers on answers captured from
** a real engine (tests/fixtures/engine/docker-20.10, capture-docker.sh) and
** on the Podman 4.3 variant derived from them (make-podman.sh): the same
** containers, started with the same flags, must map to the rows each engine
** really gives them.
**
** Containers are found by name in the captured list, so re-capturing (new
** ids) needs no edit here.
*/
#include <stdlib.h>

#include "check.h"
#include "engine/ds_docker.h"
#include "engine/ds_docker_caps.h"
#include "engine/ds_docker_map.h"
#include "common/ds_util.h"

#define DOCKER_DIR "tests/fixtures/engine/docker-20.10"
#define PODMAN_DIR "tests/fixtures/engine/podman-4.3"

static json_object *load(const char *dir, const char *file) {
  char *path = ds_mprintf("%s/%s", dir, file), *text = NULL, *err = NULL;
  size_t len = 0;
  json_object *o = NULL;
  if (path && ds_read_file(path, 1 << 22, &text, &len) == 0) o = ds_json_parse(text, len, &err);
  if (!o) printf("FAIL load-%s: %s\n", file, err ? err : "cannot read");
  free(err);
  free(text);
  free(path);
  return o;
}

/* The list entry of container "/ds-fixtures-<role>". */
static json_object *summary_of(json_object *list, const char *role) {
  char name[128];
  snprintf(name, sizeof(name), "/ds-fixtures-%s", role);
  for (size_t i = 0; list && i < json_object_array_length(list); i++) {
    json_object *c = json_object_array_get_idx(list, i);
    json_object *names = ds_json_path(c, "Names", NULL);
    if (names && strcmp(json_object_get_string(json_object_array_get_idx(names, 0)), name) == 0)
      return c;
  }
  return NULL;
}

/* GET /containers/{id}/json of that container (caller puts it). */
static json_object *inspect_of(const char *dir, json_object *list, const char *role) {
  json_object *s = summary_of(list, role);
  if (!s) {
    printf("FAIL fixture-%s: no container ds-fixtures-%s in %s\n", role, role, dir);
    return NULL;
  }
  char file[160];
  snprintf(file, sizeof(file), "_containers_%s_json.json", ds_json_str(s, "Id"));
  return load(dir, file);
}

static const ds_cap_row *cap_row(const ds_cap_set *s, const char *name) {
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->rows[i].name, name) == 0) return &s->rows[i];
  return NULL;
}

static int effective_count(const ds_cap_set *s) {
  int n = 0;
  for (int i = 0; i < s->n; i++)
    n += s->rows[i].effective;
  return n;
}

/* "name:source:effective", or "absent". */
static const char *cap_desc(const ds_cap_set *s, const char *name) {
  static char buf[128];
  const ds_cap_row *r = cap_row(s, name);
  if (!r) return "absent";
  snprintf(buf, sizeof(buf), "%s:%d", ds_cap_source_name(r->source), r->effective);
  return buf;
}

static int caps_of(const char *dir, json_object *list, const char *role, int podman,
                   ds_cap_set *out) {
  json_object *in = inspect_of(dir, list, role);
  int rc = in ? ds_caps_compute(ds_json_path(in, "HostConfig", NULL), podman, 40, out) : -1;
  json_object_put(in);
  if (rc != 0) out->n = 0, out->rows = NULL;
  return rc;
}

static void test_docker_caps(json_object *list) {
  ds_cap_set s;
  caps_of(DOCKER_DIR, list, "priv", 0, &s);
  CHECK_INT("fx-docker-priv-all", 41, effective_count(&s));
  CHECK_STR("fx-docker-priv-source", "privileged:1", cap_desc(&s, "CAP_SYS_ADMIN"));
  ds_caps_free(&s);
  caps_of(DOCKER_DIR, list, "full", 0, &s);
  CHECK_INT("fx-docker-full-effective", 14, effective_count(&s));
  CHECK_STR("fx-docker-full-net-admin", "added:1", cap_desc(&s, "CAP_NET_ADMIN"));
  CHECK_STR("fx-docker-full-ptrace", "added:1", cap_desc(&s, "CAP_SYS_PTRACE"));
  CHECK_STR("fx-docker-full-net-raw", "dropped:0", cap_desc(&s, "CAP_NET_RAW"));
  CHECK_STR("fx-docker-full-mknod", "dropped:0", cap_desc(&s, "CAP_MKNOD"));
  CHECK_STR("fx-docker-full-chown", "default:1", cap_desc(&s, "CAP_CHOWN"));
  ds_caps_free(&s);
  caps_of(DOCKER_DIR, list, "dropall", 0, &s);
  CHECK_INT("fx-docker-dropall-effective", 1, effective_count(&s));
  CHECK_STR("fx-docker-dropall-nbs", "added:1", cap_desc(&s, "CAP_NET_BIND_SERVICE"));
  CHECK_STR("fx-docker-dropall-audit", "dropped:0", cap_desc(&s, "CAP_AUDIT_WRITE"));
  ds_caps_free(&s);
  caps_of(DOCKER_DIR, list, "addall", 0, &s);
  CHECK_INT("fx-docker-addall-effective", 40, effective_count(&s));
  CHECK_STR("fx-docker-addall-sys-admin", "dropped:0", cap_desc(&s, "CAP_SYS_ADMIN"));
  CHECK_STR("fx-docker-addall-module", "added:1", cap_desc(&s, "CAP_SYS_MODULE"));
  ds_caps_free(&s);
  caps_of(DOCKER_DIR, list, "created", 0, &s);
  CHECK_STR("fx-docker-created-chown", "dropped:0", cap_desc(&s, "CAP_CHOWN"));
  CHECK_STR("fx-docker-created-time", "added:1", cap_desc(&s, "CAP_SYS_TIME"));
  CHECK_INT("fx-docker-created-effective", 14, effective_count(&s));
  ds_caps_free(&s);
}

/* The same containers as Podman 4.3 reports them: bare names, CapAdd and
** CapDrop relative to Docker's 14, while it grants only its own 11. */
static void test_podman_caps(json_object *list) {
  ds_cap_set s;
  caps_of(PODMAN_DIR, list, "priv", 4, &s);
  CHECK_INT("fx-podman-priv-all", 41, effective_count(&s));
  ds_caps_free(&s);
  caps_of(PODMAN_DIR, list, "full", 4, &s);
  CHECK_INT("fx-podman-full-effective", 13, effective_count(&s));
  CHECK_STR("fx-podman-full-net-admin", "added:1", cap_desc(&s, "CAP_NET_ADMIN"));
  CHECK_STR("fx-podman-full-net-raw", "dropped:0", cap_desc(&s, "CAP_NET_RAW"));
  ds_caps_free(&s);
  caps_of(PODMAN_DIR, list, "dropall", 4, &s);
  CHECK_INT("fx-podman-dropall-effective", 1, effective_count(&s));
  CHECK_STR("fx-podman-dropall-nbs", "default:1", cap_desc(&s, "CAP_NET_BIND_SERVICE"));
  CHECK_STR("fx-podman-dropall-kill", "dropped:0", cap_desc(&s, "CAP_KILL"));
  CHECK_INT("fx-podman-dropall-rows", 14, s.n);
  ds_caps_free(&s);
  caps_of(PODMAN_DIR, list, "addall", 4, &s);
  CHECK_INT("fx-podman-addall-effective", 40, effective_count(&s));
  CHECK_STR("fx-podman-addall-no-sys-admin", "absent", cap_desc(&s, "CAP_SYS_ADMIN"));
  ds_caps_free(&s);
  caps_of(PODMAN_DIR, list, "created", 4, &s);
  CHECK_STR("fx-podman-created-chown", "dropped:0", cap_desc(&s, "CAP_CHOWN"));
  CHECK_STR("fx-podman-created-time", "added:1", cap_desc(&s, "CAP_SYS_TIME"));
  CHECK_INT("fx-podman-created-effective", 11, effective_count(&s));
  ds_caps_free(&s);
}

static const ds_port_row *port_row(const ds_port_list *l, int port, const char *ip) {
  for (int i = 0; i < l->n; i++)
    if (l->rows[i].port == port && strcmp(l->rows[i].host_ip, ip) == 0) return &l->rows[i];
  return NULL;
}

static void test_ports(json_object *list) {
  ds_port_list l;
  json_object *full = summary_of(list, "full");
  CHECK_INT("fx-ports-running-rc", 0, ds_ports_from_summary(ds_json_path(full, "Ports", NULL), &l));
  const ds_port_row *p = port_row(&l, 80, "127.0.0.1");
  CHECK("fx-ports-loopback-bound", p && p->published && p->host_port > 0);
  p = port_row(&l, 81, "0.0.0.0");
  CHECK("fx-ports-udp-all-addresses", p && strcmp(p->type, "udp") == 0 && p->host_port > 0);
  CHECK("fx-ports-udp-ipv6-too", port_row(&l, 81, "::") != NULL);
  ds_ports_free(&l);

  json_object *in = inspect_of(DOCKER_DIR, list, "created");
  CHECK_INT("fx-ports-config-rc", 0,
            ds_ports_from_bindings(ds_json_path(in, "HostConfig", "PortBindings", NULL),
                                   ds_json_path(in, "Config", "ExposedPorts", NULL), &l));
  CHECK_INT("fx-ports-config-n", 2, l.n);
  p = port_row(&l, 90, "127.0.0.1");
  CHECK("fx-ports-config-fixed", p && p->host_port == 19999 && p->published);
  p = port_row(&l, 91, "");
  CHECK("fx-ports-config-random", p && p->host_port == 0 && p->published);
  ds_ports_free(&l);
  json_object_put(in);

  in = inspect_of(DOCKER_DIR, list, "hist");
  ds_ports_from_bindings(ds_json_path(in, "NetworkSettings", "Ports", NULL), NULL, &l);
  CHECK("fx-ports-exposed-only", l.n == 1 && l.rows[0].port == 8080 && !l.rows[0].published);
  ds_ports_free(&l);
  json_object_put(in);
}

static void test_envs(json_object *list) {
  json_object *in = inspect_of(DOCKER_DIR, list, "full");
  json_object *env = ds_json_path(in, "Config", "Env", NULL);
  int secrets = 0, leaked = 0;
  for (size_t i = 0; env && i < json_object_array_length(env); i++) {
    char *k, *v;
    int secret;
    if (ds_env_entry(json_object_get_string(json_object_array_get_idx(env, i)), 0, &k, &v,
                     &secret) != 0)
      continue;
    secrets += secret;
    leaked += strstr(v, "s3cr3t") != NULL;
    free(k);
    free(v);
  }
  CHECK_INT("fx-envs-one-secret", 1, secrets);
  CHECK_INT("fx-envs-nothing-leaked", 0, leaked);
  json_object_put(in);
}

/* The history image's steps: ARG PASSWORD, ENV API_TOKEN, RUN with the
** build-arg prefix hold secrets; nothing of them may survive redaction. */
static void test_history(void) {
  json_object *images = load(DOCKER_DIR, "_images_json.json");
  const char *hist_id = NULL;
  for (size_t i = 0; images && i < json_object_array_length(images); i++) {
    json_object *img = json_object_array_get_idx(images, i);
    json_object *tags = ds_json_path(img, "RepoTags", NULL);
    const char *tag = tags ? json_object_get_string(json_object_array_get_idx(tags, 0)) : NULL;
    if (tag && strncmp(tag, "dockersec-test-history:", 23) == 0)
      hist_id = ds_strip_sha256(ds_json_str(img, "Id"));
  }
  CHECK("fx-history-image-listed", hist_id != NULL);
  char file[160];
  snprintf(file, sizeof(file), "_images_%s_history.json", hist_id ? hist_id : "none");
  json_object *h = load(DOCKER_DIR, file);
  int secret_steps = 0, leaked = 0, kept_plain = 0;
  for (size_t i = 0; h && i < json_object_array_length(h); i++) {
    int secret;
    char *line =
        ds_redact_command(ds_json_str(json_object_array_get_idx(h, i), "CreatedBy"), 0, &secret);
    secret_steps += secret;
    leaked += line && (strstr(line, "hunter2") || strstr(line, "abc123"));
    kept_plain += line && strstr(line, "PLAIN=1") != NULL;
    free(line);
  }
  CHECK_INT("fx-history-secret-steps", 3, secret_steps);
  CHECK_INT("fx-history-nothing-leaked", 0, leaked);
  CHECK_INT("fx-history-plain-kept", 1, kept_plain);
  json_object_put(h);
  json_object_put(images);
}

/* ps columns by title: ours (procps), the engine default (-ef), Podman's. */
static void test_top(const char *dir, json_object *list, const char *role, int podman) {
  json_object *s = summary_of(list, role);
  char file[512], name[64];
  snprintf(file, sizeof(file), "_containers_%s_top.json", s ? ds_json_str(s, "Id") : "none");
  json_object *answer = load(dir, file);
  /* Podman hands back unsplit lines; dockerd's answer passes unchanged. */
  json_object *top = ds_top_split(answer);
  ds_ps_field f[32];
  int n = ds_ps_map_titles(ds_json_path(top, "Titles", NULL), f, 32);
  snprintf(name, sizeof(name), "fx-top-%s-default-titles", podman ? "podman" : "docker");
  CHECK_INT(name, podman ? 3 : 8, n);
  json_object *proc = json_object_array_get_idx(ds_json_path(top, "Processes", NULL), 0);
  const char *cmd = NULL, *user = NULL;
  for (int i = 0; proc && i < n; i++) {
    if (f[i] == DS_PS_CMDLINE) cmd = json_object_get_string(json_object_array_get_idx(proc, i));
    if (f[i] == DS_PS_USER || f[i] == DS_PS_UID)
      user = json_object_get_string(json_object_array_get_idx(proc, i));
  }
  snprintf(name, sizeof(name), "fx-top-%s-cmdline", podman ? "podman" : "docker");
  CHECK_STR(name, "sleep 600", cmd);
  snprintf(name, sizeof(name), "fx-top-%s-user", podman ? "podman" : "docker");
  CHECK_STR(name, "app", user);
  json_object_put(answer);
  json_object_put(top);
  if (podman) return;
  snprintf(file, sizeof(file),
           "_containers_%s_top_ps_args_axwwo_20pid_state_uid_gid_euid_egid_suid_sgid_rss_vsz_"
           "etimes_ppid_pgrp_nlwp_nice_user_time_pcpu_pmem_comm_cmd.json",
           s ? ds_json_str(s, "Id") : "none");
  top = load(dir, file);
  n = ds_ps_map_titles(ds_json_path(top, "Titles", NULL), f, 32);
  CHECK_INT("fx-top-ours-titles", 21, n);
  proc = json_object_array_get_idx(ds_json_path(top, "Processes", NULL), 0);
  int uid_col = -1, name_col = -1;
  for (int i = 0; i < n; i++) {
    if (f[i] == DS_PS_UID) uid_col = i;
    if (f[i] == DS_PS_NAME) name_col = i;
  }
  CHECK_STR("fx-top-ours-uid-1000", "1000",
            uid_col >= 0 ? json_object_get_string(json_object_array_get_idx(proc, uid_col)) : NULL);
  CHECK_STR("fx-top-ours-comm", "sleep",
            name_col >= 0 ? json_object_get_string(json_object_array_get_idx(proc, name_col))
                          : NULL);
  json_object_put(top);
}

int main(void) {
  json_object *docker = load(DOCKER_DIR, "_containers_json_all_1.json");
  json_object *podman = load(PODMAN_DIR, "_containers_json_all_1.json");
  CHECK("fx-docker-list", docker && json_object_array_length(docker) == 7);
  CHECK("fx-podman-list", podman && json_object_array_length(podman) == 7);
  test_docker_caps(docker);
  test_podman_caps(podman);
  test_ports(docker);
  test_envs(docker);
  test_history();
  test_top(DOCKER_DIR, docker, "priv", 0);
  test_top(PODMAN_DIR, podman, "priv", 1);
  json_object_put(docker);
  json_object_put(podman);
  CHECK_DONE();
}
