/*
** procfs.c - parsers for /proc/<pid>/{status,stat,cmdline,uid_map}; the
** readers that fetch those files through the host root prefix are in
** procread.c.
**
** Parsers take (buf, len) and never read past len: /proc files are read
** into reused buffers, fixtures and fuzzers hand in arbitrary bytes.
*/
#include <ctype.h>
#include <string.h>

#include "dockersec.h"
#include "host/ds_procfs.h"

const char *const ds_cap_set_names[DS_CAP_NSETS] = {"inheritable", "permitted", "effective",
                                                    "bounding", "ambient"};

/* ---- small scanning helpers (bounded by an end pointer) ---------------------- */

static const char *skip_blanks(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* Reads a signed decimal at p; returns the pointer after it, or NULL when
** there is no digit. */
static const char *scan_ll(const char *p, const char *end, long long *v) {
  int neg = 0;
  if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
  if (p >= end || !isdigit((unsigned char)*p)) return NULL;
  unsigned long long acc = 0;
  for (; p < end && isdigit((unsigned char)*p); p++) {
    unsigned d = (unsigned)(*p - '0');
    if (acc > (0x7fffffffffffffffULL - d) / 10) { /* saturate instead of overflowing */
      acc = 0x7fffffffffffffffULL;
      continue;
    }
    acc = acc * 10 + d;
  }
  *v = neg ? -(long long)acc : (long long)acc;
  return p;
}

static const char *scan_hex64(const char *p, const char *end, uint64_t *v) {
  uint64_t acc = 0;
  int n = 0;
  for (; p < end && isxdigit((unsigned char)*p) && n < 16; p++, n++) {
    int c = tolower((unsigned char)*p);
    acc = (acc << 4) | (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
  }
  if (n == 0 || (p < end && isxdigit((unsigned char)*p))) return NULL; /* > 64 bits */
  *v = acc;
  return p;
}

/* The end of the line starting at p (the '\n' or end). */
static const char *line_end(const char *p, const char *end) {
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  return nl ? nl : end;
}

/* ---- /proc/<pid>/status --------------------------------------------------- */

static int key_is(const char *p, const char *colon, const char *key) {
  size_t n = strlen(key);
  return (size_t)(colon - p) == n && memcmp(p, key, n) == 0;
}

static void scan_ids(const char *p, const char *end, long long ids[4]) {
  for (int i = 0; i < 4; i++) {
    long long v;
    const char *q = scan_ll(skip_blanks(p, end), end, &v);
    if (!q) return;
    ids[i] = v;
    p = q;
  }
}

static void scan_one(const char *p, const char *end, long long *out) {
  long long v;
  if (scan_ll(skip_blanks(p, end), end, &v)) *out = v;
}

static int cap_set_of(const char *p, const char *colon) {
  static const char *const keys[DS_CAP_NSETS] = {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"};
  for (int i = 0; i < DS_CAP_NSETS; i++)
    if (key_is(p, colon, keys[i])) return i;
  return -1;
}

/* The first letters of the keys status_line knows: most of the ~55 lines of
** a status file are skipped on their first byte (a pack run parses this
** file for every process, several times). */
static int maybe_known_key(char c) {
  switch (c) {
  case 'N': /* Name, NoNewPrivs */
  case 'S': /* State, Seccomp, Seccomp_filters */
  case 'T': /* Tgid, Threads */
  case 'P': /* PPid */
  case 'U': /* Uid */
  case 'G': /* Gid */
  case 'V': /* VmRSS, VmSize */
  case 'C': /* Cap* */
    return 1;
  default:
    return 0;
  }
}

/* One "Key:\tvalue" line; returns 1 when the key was known. */
static int status_line(const char *p, const char *end, ds_proc_status *out) {
  if (p >= end || !maybe_known_key(*p)) return 0;
  const char *colon = memchr(p, ':', (size_t)(end - p));
  if (!colon) return 0;
  const char *v = skip_blanks(colon + 1, end);
  long long n = -1;
  int set;
  if (key_is(p, colon, "Name")) {
    size_t len = (size_t)(end - v);
    if (len >= sizeof(out->name)) len = sizeof(out->name) - 1;
    memcpy(out->name, v, len);
    out->name[len] = '\0';
  } else if (key_is(p, colon, "State")) {
    out->state = v < end ? *v : 0;
  } else if (key_is(p, colon, "Tgid")) {
    scan_one(v, end, &out->tgid);
  } else if (key_is(p, colon, "PPid")) {
    scan_one(v, end, &out->ppid);
  } else if (key_is(p, colon, "Uid")) {
    scan_ids(v, end, out->uid);
  } else if (key_is(p, colon, "Gid")) {
    scan_ids(v, end, out->gid);
  } else if (key_is(p, colon, "Threads")) {
    scan_one(v, end, &out->threads);
  } else if (key_is(p, colon, "VmRSS")) {
    scan_one(v, end, &out->vm_rss_kb);
  } else if (key_is(p, colon, "VmSize")) {
    scan_one(v, end, &out->vm_size_kb);
  } else if ((set = cap_set_of(p, colon)) >= 0) {
    uint64_t caps;
    if (!scan_hex64(v, end, &caps)) return 1;
    out->cap[set] = caps;
    out->cap_present |= 1u << set;
  } else if (key_is(p, colon, "NoNewPrivs")) {
    scan_one(v, end, &n);
    out->no_new_privs = (int)n;
  } else if (key_is(p, colon, "Seccomp")) {
    scan_one(v, end, &n);
    out->seccomp = (int)n;
  } else if (key_is(p, colon, "Seccomp_filters")) {
    scan_one(v, end, &n);
    out->seccomp_filters = (int)n;
  } else {
    return 0;
  }
  return 1;
}

int ds_parse_status(const char *buf, size_t len, ds_proc_status *out) {
  memset(out, 0, sizeof(*out));
  out->tgid = out->ppid = out->threads = out->vm_rss_kb = out->vm_size_kb = -1;
  for (int i = 0; i < 4; i++)
    out->uid[i] = out->gid[i] = -1;
  out->no_new_privs = out->seccomp = out->seccomp_filters = -1;
  if (!buf) return -1;
  const char *end = buf + len;
  int known = 0;
  for (const char *p = buf; p < end;) {
    const char *e = line_end(p, end);
    known += status_line(p, e, out);
    p = e + 1;
  }
  return known ? 0 : -1;
}

/* ---- /proc/<pid>/stat ----------------------------------------------------- */

int ds_parse_stat(const char *buf, size_t len, ds_proc_stat *out) {
  memset(out, 0, sizeof(*out));
  if (!buf) return -1;
  const char *end = buf + len;
  const char *open = memchr(buf, '(', len);
  const char *close = NULL;
  for (const char *p = end; p > buf; p--) {
    if (p[-1] == ')') {
      close = p - 1;
      break;
    }
  }
  if (!open || !close || close < open) return -1;
  size_t clen = (size_t)(close - open - 1);
  if (clen >= sizeof(out->comm)) clen = sizeof(out->comm) - 1;
  memcpy(out->comm, open + 1, clen);
  out->comm[clen] = '\0';

  /* Fields 3.. after ") ": state ppid pgrp session tty_nr tpgid flags minflt
  ** cminflt majflt cmajflt utime stime cutime cstime priority nice
  ** num_threads itrealvalue starttime vsize rss */
  const char *p = skip_blanks(close + 1, end);
  if (p >= end) return -1;
  out->state = *p++;
  long long f[20];
  int k = 0;
  for (; k < 20; k++) {
    const char *q = scan_ll(skip_blanks(p, end), end, &f[k]);
    if (!q) break;
    p = q;
  }
  if (k < 17) return -1; /* up to starttime at least */
  out->ppid = f[0];
  out->pgrp = f[1];
  out->session = f[2];
  out->utime = (unsigned long long)f[10];
  out->stime = (unsigned long long)f[11];
  out->priority = f[14];
  out->nice = f[15];
  out->num_threads = f[16];
  if (k > 18) out->starttime = (unsigned long long)f[18];
  if (k > 19) out->vsize = (unsigned long long)f[19];
  /* rss is field 24: read it separately (f has room for 20) */
  long long rss;
  if (k == 20 && scan_ll(skip_blanks(p, end), end, &rss)) out->rss = rss;
  return 0;
}

long long ds_parse_btime(const char *buf, size_t len) {
  if (!buf) return -1;
  const char *end = buf + len;
  for (const char *p = buf; p < end;) {
    const char *e = line_end(p, end);
    if (e - p > 6 && memcmp(p, "btime ", 6) == 0) {
      long long v;
      if (scan_ll(skip_blanks(p + 6, e), e, &v)) return v;
    }
    p = e + 1;
  }
  return -1;
}

/* ---- /proc/<pid>/cmdline -------------------------------------------------- */

size_t ds_cmdline_text(const char *buf, size_t len, char *out, size_t outsz) {
  if (outsz == 0) return 0;
  size_t n = 0;
  for (size_t i = 0; buf && i < len && n + 1 < outsz; i++)
    out[n++] = buf[i] == '\0' ? ' ' : buf[i];
  while (n > 0 && out[n - 1] == ' ')
    n--;
  out[n] = '\0';
  return n;
}

int ds_cmdline_args(const char *buf, size_t len, ds_arg *out, int max) {
  int n = 0;
  size_t start = 0;
  for (size_t i = 0; buf && i <= len && n < max; i++) {
    if (i == len || buf[i] == '\0') {
      if (i > start || (i < len)) { /* empty arguments ("") are arguments */
        out[n].s = buf + start;
        out[n].len = i - start;
        n++;
      }
      start = i + 1;
    }
  }
  return n;
}

/* ---- capabilities --------------------------------------------------------- */

/* Bit order of <linux/capability.h>, spelled as Docker spells them. */
/* ---- uid_map / gid_map ---------------------------------------------------- */

int ds_parse_id_map(const char *buf, size_t len, ds_id_map *out, int max) {
  int n = 0;
  if (!buf) return 0;
  const char *end = buf + len;
  for (const char *p = buf; p < end && n < max;) {
    const char *e = line_end(p, end);
    long long v[3];
    const char *q = p;
    int k = 0;
    for (; k < 3; k++) {
      q = scan_ll(skip_blanks(q, e), e, &v[k]);
      if (!q) break;
    }
    if (k == 3 && v[0] >= 0 && v[1] >= 0 && v[2] > 0) {
      out[n].inside = v[0];
      out[n].outside = v[1];
      out[n].count = v[2];
      n++;
    }
    p = e + 1;
  }
  return n;
}

int ds_id_map_is_identity(const ds_id_map *m, int n) {
  return n == 1 && m[0].inside == 0 && m[0].outside == 0 && m[0].count == 4294967295LL;
}
