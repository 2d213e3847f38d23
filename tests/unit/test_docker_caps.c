/*
** test_docker_caps.c - capability sets from HostConfig (src/engine/docker_caps.c),
** for Docker's and Podman's defaults, against the moby rules; plus the
** captured inspect documents under tests/fixtures/engine/.
*/
#include <stdlib.h>

#include "check.h"
#include "engine/ds_docker_caps.h"

/* "CAP_X:source:effective,..." for the whole set, to compare in one go. */
static char *describe(const ds_cap_set *s) {
  static char buf[8192];
  size_t off = 0;
  buf[0] = '\0';
  for (int i = 0; i < s->n && off < sizeof(buf); i++)
    off +=
        (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s:%s:%d", i ? "," : "", s->rows[i].name,
                         ds_cap_source_name(s->rows[i].source), s->rows[i].effective);
  return buf;
}

/* The capability's row, or NULL. */
static const ds_cap_row *row(const ds_cap_set *s, const char *name) {
  for (int i = 0; i < s->n; i++)
    if (strcmp(s->rows[i].name, name) == 0) return &s->rows[i];
  return NULL;
}

static int count_effective(const ds_cap_set *s) {
  int n = 0;
  for (int i = 0; i < s->n; i++)
    n += s->rows[i].effective;
  return n;
}

static ds_cap_set compute(const char *host_config_json, int podman, int last_cap) {
  json_object *hc = json_tokener_parse(host_config_json);
  ds_cap_set s;
  if (ds_caps_compute(hc, podman, last_cap, &s) != 0) s.n = -1;
  json_object_put(hc);
  return s;
}

static void test_normalize(void) {
  char out[DS_CAP_NAME_MAX];
  CHECK("norm-bare",
        ds_cap_normalize("net_raw", out, sizeof(out)) == 0 && strcmp(out, "CAP_NET_RAW") == 0);
  CHECK("norm-prefixed", ds_cap_normalize("CAP_SYS_ADMIN", out, sizeof(out)) == 0 &&
                             strcmp(out, "CAP_SYS_ADMIN") == 0);
  CHECK("norm-lower-prefixed",
        ds_cap_normalize("cap_chown", out, sizeof(out)) == 0 && strcmp(out, "CAP_CHOWN") == 0);
  CHECK("norm-all", ds_cap_normalize("all", out, sizeof(out)) == 0 && strcmp(out, "ALL") == 0);
  CHECK("norm-cap-all",
        ds_cap_normalize("CAP_ALL", out, sizeof(out)) == 0 && strcmp(out, "ALL") == 0);
  CHECK("norm-reject-empty", ds_cap_normalize("", out, sizeof(out)) == -1);
  CHECK("norm-reject-bare-prefix", ds_cap_normalize("CAP_", out, sizeof(out)) == -1);
  CHECK("norm-reject-junk", ds_cap_normalize("NET RAW;", out, sizeof(out)) == -1);
  CHECK_INT("bit-of-net-raw", 13, ds_cap_bit("CAP_NET_RAW"));
  char capbuf[32];
  CHECK_STR("name-of-40", "CAP_CHECKPOINT_RESTORE", ds_cap_name(40, capbuf, sizeof(capbuf)));
  int n;
  ds_cap_defaults(0, &n);
  CHECK_INT("docker-defaults-14", 14, n);
  ds_cap_defaults(1, &n);
  CHECK_INT("podman-defaults-11", 11, n);
}

static void test_docker_rules(void) {
  ds_cap_set s = compute("{\"CapAdd\":null,\"CapDrop\":null,\"Privileged\":false}", 0, 40);
  CHECK_INT("docker-plain-rows", 14, s.n);
  CHECK_INT("docker-plain-effective", 14, count_effective(&s));
  CHECK_STR("docker-plain-first", "CAP_CHOWN:default:1", strtok(describe(&s), ","));
  ds_caps_free(&s);

  s = compute("{\"CapAdd\":[\"CAP_NET_ADMIN\"],\"CapDrop\":[\"CAP_MKNOD\",\"CAP_SYS_ADMIN\"]}", 0,
              40);
  CHECK_INT("docker-adddrop-rows", 16, s.n);
  CHECK_INT("docker-adddrop-effective", 14, count_effective(&s));
  CHECK("docker-added",
        row(&s, "CAP_NET_ADMIN") && row(&s, "CAP_NET_ADMIN")->source == DS_CAP_ADDED);
  CHECK("docker-dropped-default", row(&s, "CAP_MKNOD") && !row(&s, "CAP_MKNOD")->effective &&
                                      row(&s, "CAP_MKNOD")->source == DS_CAP_DROPPED);
  CHECK("docker-dropped-non-default-listed",
        row(&s, "CAP_SYS_ADMIN") && !row(&s, "CAP_SYS_ADMIN")->effective);
  ds_caps_free(&s);

  s = compute("{\"CapAdd\":[\"NET_BIND_SERVICE\"],\"CapDrop\":[\"ALL\"]}", 0, 40);
  CHECK_INT("docker-dropall-rows", 14, s.n);
  CHECK_INT("docker-dropall-effective", 1, count_effective(&s));
  CHECK("docker-dropall-readded", row(&s, "CAP_NET_BIND_SERVICE")->effective &&
                                      row(&s, "CAP_NET_BIND_SERVICE")->source == DS_CAP_ADDED);
  CHECK("docker-dropall-chown-dropped", row(&s, "CAP_CHOWN")->source == DS_CAP_DROPPED);
  ds_caps_free(&s);

  s = compute("{\"CapAdd\":[\"ALL\"],\"CapDrop\":[\"CAP_SYS_ADMIN\"]}", 0, 40);
  CHECK_INT("docker-addall-rows", 41, s.n);
  CHECK_INT("docker-addall-effective", 40, count_effective(&s));
  CHECK("docker-addall-default-kept", row(&s, "CAP_CHOWN")->source == DS_CAP_DEFAULT);
  CHECK("docker-addall-extra-added", row(&s, "CAP_SYS_MODULE")->source == DS_CAP_ADDED);
  CHECK("docker-addall-dropped", !row(&s, "CAP_SYS_ADMIN")->effective);
  ds_caps_free(&s);

  s = compute("{\"CapAdd\":[\"ALL\"],\"CapDrop\":[\"ALL\"]}", 0, 37);
  CHECK_INT("docker-addall-dropall-kernel-37", 38, count_effective(&s));
  ds_caps_free(&s);

  s = compute("{\"Privileged\":true,\"CapDrop\":[\"ALL\"]}", 0, 37);
  CHECK_INT("docker-privileged-kernel-rows", 38, s.n);
  CHECK_INT("docker-privileged-all-effective", 38, count_effective(&s));
  CHECK("docker-privileged-source", row(&s, "CAP_SYS_ADMIN")->source == DS_CAP_PRIVILEGED);
  CHECK("docker-privileged-no-perfmon-on-old-kernel", row(&s, "CAP_PERFMON") == NULL);
  ds_caps_free(&s);

  s = compute("{\"Privileged\":true}", 0, -1);
  CHECK_INT("docker-privileged-unknown-kernel", DS_CAP_LAST_KNOWN + 1, s.n);
  ds_caps_free(&s);

  s = compute("{\"CapAdd\":[\"CAP_FUTURE_THING\",\"bad name!\"]}", 0, 40);
  CHECK("unknown-cap-kept", row(&s, "CAP_FUTURE_THING") && row(&s, "CAP_FUTURE_THING")->bit == -1);
  CHECK_INT("unknown-cap-last", 14, (int)(row(&s, "CAP_FUTURE_THING") - s.rows));
  CHECK_INT("junk-name-ignored", 15, s.n);
  ds_caps_free(&s);

  s = compute("null", 0, 40);
  CHECK_INT("no-hostconfig-defaults", 14, s.n);
  ds_caps_free(&s);
}

/* Podman 5: CapAdd/CapDrop relative to its own 11 defaults. */
static void test_podman5_rules(void) {
  ds_cap_set s = compute("{\"CapAdd\":[],\"CapDrop\":[]}", 5, 40);
  CHECK_INT("podman5-plain-rows", 11, s.n);
  CHECK("podman5-no-net-raw", row(&s, "CAP_NET_RAW") == NULL);
  ds_caps_free(&s);
  s = compute("{\"CapAdd\":[\"NET_RAW\",\"SYS_PTRACE\"],\"CapDrop\":[\"CHOWN\",\"DAC_OVERRIDE\","
              "\"FOWNER\",\"FSETID\",\"KILL\",\"SETFCAP\",\"SETGID\",\"SETPCAP\",\"SETUID\","
              "\"SYS_CHROOT\"]}",
              5, 40);
  CHECK_STR("podman5-drop-list-add",
            "CAP_CHOWN:dropped:0,CAP_DAC_OVERRIDE:dropped:0,CAP_FOWNER:dropped:0,"
            "CAP_FSETID:dropped:0,CAP_KILL:dropped:0,CAP_SETGID:dropped:0,CAP_SETUID:dropped:0,"
            "CAP_SETPCAP:dropped:0,CAP_NET_BIND_SERVICE:default:1,CAP_NET_RAW:added:1,"
            "CAP_SYS_CHROOT:dropped:0,CAP_SYS_PTRACE:added:1,CAP_SETFCAP:dropped:0",
            describe(&s));
  ds_caps_free(&s);
  s = compute("{\"Privileged\":true,\"CapAdd\":[]}", 5, 40);
  CHECK_INT("podman5-privileged-all", 41, count_effective(&s));
  ds_caps_free(&s);
}

/* Podman 4 (observed with 4.3.1): grants its 11 defaults but reports
** CapAdd/CapDrop against Docker's 14, so a plain container lists the three
** it does not grant as dropped. */
static void test_podman4_rules(void) {
  ds_cap_set s =
      compute("{\"CapAdd\":[],\"CapDrop\":[\"AUDIT_WRITE\",\"MKNOD\",\"NET_RAW\"]}", 4, 40);
  CHECK_INT("podman4-plain-effective", 11, count_effective(&s));
  CHECK_STR("podman4-plain-chown", "CAP_CHOWN:default:1", strtok(describe(&s), ","));
  CHECK("podman4-plain-net-raw-dropped",
        row(&s, "CAP_NET_RAW") && !row(&s, "CAP_NET_RAW")->effective);
  ds_caps_free(&s);
  /* --cap-add NET_RAW: no longer dropped, and not listed as added either. */
  s = compute("{\"CapAdd\":[],\"CapDrop\":[\"AUDIT_WRITE\",\"MKNOD\"]}", 4, 40);
  CHECK_INT("podman4-add-net-raw-effective", 12, count_effective(&s));
  CHECK("podman4-add-net-raw-added", row(&s, "CAP_NET_RAW") && row(&s, "CAP_NET_RAW")->effective &&
                                         row(&s, "CAP_NET_RAW")->source == DS_CAP_ADDED);
  ds_caps_free(&s);
  /* --cap-drop ALL: CapDrop is Docker's 14 as a list. */
  s = compute("{\"CapAdd\":[],\"CapDrop\":[\"AUDIT_WRITE\",\"CHOWN\",\"DAC_OVERRIDE\",\"FOWNER\","
              "\"FSETID\",\"KILL\",\"MKNOD\",\"NET_BIND_SERVICE\",\"NET_RAW\",\"SETFCAP\","
              "\"SETGID\",\"SETPCAP\",\"SETUID\",\"SYS_CHROOT\"]}",
              4, 40);
  CHECK_INT("podman4-drop-all-effective", 0, count_effective(&s));
  CHECK_INT("podman4-drop-all-rows", 14, s.n);
  ds_caps_free(&s);
  s = compute("{\"CapAdd\":[\"SYS_ADMIN\"],\"CapDrop\":[\"AUDIT_WRITE\",\"CHOWN\",\"MKNOD\","
              "\"NET_RAW\"]}",
              4, 40);
  CHECK_INT("podman4-add-drop-effective", 11, count_effective(&s));
  CHECK("podman4-add-drop-sys-admin", row(&s, "CAP_SYS_ADMIN")->source == DS_CAP_ADDED);
  CHECK("podman4-add-drop-chown", row(&s, "CAP_CHOWN")->source == DS_CAP_DROPPED);
  ds_caps_free(&s);
}

int main(void) {
  test_normalize();
  test_docker_rules();
  test_podman5_rules();
  test_podman4_rules();
  CHECK_DONE();
}
