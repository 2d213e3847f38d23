/*
** waiver.c - the waivers file (waiver.h): parsing, with errors naming
** FILE:LINE, and matching findings against it.
*/
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "common/ds_util.h"
#include "cli/run/waiver.h"

#define WAIVERS_MAX (4 * 1024 * 1024)

static int valid_date(const char *s) {
  int y, m, d;
  char end;
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
  if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3) return 0;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return 0;
  return y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* WHAT is '*', a control (D04) or a check id (D04.14): letters, digits, '.',
** '-' and '_'. */
static int valid_what(const char *s) {
  if (strcmp(s, "*") == 0) return 1;
  if (!*s) return 0;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && !strchr(".-_", *s)) return 0;
  return 1;
}

static char *next_word(char **p) {
  while (**p == ' ' || **p == '\t')
    (*p)++;
  if (!**p) return NULL;
  char *w = *p;
  while (**p && **p != ' ' && **p != '\t')
    (*p)++;
  if (**p) *(*p)++ = '\0';
  return w;
}

static void waiver_clear(ds_waiver *w) {
  free(w->what);
  free(w->container);
  free(w->image);
  free(w->reason);
  memset(w, 0, sizeof(*w));
}

/* Parses one entry (`line` is modified); NULL or the reason it is wrong. */
static const char *parse_entry(char *line, ds_waiver *w, const char *today) {
  char *sep = strstr(line, " --");
  if (!sep) sep = strstr(line, "\t--");
  if (!sep) return "no reason: an entry ends with ' -- REASON'";
  *sep = '\0';
  char *reason = sep + 3;
  while (*reason == ' ' || *reason == '\t')
    reason++;
  size_t rl = strlen(reason);
  while (rl > 0 && isspace((unsigned char)reason[rl - 1]))
    reason[--rl] = '\0';
  if (!*reason) return "empty reason after '--'";
  char *p = line;
  char *what = next_word(&p), *container = next_word(&p);
  if (!what || !container)
    return "expected: CHECK|CONTROL|*  CONTAINER-GLOB  [image=GLOB] [expires=YYYY-MM-DD] -- REASON";
  if (!valid_what(what)) return "first field: a check id (D04.5), a control (D04) or '*'";
  if (strchr(container, '=')) return "second field: a container name glob (before image=/expires=)";
  w->what = ds_strdup(what);
  w->container = ds_strdup(container);
  w->reason = ds_strdup(reason);
  if (!w->what || !w->container || !w->reason) return "out of memory";
  char *word;
  while ((word = next_word(&p))) {
    if (strncmp(word, "image=", 6) == 0 && word[6] && !w->image) {
      w->image = ds_strdup(word + 6);
      if (!w->image) return "out of memory";
    } else if (strncmp(word, "expires=", 8) == 0 && !w->expires[0]) {
      if (!valid_date(word + 8)) return "expires= wants a date YYYY-MM-DD";
      memcpy(w->expires, word + 8, 11);
      w->expired = strcmp(w->expires, today) < 0;
    } else {
      return "unexpected field (known: image=GLOB, expires=YYYY-MM-DD, each once)";
    }
  }
  return NULL;
}

int ds_waivers_parse(ds_waivers *ws, const char *text, const char *file, const char *today,
                     char **err) {
  if (!ws->path && !(ws->path = ds_strdup(file))) return -1;
  int lineno = 0;
  const char *s = text;
  while (*s) {
    const char *e = strchr(s, '\n');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    lineno++;
    char *line = ds_strndup(s, len);
    if (!line) return -1;
    char *t = line;
    while (*t == ' ' || *t == '\t')
      t++;
    size_t tl = strlen(t);
    while (tl > 0 && isspace((unsigned char)t[tl - 1]))
      t[--tl] = '\0';
    if (*t && *t != '#') {
      ds_waiver w = {0};
      const char *why = parse_entry(t, &w, today);
      ds_waiver *grown = why ? NULL : realloc(ws->w, (ws->n + 1) * sizeof(ds_waiver));
      if (!why && !grown) why = "out of memory";
      if (why) {
        *err = ds_mprintf("%s:%d: %s", file, lineno, why);
        waiver_clear(&w);
        free(line);
        return -1;
      }
      w.file = ws->path;
      w.line = lineno;
      ws->w = grown;
      ws->w[ws->n++] = w;
    }
    free(line);
    if (!e) break;
    s = e + 1;
  }
  return 0;
}

int ds_waivers_load(ds_waivers *ws, const char *path, char **err) {
  char *text = NULL;
  size_t len = 0;
  if (ds_read_file(path, WAIVERS_MAX, &text, &len) != 0) {
    *err = ds_mprintf("--waivers %s: %s", path, strerror(errno));
    return -1;
  }
  if (memchr(text, '\0', len)) {
    *err = ds_mprintf("%s:1: not a text file", path);
    free(text);
    return -1;
  }
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  char today[16];
  strftime(today, sizeof(today), "%Y-%m-%d", &tm);
  int rc = ds_waivers_parse(ws, text, path, today, err);
  free(text);
  return rc;
}

const char *ds_waivers_default_path(void) {
  const char *env = getenv("DOCKERSEC_WAIVERS");
  const char *path = env && *env ? env : DS_WAIVERS_DEFAULT;
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? path : NULL;
}

/* Whether check `c` is what the waiver names: '*', its id, its control, or
** one of the controls it also belongs to. */
static int names_check(const char *what, const ds_check *c) {
  if (strcmp(what, "*") == 0 || strcasecmp(what, c->id) == 0 || strcasecmp(what, c->control) == 0)
    return 1;
  for (int i = 0; i < c->ncontrols; i++)
    if (strcasecmp(what, c->controls[i]) == 0) return 1;
  return 0;
}

int ds_glob_any(const char *glob, const char *const *names) {
  for (; names && *names; names++)
    if (fnmatch(glob, *names, 0) == 0) return 1;
  return 0;
}

const ds_waiver *ds_waivers_match(ds_waivers *ws, const ds_check *c, const char *const *names,
                                  const char *image) {
  ds_waiver *expired = NULL;
  int host = !names || !*names;
  for (size_t i = 0; ws && i < ws->n; i++) {
    ds_waiver *w = &ws->w[i];
    if (!names_check(w->what, c)) continue;
    if (host ? strcmp(w->container, "*") != 0 : !ds_glob_any(w->container, names)) continue;
    if (w->image && (!image || fnmatch(w->image, image, 0) != 0)) continue;
    if (!w->expired) {
      w->waived++;
      return w;
    }
    if (!expired) expired = w;
  }
  if (expired) expired->would_waive++;
  return expired;
}

void ds_waivers_free(ds_waivers *ws) {
  for (size_t i = 0; i < ws->n; i++)
    waiver_clear(&ws->w[i]);
  free(ws->w);
  free(ws->path);
  memset(ws, 0, sizeof(*ws));
}
