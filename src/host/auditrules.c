/*
** auditrules.c - auditctl rule lines, as found in audit.rules files.  We read
** the files because auditctl -l needs CAP_AUDIT_CONTROL and a netlink socket.
*/
#include <stdio.h>
#include <string.h>

#include "host/ds_auditrules.h"

const char *const ds_audit_type_names[] = {"watch", "unwatch", "syscall", "delete", "control"};

typedef struct tok {
  const char *s;
  size_t n;
} tok;

static int tokenize(const char *p, const char *end, tok *t, int max) {
  int n = 0;
  while (p < end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
      p++;
    if (p >= end || *p == '#') break;
    const char *s = p;
    while (p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
      p++;
    if (n == max) return -1;
    t[n].s = s;
    t[n].n = (size_t)(p - s);
    n++;
  }
  return n;
}

static int is(const tok *t, const char *w) {
  return t->n == strlen(w) && memcmp(t->s, w, t->n) == 0;
}

static void copy(char *dst, size_t dstsz, const char *s, size_t n) {
  if (n >= dstsz) n = dstsz - 1;
  memcpy(dst, s, n);
  dst[n] = '\0';
}

static void append(char *dst, size_t dstsz, const char *s, size_t n) {
  size_t have = strlen(dst);
  if (have && have + 1 < dstsz) dst[have++] = ',';
  if (have + n >= dstsz) n = dstsz - have - 1;
  memcpy(dst + have, s, n);
  dst[have + n] = '\0';
}

/* -F name=value (also name!=value, name>=value …): path, dir, perm, key. */
static void field(ds_audit_rule *r, const tok *t) {
  const char *eq = memchr(t->s, '=', t->n);
  if (!eq || eq == t->s || eq[-1] == '!' || eq[-1] == '<' || eq[-1] == '>') return;
  size_t nl = (size_t)(eq - t->s), vl = t->n - nl - 1;
  if ((nl == 4 && memcmp(t->s, "path", 4) == 0) || (nl == 3 && memcmp(t->s, "dir", 3) == 0))
    copy(r->path, sizeof(r->path), eq + 1, vl);
  else if (nl == 4 && memcmp(t->s, "perm", 4) == 0)
    copy(r->permissions, sizeof(r->permissions), eq + 1, vl);
  else if (nl == 3 && memcmp(t->s, "key", 3) == 0)
    append(r->key, sizeof(r->key), eq + 1, vl);
}

static int valid_perms(const char *p) {
  if (!*p) return 0;
  for (; *p; p++)
    if (!strchr("rwxa", *p)) return 0;
  return 1;
}

int ds_parse_audit_rule(const char *line, size_t len, ds_audit_rule *out) {
  memset(out, 0, sizeof(*out));
  if (!line) return 0;
  tok t[64];
  int n = tokenize(line, line + len, t, 64);
  if (n < 0) return -1;
  if (n == 0) return 0;
  out->type = DS_AUDIT_CONTROL;
  for (int i = 0; i < n; i++) {
    int has_arg = i + 1 < n;
    if (is(&t[i], "-w") || is(&t[i], "-W")) {
      if (!has_arg) return -1;
      out->type = is(&t[i], "-w") ? DS_AUDIT_WATCH : DS_AUDIT_UNWATCH;
      i++;
      copy(out->path, sizeof(out->path), t[i].s, t[i].n);
    } else if (is(&t[i], "-a") || is(&t[i], "-A") || is(&t[i], "-d")) {
      if (!has_arg) return -1;
      out->type = is(&t[i], "-d") ? DS_AUDIT_DELETE : DS_AUDIT_SYSCALL;
      i++;
      copy(out->action, sizeof(out->action), t[i].s, t[i].n);
    } else if (is(&t[i], "-p")) {
      if (!has_arg) return -1;
      i++;
      copy(out->permissions, sizeof(out->permissions), t[i].s, t[i].n);
      if (!valid_perms(out->permissions)) return -1;
    } else if (is(&t[i], "-k")) {
      if (!has_arg) return -1;
      i++;
      append(out->key, sizeof(out->key), t[i].s, t[i].n);
    } else if (is(&t[i], "-S")) {
      if (!has_arg) return -1;
      i++;
      append(out->syscalls, sizeof(out->syscalls), t[i].s, t[i].n);
    } else if (is(&t[i], "-F") || is(&t[i], "-C")) {
      if (!has_arg) return -1;
      i++;
      if (is(&t[i - 1], "-F")) field(out, &t[i]);
    } else if (is(&t[i], "-D") || is(&t[i], "-i") || is(&t[i], "-c") || is(&t[i], "--reset-lost") ||
               is(&t[i], "-l") || is(&t[i], "-s")) {
      /* control words without an argument */
    } else if (is(&t[i], "-b") || is(&t[i], "-e") || is(&t[i], "-f") || is(&t[i], "-r") ||
               is(&t[i], "-R") || is(&t[i], "--backlog_wait_time") ||
               is(&t[i], "--loginuid-immutable") || is(&t[i], "-t") || is(&t[i], "--signal")) {
      if (!is(&t[i], "--loginuid-immutable") && !is(&t[i], "-t")) {
        if (!has_arg) return -1;
        i++;
      }
    } else {
      return -1;
    }
  }
  /* A watch without -p watches everything. */
  if (out->type == DS_AUDIT_WATCH && !out->permissions[0]) snprintf(out->permissions, 8, "rwxa");
  if ((out->type == DS_AUDIT_WATCH || out->type == DS_AUDIT_UNWATCH) && !out->path[0]) return -1;
  return 1;
}
