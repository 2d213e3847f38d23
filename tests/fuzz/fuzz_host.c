/*
** fuzz_host - the host-side parsers: files written by containers' processes
** (/proc/<pid>/status, stat, cmdline, uid_map, cgroup, mountinfo, mounts,
** /proc/net/tcp, udp, unix) and by administrators (daemon.json, the dockerd command line,
** audit rules, passwd/group/subuid, os-release), the cgroup path -> container
** id mapping, cgroup limit files, and the Docker-to-row helpers (env and
** command-line redaction, ps titles, times, capability names).
**
** Input: a selector byte (which parser), a byte of options, then the file's
** text.  Line-based parsers get each line; every parser also gets the whole
** buffer once.  The input is copied into an exact-size heap buffer, so ASan
** sees any read past its end (the parsers take a length, not a NUL).
*/
#include "host/ds_auditrules.h"
#include "host/ds_caps.h"
#include "host/ds_cgroup.h"
#include "host/ds_daemoncfg.h"
#include "engine/ds_docker_caps.h"
#include "engine/ds_docker_map.h"
#include "host/ds_etcfiles.h"
#include "host/ds_mountinfo.h"
#include "host/ds_netproc.h"
#include "host/ds_procfs.h"
#include "fuzz_common.h"

enum {
  P_STATUS,
  P_STAT,
  P_CMDLINE,
  P_ID_MAP,
  P_PROC_CGROUP,
  P_CGROUP_PATH,
  P_CGROUP_LIMIT,
  P_MOUNTINFO,
  P_MOUNTS,
  P_NET_INET,
  P_NET_UNIX,
  P_AUDIT,
  P_DOCKERD_CMDLINE,
  P_DAEMON_JSON,
  P_PASSWD,
  P_SUBID,
  P_OS_RELEASE,
  P_DOCKER_STRINGS,
  P_COUNT
};

typedef void (*line_fn)(const char *line, size_t len, unsigned opt);

/* Calls fn on each '\n'-separated line, each copied to its own exact-size
** buffer (no NUL after it). */
static void each_line(const char *buf, size_t len, unsigned opt, line_fn fn) {
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && buf[i] != '\n') continue;
    size_t n = i - start;
    char *line = malloc(n ? n : 1);
    if (!line) return;
    memcpy(line, buf + start, n);
    fn(line, n, opt);
    free(line);
    start = i + 1;
  }
}

static void mountinfo_line(const char *line, size_t len, unsigned opt) {
  size_t worksz = len + 8;
  char *work = malloc(worksz);
  if (!work) return;
  ds_mountinfo mi;
  if (ds_parse_mountinfo_line(line, len, &mi, work, worksz) == 0) {
    (void)ds_mount_propagation(mi.optional);
    (void)ds_mount_has_option(mi.options, (opt & 1) ? "ro" : "nosuid");
  }
  ds_mount m;
  (void)ds_parse_mounts_line(line, len, &m, work, worksz);
  /* a work buffer that is too small must be refused, not overrun */
  (void)ds_parse_mountinfo_line(line, len, &mi, work, len / 2 + 1);
  char *dst = malloc(len + 1);
  if (dst) (void)ds_unescape_octal(line, len, dst);
  free(dst);
  free(work);
}

static void inet_line(const char *line, size_t len, unsigned opt) {
  ds_inet_socket s;
  if (ds_parse_inet_line(line, len, (opt & 1) ? 6 : 4, &s) == 0)
    (void)ds_inet_is_listening(&s, (opt >> 1) & 1);
}

static void unix_line(const char *line, size_t len, unsigned opt) {
  (void)opt;
  ds_unix_socket u;
  (void)ds_parse_unix_line(line, len, &u);
}

static void audit_line(const char *line, size_t len, unsigned opt) {
  (void)opt;
  ds_audit_rule r;
  (void)ds_parse_audit_rule(line, len, &r);
}

static void passwd_line(const char *line, size_t len, unsigned opt) {
  (void)opt;
  ds_passwd_entry e;
  (void)ds_parse_passwd_line(line, len, &e);
  (void)ds_parse_group_line(line, len, &e);
}

static void subid_line(const char *line, size_t len, unsigned opt) {
  (void)opt;
  ds_subid s;
  (void)ds_parse_subid_line(line, len, &s);
}

static void os_release_line(const char *line, size_t len, unsigned opt) {
  /* exact-size heap buffers, small ones too: ASan sees any overrun */
  size_t keysz = (opt & 2) ? 4 : 64, valuesz = (opt & 1) ? 8 : 512;
  char *key = malloc(keysz), *value = malloc(valuesz);
  if (key && value) (void)ds_parse_os_release_line(line, len, key, keysz, value, valuesz);
  free(key);
  free(value);
}

static void cgroup_path_line(const char *line, size_t len, unsigned opt) {
  (void)opt;
  char id[65];
  (void)ds_cgroup_container_id(line, len, id);
  (void)ds_cgroup_container_prefix(line, len);
}

/* NUL-terminated copy for the helpers that take C strings. */
static char *cstr(const char *buf, size_t len) {
  return ds_strndup(buf, len);
}

static void docker_strings_line(const char *line, size_t len, unsigned opt) {
  char *s = cstr(line, len);
  if (!s) return;
  char *key = NULL, *value = NULL;
  int secret = 0;
  if (ds_env_entry(s, opt & 1, &key, &value, &secret) == 0) {
    free(key);
    free(value);
  }
  free(ds_redact_command(s, opt & 1, &secret));
  sqlite3_int64 t;
  (void)ds_parse_rfc3339(s, &t);
  (void)ds_is_zero_time(s);
  (void)ds_ps_elapsed_seconds(s, &t);
  size_t capsz = (opt & 2) ? 6 : DS_CAP_NAME_MAX;
  char *cap = malloc(capsz);
  if (cap) (void)ds_cap_normalize(s, cap, capsz);
  free(cap);
  (void)ds_cap_bit(s);
  (void)ds_socket_inode(s);
  (void)ds_is_secret_key(s, len);
  free(s);
}

static void whole(int parser, unsigned opt, const char *buf, size_t len) {
  switch (parser) {
  case P_STATUS: {
    ds_proc_status st;
    (void)ds_parse_status(buf, len, &st);
    break;
  }
  case P_STAT: {
    ds_proc_stat st;
    (void)ds_parse_stat(buf, len, &st);
    (void)ds_parse_btime(buf, len);
    break;
  }
  case P_CMDLINE: {
    size_t outsz = (opt & 1) ? 16 : 4096;
    char *out = malloc(outsz);
    if (out) (void)ds_cmdline_text(buf, len, out, outsz);
    free(out);
    ds_arg args[64];
    (void)ds_cmdline_args(buf, len, args, (opt & 2) ? 2 : 64);
    break;
  }
  case P_ID_MAP: {
    ds_id_map m[16];
    int n = ds_parse_id_map(buf, len, m, (opt & 1) ? 1 : 16);
    (void)ds_id_map_is_identity(m, n);
    break;
  }
  case P_PROC_CGROUP: {
    ds_cgroup_line lines[32];
    int n = ds_parse_proc_cgroup(buf, len, lines, (opt & 1) ? 2 : 32);
    for (int i = 0; i < n; i++) {
      char id[65];
      (void)ds_cgroup_has_controller(lines[i].controllers, lines[i].controllers_len, "memory");
      (void)ds_cgroup_container_id(lines[i].path, lines[i].path_len, id);
      (void)ds_cgroup_container_prefix(lines[i].path, lines[i].path_len);
    }
    break;
  }
  case P_CGROUP_PATH:
    each_line(buf, len, opt, cgroup_path_line);
    break;
  case P_CGROUP_LIMIT: {
    const ds_limit_file *files = (opt & 1) ? ds_cgroup_v2_limits : ds_cgroup_v1_limits;
    for (int i = 0; files[i].name; i++) {
      long long v;
      (void)ds_cgroup_parse_limit(files[i].kind, files[i].key, buf, len, &v);
    }
    (void)ds_cgroup_trim(buf, len);
    break;
  }
  case P_MOUNTINFO:
  case P_MOUNTS:
    each_line(buf, len, opt, mountinfo_line);
    break;
  case P_NET_INET:
    each_line(buf, len, opt, inet_line);
    break;
  case P_NET_UNIX:
    each_line(buf, len, opt, unix_line);
    break;
  case P_AUDIT:
    each_line(buf, len, opt, audit_line);
    break;
  case P_DOCKERD_CMDLINE: {
    ds_settings s = {0};
    if (ds_parse_dockerd_cmdline(buf, len, opt & 1, &s) == 0) (void)ds_settings_get(&s, "hosts");
    ds_settings_free(&s);
    ds_arg args[16];
    int n = ds_cmdline_args(buf, len, args, 16);
    for (int i = 0; i < n; i++) {
      int is_list, is_bool;
      (void)ds_dockerd_flag_key(args[i].s, args[i].len, &is_list, &is_bool);
    }
    break;
  }
  case P_DAEMON_JSON: {
    ds_settings s = {0};
    char *err = NULL;
    if (ds_parse_daemon_json(buf, len, opt & 1, &s, &err) == 0)
      (void)ds_settings_get(&s, "log-opts");
    free(err);
    ds_settings_free(&s);
    break;
  }
  case P_PASSWD: {
    each_line(buf, len, opt, passwd_line);
    size_t namesz = (opt & 1) ? 4 : 64;
    char *name = malloc(namesz);
    if (name) {
      (void)ds_lookup_id_name(buf, len, opt & 2, 0, name, namesz);
      (void)ds_lookup_id_name(buf, len, opt & 2, 1000, name, namesz);
    }
    free(name);
    break;
  }
  case P_SUBID:
    each_line(buf, len, opt, subid_line);
    break;
  case P_OS_RELEASE:
    each_line(buf, len, opt, os_release_line);
    break;
  case P_DOCKER_STRINGS:
    each_line(buf, len, opt, docker_strings_line);
    break;
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  int parser = data[0] % P_COUNT;
  unsigned opt = data[1];
  size_t len = size - 2;
  char *buf = malloc(len ? len : 1);
  if (!buf) return 0;
  memcpy(buf, data + 2, len);
  whole(parser, opt, buf, len);
  free(buf);
  return 0;
}
