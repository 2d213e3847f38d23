/*
** proctop.c - `docker top` from /proc for a local engine (ds_proctop.h).
**
** dockerd answers GET /containers/{id}/top by asking runc for the pids of
** the container's cgroup and running the host's ps over them; this reads the
** same cgroup.procs files and the same /proc files ps reads, so no request
** and no ps process per container.  Values follow procps: pcpu is CPU time
** over elapsed time and pmem RSS over MemTotal, both truncated to tenths;
** user is the host's name for the effective uid.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/ds_cgroup.h"
#include "host/ds_procfs.h"
#include "host/ds_proctop.h"

#define MAX_FILE  (1 << 20)
#define MAX_DEPTH 8

void ds_top_host_init(ds_top_host *h, const char *root) {
  memset(h, 0, sizeof *h);
  h->root = root;
  h->clk_tck = sysconf(_SC_CLK_TCK);
  if (h->clk_tck <= 0) h->clk_tck = 100;
  h->page_size = sysconf(_SC_PAGESIZE);
  if (h->page_size <= 0) h->page_size = 4096;
  h->uptime = -1;
  if (ds_host_read(root, "/proc/uptime", &h->buf, 4096) == 0) h->uptime = strtod(h->buf.data, NULL);
  if (ds_host_read(root, "/proc/meminfo", &h->buf, MAX_FILE) == 0) {
    const char *m = strstr(h->buf.data, "MemTotal:");
    if (m) h->mem_kb = strtoll(m + 9, NULL, 10);
  }
  if (ds_host_read(root, "/etc/passwd", &h->passwd, MAX_FILE) != 0) ds_buf_free(&h->passwd);
}

void ds_top_host_free(ds_top_host *h) {
  ds_buf_free(&h->passwd);
  ds_buf_free(&h->buf);
}

/* The container's cgroup (relative to the hierarchy root) from the cgroup
** file of one of its processes: the v2 line, or v1's pids (else memory)
** controller; the path cut after the component naming the container.
** Fills `path` and `controller`; 0, or -1 when the process is not in `id`'s
** cgroup. */
static int container_cgroup(ds_top_host *h, long pid, const char *id, int version, char *path,
                            size_t pathsz, const char **controller) {
  if (pid <= 0 || ds_proc_read(h->root, pid, "cgroup", &h->buf, MAX_FILE) != 0) return -1;
  ds_cgroup_line lines[32];
  int n = ds_parse_proc_cgroup(h->buf.data, h->buf.len, lines, 32);
  static const char *const v1[] = {"pids", "memory", "cpu"};
  for (size_t k = 0; k < (version == 2 ? 1 : sizeof v1 / sizeof v1[0]); k++)
    for (int i = 0; i < n; i++) {
      const ds_cgroup_line *l = &lines[i];
      int want = version == 2 ? l->hierarchy == 0
                              : ds_cgroup_has_controller(l->controllers, l->controllers_len, v1[k]);
      char found[65];
      if (!want || !ds_cgroup_container_id(l->path, l->path_len, found) || strcmp(found, id) != 0)
        continue;
      size_t len = ds_cgroup_container_prefix(l->path, l->path_len);
      if (len == 0 || len >= pathsz) return -1;
      memcpy(path, l->path, len);
      path[len] = '\0';
      *controller = version == 2 ? "" : v1[k];
      return 0;
    }
  return -1;
}

int ds_top_is_local(ds_top_host *h, long pid, const char *id) {
  char path[4096];
  const char *controller;
  int version = ds_cgroup_version(h->root);
  return id && container_cgroup(h, pid, id, version, path, sizeof path, &controller) == 0;
}

typedef struct pid_list {
  long *v;
  size_t n, cap;
} pid_list;

static int add_pid(pid_list *l, long pid) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    long *p = realloc(l->v, cap * sizeof(long));
    if (!p) return -1;
    l->v = p;
    l->cap = cap;
  }
  l->v[l->n++] = pid;
  return 0;
}

/* cgroup.procs of `dir` and of every cgroup below it. */
static void collect(ds_top_host *h, const char *dir, int depth, pid_list *out) {
  char file[4096];
  if ((size_t)snprintf(file, sizeof file, "%s/cgroup.procs", dir) < sizeof file &&
      ds_read_into(file, MAX_FILE, &h->buf) == 0)
    for (char *p = h->buf.data; p && *p;) {
      long pid = strtol(p, &p, 10);
      if (pid > 0 && add_pid(out, pid) != 0) return;
      while (*p == '\n' || *p == ' ')
        p++;
    }
  if (depth >= MAX_DEPTH) return;
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    if ((size_t)snprintf(file, sizeof file, "%s/%s", dir, e->d_name) < sizeof file)
      collect(h, file, depth + 1, out);
  }
  closedir(d);
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

int ds_top_container_pids(ds_top_host *h, const char *id, long pid, long **pids, size_t *n) {
  char path[4096], dir[4096];
  const char *controller;
  int version = ds_cgroup_version(h->root);
  *pids = NULL;
  *n = 0;
  if (container_cgroup(h, pid, id, version, path, sizeof path, &controller) != 0 ||
      !ds_cgroup_dir(h->root, version, controller, path, dir, sizeof dir))
    return -1;
  pid_list l = {0};
  collect(h, dir, 0, &l);
  if (l.n > 1) qsort(l.v, l.n, sizeof(long), cmp_long);
  *pids = l.v;
  *n = l.n;
  return 0;
}

void ds_top_format_time(long long s, char *out, size_t outsz) {
  if (s < 0) s = 0;
  long long days = s / 86400, hh = s / 3600 % 24, mm = s / 60 % 60, ss = s % 60;
  if (days)
    snprintf(out, outsz, "%lld-%02lld:%02lld:%02lld", days, hh, mm, ss);
  else
    snprintf(out, outsz, "%02lld:%02lld:%02lld", hh, mm, ss);
}

int ds_top_user_name(const char *passwd, size_t len, long long uid, char *out, size_t outsz) {
  for (const char *p = passwd, *end = passwd ? passwd + len : NULL; p && p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *eol = nl ? nl : end;
    const char *c1 = memchr(p, ':', (size_t)(eol - p));
    const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
    if (c2 && c1 > p && (size_t)(c1 - p) < outsz) {
      char *e;
      long long v = strtoll(c2 + 1, &e, 10);
      if (e > c2 + 1 && *e == ':' && v == uid) {
        memcpy(out, p, (size_t)(c1 - p));
        out[c1 - p] = '\0';
        return 1;
      }
    }
    p = nl ? nl + 1 : NULL;
  }
  return 0;
}

static void read_cmdline(ds_top_host *h, long pid, ds_top_proc *out) {
  if (ds_proc_read(h->root, pid, "cmdline", &h->buf, MAX_FILE) == 0 && h->buf.len > 0) {
    out->cmdline = malloc(h->buf.len + 1);
    if (out->cmdline) ds_cmdline_text(h->buf.data, h->buf.len, out->cmdline, h->buf.len + 1);
  }
  if (out->cmdline && *out->cmdline) return;
  /* ps prints a process without argv (kernel thread, zombie) as [comm] */
  free(out->cmdline);
  out->cmdline = ds_mprintf("[%s]", out->name);
}

int ds_top_read(ds_top_host *h, long pid, ds_top_proc *out) {
  memset(out, 0, sizeof *out);
  out->pid = pid;
  ds_proc_stat st;
  if (ds_proc_read(h->root, pid, "stat", &h->buf, 4096) != 0 ||
      ds_parse_stat(h->buf.data, h->buf.len, &st) != 0)
    return -1;
  ds_proc_status s;
  if (ds_proc_read(h->root, pid, "status", &h->buf, MAX_FILE) != 0 ||
      ds_parse_status(h->buf.data, h->buf.len, &s) != 0)
    return -1;
  snprintf(out->name, sizeof out->name, "%s", st.comm);
  out->state = st.state;
  out->uid = s.uid[0], out->euid = s.uid[1], out->suid = s.uid[2];
  out->gid = s.gid[0], out->egid = s.gid[1], out->sgid = s.gid[2];
  /* ps's rss and pmem: status VmRSS (stat's rss lags its per-CPU counters) */
  long long rss_kb = s.vm_rss_kb >= 0 ? s.vm_rss_kb : st.rss * (long long)h->page_size / 1024;
  out->rss_bytes = rss_kb * 1024;
  out->vsz_bytes = (long long)(st.vsize / 1024 * 1024);
  out->ppid = st.ppid, out->pgrp = st.pgrp, out->threads = st.num_threads;
  /* priority = -1 - rt_priority for real-time policies: ps prints "-" */
  out->nice = st.priority < 0 ? -1000 : st.nice;
  unsigned long long ticks = st.utime + st.stime;
  ds_top_format_time((long long)(ticks / (unsigned long long)h->clk_tck), out->time,
                     sizeof out->time);
  out->elapsed = -1;
  if (h->uptime >= 0) {
    double started = (double)st.starttime / (double)h->clk_tck;
    long long secs = h->uptime > started ? (long long)(h->uptime - started) : 0;
    out->elapsed = secs;
    if (secs > 0) /* procps: per-mille, truncated, shown as tenths */
      out->cpu =
          (double)((ticks * 1000ULL / (unsigned long long)h->clk_tck) / (unsigned long long)secs) /
          10.0;
  }
  if (h->mem_kb > 0 && rss_kb > 0)
    out->mem =
        (double)((unsigned long long)rss_kb * 1000ULL / (unsigned long long)h->mem_kb) / 10.0;
  if (!ds_top_user_name(h->passwd.data, h->passwd.len, out->euid, out->user, sizeof out->user))
    snprintf(out->user, sizeof out->user, "%lld", out->euid);
  read_cmdline(h, pid, out);
  if (!out->cmdline) return -1;
  return 0;
}

void ds_top_proc_free(ds_top_proc *p) {
  free(p->cmdline);
  p->cmdline = NULL;
}
