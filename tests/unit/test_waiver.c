/*
** test_waiver.c - the waivers file (src/cli/run/waiver.c) and the scope
** matcher (src/cli/run/scope.c): parsing with FILE:LINE errors, expiry,
** matching by check, control, every control of a check, container and
** image globs, Kubernetes names (container name or namespace/pod/container);
** scope by name, exclusion, label, image and pod namespace.
*/
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli/run/scope.h"
#include "cli/run/waiver.h"

static const char *parse_error(const char *text) {
  static char buf[256];
  ds_waivers ws = {0};
  char *err = NULL;
  int rc = ds_waivers_parse(&ws, text, "w.txt", "2026-12-04", &err);
  snprintf(buf, sizeof(buf), "%s", rc == 0 ? "ok" : err ? err : "?");
  free(err);
  ds_waivers_free(&ws);
  return buf;
}

static void test_parse(void) {
  CHECK_STR("waiver parses the issue's example", "ok",
            parse_error("# accepted risks\n\nD04.14  metrics-agent  expires=2027-06-30  -- reads "
                        "host /proc and /sys for node metrics\n"));
  CHECK_STR("waiver needs a reason", "w.txt:2: no reason: an entry ends with ' -- REASON'",
            parse_error("* *  -- fine\nD04.5 runner\n"));
  CHECK_STR("waiver empty reason", "w.txt:1: empty reason after '--'", parse_error("D04 x --  \n"));
  CHECK_STR("waiver bad date", "w.txt:1: expires= wants a date YYYY-MM-DD",
            parse_error("D04 x expires=2027-6-30 -- r\n"));
  CHECK_STR("waiver unknown field",
            "w.txt:3: unexpected field (known: image=GLOB, expires=YYYY-MM-DD, each once)",
            parse_error("\n#\nD04 x color=red -- r\n"));
  CHECK_STR("waiver needs a container",
            "w.txt:1: expected: CHECK|CONTROL|*  CONTAINER-GLOB  [image=GLOB] "
            "[expires=YYYY-MM-DD] -- REASON",
            parse_error("D04 -- r\n"));
  CHECK_STR("waiver bad check id",
            "w.txt:1: first field: a check id (D04.5), a control (D04) or '*'",
            parse_error("D04;x y -- r\n"));
}

/* A container's names, NULL-terminated (ds_container_names' shape). */
#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_match(void) {
  ds_waivers ws = {0};
  char *err = NULL;
  int rc = ds_waivers_parse(&ws,
                            "D04.14 metrics-* -- host /proc\n"
                            "D01 ci-runner image=gitlab/* -- needs the socket\n"
                            "D10 * expires=2020-01-01 -- old\n"
                            "D03 nothing -- stale\n"
                            "* db expires=2030-01-01 -- everything about db\n",
                            "w", "2026-12-04", &err);
  CHECK_INT("waivers parse", 0, rc);
  char *controls[] = {"D04", "D01"};
  ds_check d0414 = {.id = "D04.14", .control = "D04"};
  ds_check d0113 = {.id = "D04.15", .control = "D04", .controls = controls, .ncontrols = 2};
  ds_check d105 = {.id = "D10.5", .control = "D10"};
  const ds_waiver *w = ds_waivers_match(&ws, &d0414, NAMES("metrics-agent"), "prom/node");
  CHECK("waiver by check id and glob", w && w->line == 1 && !w->expired);
  CHECK("waiver other container", !ds_waivers_match(&ws, &d0414, NAMES("web"), "nginx"));
  CHECK("waiver host finding needs '*'", !ds_waivers_match(&ws, &d0414, NULL, NULL));
  w = ds_waivers_match(&ws, &d0113, NAMES("ci-runner"), "gitlab/gitlab-runner");
  CHECK("waiver by a second control", w && w->line == 2);
  CHECK("waiver image glob must match",
        !ds_waivers_match(&ws, &d0113, NAMES("ci-runner"), "evil/runner"));
  CHECK("waiver image unknown", !ds_waivers_match(&ws, &d0113, NAMES("ci-runner"), NULL));
  w = ds_waivers_match(&ws, &d105, NULL, NULL);
  CHECK("expired waiver matches but does not waive", w && w->expired && w->line == 3);
  w = ds_waivers_match(&ws, &d105, NAMES("db"), "postgres");
  CHECK("a live waiver wins over an expired one", w && w->line == 5 && !w->expired);
  CHECK_INT("expired waiver counted", 1, ws.w[2].would_waive);
  CHECK_INT("stale waiver matched nothing", 0, ws.w[3].waived);
  ds_waivers_free(&ws);
}

/* Kubernetes: a waiver names a container by its own name or its pod path. */
static void test_match_pod(void) {
  ds_waivers ws = {0};
  char *err = NULL;
  int rc = ds_waivers_parse(&ws,
                            "D04.14 monitoring/node-exporter-*/* -- node metrics\n"
                            "D01 ci-runner -- runner\n",
                            "w", "2026-12-04", &err);
  CHECK_INT("waivers pod parse", 0, rc);
  ds_check d0414 = {.id = "D04.14", .control = "D04"};
  ds_check d011 = {.id = "D01.1", .control = "D01"};
  ds_container_info exporter = {.id = "e",
                                .name = "node-exporter",
                                .pod = "monitoring/node-exporter-x7k2p/node-exporter",
                                .pod_namespace = "monitoring"};
  ds_container_info runner = {
      .id = "r", .name = "ci-runner", .pod = "ci/runner-0/ci-runner", .pod_namespace = "ci"};
  const char *names[DS_CONTAINER_NAMES];
  ds_container_names(&exporter, exporter.pod, names);
  CHECK("waiver by pod path", ds_waivers_match(&ws, &d0414, names, NULL) != NULL);
  ds_container_names(&runner, runner.pod, names);
  CHECK("waiver by the container's own name", ds_waivers_match(&ws, &d011, names, NULL) != NULL);
  CHECK("waiver pod path other namespace", !ds_waivers_match(&ws, &d0414, names, NULL));
  ds_waivers_free(&ws);
}

static void test_scope(void) {
  char *inc[] = {"web-*"}, *exc[] = {"web-test"}, *lab[] = {"tier=front", "owner"},
       *img[] = {"nginx:*"};
  char *labels[] = {"tier=front", "owner=ops"}, *labels2[] = {"tier=front"};
  ds_container_info web1 = {
      .id = "a", .name = "web-1", .image = "nginx:1.27", .labels = labels, .nlabels = 2};
  ds_container_info webt = {
      .id = "b", .name = "web-test", .image = "nginx:1.27", .labels = labels, .nlabels = 2};
  ds_container_info web2 = {
      .id = "c", .name = "web-2", .image = "nginx:1.27", .labels = labels2, .nlabels = 1};
  ds_container_info pod = {.id = "d", .name = "k8s_agent_x", .pod = "monitoring/agent-x/agent"};
  ds_scope s = {.containers = inc, .ncontainers = 1, .excludes = exc, .nexcludes = 1};
  CHECK("scope by name", ds_scope_matches(&s, &web1, "web-1"));
  CHECK("scope excluded", !ds_scope_matches(&s, &webt, "web-test"));
  CHECK("scope unknown container by its finding's name", ds_scope_matches(&s, NULL, "web-9"));
  ds_scope l = {.labels = lab, .nlabels = 2};
  CHECK("scope labels all present", ds_scope_matches(&l, &web1, NULL));
  CHECK("scope label key missing", !ds_scope_matches(&l, &web2, NULL));
  ds_scope i = {.images = img, .nimages = 1};
  CHECK("scope image", ds_scope_matches(&i, &web1, NULL));
  CHECK("scope image unknown container", !ds_scope_matches(&i, NULL, "x"));
  CHECK("scope pod name", ds_scope_name_match("monitoring/*", &pod, NULL));
  char *ns[] = {"monitoring", "kube-*"}, *podglob[] = {"*/agent-*/agent"};
  ds_container_info kube = {
      .id = "e", .name = "proxy", .pod = "kube-system/kp-1/proxy", .pod_namespace = "kube-system"};
  ds_container_info prod = {
      .id = "f", .name = "web", .pod = "prod/web-1/web", .pod_namespace = "prod"};
  ds_scope n = {.namespaces = ns, .nnamespaces = 2};
  CHECK("scope pod namespace unknown namespace", !ds_scope_matches(&n, &pod, NULL));
  pod.pod_namespace = "monitoring";
  CHECK("scope pod namespace matches", ds_scope_matches(&n, &pod, NULL));
  CHECK("scope pod namespace glob", ds_scope_matches(&n, &kube, "kube-system/kp-1/proxy"));
  CHECK("scope pod namespace other", !ds_scope_matches(&n, &prod, "prod/web-1/web"));
  CHECK("scope pod namespace not kubernetes", !ds_scope_matches(&n, &web1, "web-1"));
  CHECK("scope pod namespace unknown container", !ds_scope_matches(&n, NULL, "x/y/z"));
  CHECK("scope active with pod namespace", ds_scope_active(&n));
  ds_scope pg = {.containers = podglob, .ncontainers = 1};
  CHECK("scope container glob on pod path", ds_scope_matches(&pg, &pod, NULL));
  ds_scope own = {.containers = (char *[]){"web"}, .ncontainers = 1};
  CHECK("scope container by its own name", ds_scope_matches(&own, &prod, "prod/web-1/web"));
  CHECK("scope inactive", !ds_scope_active(&(ds_scope){0}));
}

static void test_self(void) {
  char id[65];
  const char *hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  char text[512];
  snprintf(text, sizeof(text), "0::/system.slice/docker-%s.scope\n", hex);
  CHECK("self cgroup v2 systemd", ds_container_id_in(text, 0, id) && strcmp(id, hex) == 0);
  snprintf(text, sizeof(text), "12:cpu:/docker/%s\n1:name=systemd:/docker/%s\n", hex, hex);
  CHECK("self cgroup v1", ds_container_id_in(text, 0, id) && strcmp(id, hex) == 0);
  CHECK("self cgroup namespaced", !ds_container_id_in("0::/\n", 0, id) && id[0] == '\0');
  snprintf(
      text, sizeof(text),
      "812 790 8:1 /var/lib/docker/containers/%s/hostname /etc/hostname rw - ext4 /dev/sda1 rw\n",
      hex);
  CHECK("self mountinfo", ds_container_id_in(text, 1, id) && strcmp(id, hex) == 0);
  CHECK("self not in a container",
        !ds_container_id_in("25 1 8:1 / / rw - ext4 /dev/sda1 rw\n", 1, id));
}

int main(void) {
  test_self();
  test_parse();
  test_match();
  test_match_pod();
  test_scope();
  CHECK_DONE();
}
