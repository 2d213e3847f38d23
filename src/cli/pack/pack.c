/*
** pack.c - reading query packs (see pack.h for the format).
**
** The parser is line based and strict: a typo in a header key, a missing
** remediation or a second statement after a check is an error naming the
** file and line, because a check that silently loses its SQL or its severity
** would make an audit lie.  Finding and reading the files is pack_load.c.
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dockersec.h"
#include "common/ds_util.h"
#include "cli/pack/pack.h"

#define MAX_ID_LEN 64

static const char *const severity_names[DS_SEV_COUNT] = {"info", "low", "medium", "high",
                                                         "critical"};

const char *ds_severity_name(ds_severity s) {
  return s >= 0 && s < DS_SEV_COUNT ? severity_names[s] : "unknown";
}

int ds_severity_parse(const char *name) {
  for (int i = 0; name && i < DS_SEV_COUNT; i++)
    if (strcasecmp(name, severity_names[i]) == 0) return i;
  return -1;
}

/* ---- one check under construction --------------------------------------- */

enum {
  K_CHECK,
  K_CONTROL,
  K_TITLE,
  K_SEVERITY,
  K_DESCRIPTION,
  K_REMEDIATION,
  K_REFERENCES,
  K_CIS,
  K_REQUIRES,
  K_CONTROLS
};

static const struct {
  const char *name;
  int required;
} keys[] = {
    [K_CHECK] = {"check", 1},
    [K_CONTROL] = {"control", 1},
    [K_TITLE] = {"title", 1},
    [K_SEVERITY] = {"severity", 1},
    [K_DESCRIPTION] = {"description", 1},
    [K_REMEDIATION] = {"remediation", 1},
    [K_REFERENCES] = {"references", 1},
    [K_CIS] = {"cis", 0},
    [K_REQUIRES] = {"requires", 0},
    [K_CONTROLS] = {"controls", 0},
};
#define NKEYS DS_COUNT(keys)

typedef struct parser {
  const char *file;
  int line;       /* current line number (1-based) */
  char **err;     /* where the first error goes    */
  int in_check;   /* a `-- check:` header was seen */
  int in_body;    /* the header is over            */
  int last_key;   /* key a continuation line extends, -1 none */
  int check_line; /* line of the current `-- check:` */
  int sql_line;
  ds_buf values[NKEYS];
  int seen[NKEYS];
  ds_buf sql;
} parser;

static int fail(parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(parser *p, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *what = ds_vmprintf(fmt, ap);
  va_end(ap);
  if (!*p->err) *p->err = ds_mprintf("%s:%d: %s", p->file, line, what ? what : "out of memory");
  free(what);
  return -1;
}

static void reset_check(parser *p) {
  for (int k = 0; k < NKEYS; k++) {
    ds_buf_free(&p->values[k]);
    p->seen[k] = 0;
  }
  ds_buf_free(&p->sql);
  p->in_check = p->in_body = 0;
  p->last_key = -1;
}

static int key_index(const char *name, size_t n) {
  for (int k = 0; k < NKEYS; k++)
    if (strlen(keys[k].name) == n && strncmp(keys[k].name, name, n) == 0) return k;
  return -1;
}

static char *trimmed(const char *s, size_t n) {
  while (n > 0 && isspace((unsigned char)*s))
    s++, n--;
  while (n > 0 && isspace((unsigned char)s[n - 1]))
    n--;
  return ds_strndup(s, n);
}

/*
** Classifies a comment line.  "-- key: value" (at most one space after the
** dashes, key in [a-z_]) gives its key name in *key and *keylen and the value;
** "--" followed by two or more spaces is a continuation (*cont = 1).
** Returns 0 when the line is not a comment at all.
*/
static int classify(const char *line, size_t len, const char **key, size_t *keylen,
                    const char **value, size_t *valuelen, int *cont) {
  *key = NULL;
  *cont = 0;
  if (len < 2 || line[0] != '-' || line[1] != '-') return 0;
  size_t i = 2, spaces = 0;
  while (i < len && line[i] == ' ')
    i++, spaces++;
  if (spaces >= 2 && i < len) {
    *cont = 1;
    *value = line + i;
    *valuelen = len - i;
    return 1;
  }
  size_t k = i;
  while (k < len && (islower((unsigned char)line[k]) || line[k] == '_'))
    k++;
  if (k > i && k < len && line[k] == ':') {
    *key = line + i;
    *keylen = k - i;
    *value = line + k + 1;
    *valuelen = len - k - 1;
  }
  return 1;
}

/* Skips white space and SQL comments (line and block); returns the first
** other character. */
static const char *skip_blank(const char *s) {
  for (;;) {
    while (isspace((unsigned char)*s))
      s++;
    if (s[0] == '-' && s[1] == '-') {
      while (*s && *s != '\n')
        s++;
    } else if (s[0] == '/' && s[1] == '*') {
      const char *end = strstr(s + 2, "*/");
      if (!end) return s + strlen(s);
      s = end + 2;
    } else {
      return s;
    }
  }
}

static int starts_with_word(const char *s, const char *word) {
  size_t n = strlen(word);
  return strncasecmp(s, word, n) == 0 && !isalnum((unsigned char)s[n]) && s[n] != '_';
}

/* The body must be exactly one SELECT (or WITH … SELECT) ending in ';', so
** the file also runs unchanged in the sqlite3 shell. */
static int check_body(parser *p, const char *id) {
  const char *sql = p->sql.data ? p->sql.data : "";
  const char *start = skip_blank(sql);
  if (!*start) return fail(p, p->check_line, "check %s: no SQL statement after its header", id);
  if (!starts_with_word(start, "SELECT") && !starts_with_word(start, "WITH") &&
      !starts_with_word(start, "VALUES"))
    return fail(p, p->sql_line, "check %s: the statement must be a SELECT (found '%.20s')", id,
                start);
  /* Find the first ';' that completes a statement (';' inside strings,
  ** identifiers and comments do not count: sqlite3_complete knows). */
  for (const char *semi = strchr(start, ';'); semi; semi = strchr(semi + 1, ';')) {
    char *prefix = ds_strndup(start, (size_t)(semi - start + 1));
    int done = prefix && sqlite3_complete(prefix);
    free(prefix);
    if (!done) continue;
    if (*skip_blank(semi + 1))
      return fail(p, p->sql_line, "check %s: more than one statement (a check is one SELECT)", id);
    return 0;
  }
  return fail(p, p->sql_line, "check %s: the SELECT must end with ';'", id);
}

static int valid_id(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > MAX_ID_LEN) return 0;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && !strchr("._-", *s)) return 0;
  return 1;
}

static char *value_of(parser *p, int k) {
  return trimmed(ds_or(p->values[k].data, ""), p->values[k].len);
}

/* Every control the check belongs to: its `control` first, then the others
** of the optional `controls` header (comma or space separated), once each. */
static int split_controls(parser *p, ds_check *c) {
  char *text = p->seen[K_CONTROLS] ? value_of(p, K_CONTROLS) : ds_strdup("");
  char **list = calloc(2 + (text ? strlen(text) : 0), sizeof(char *));
  if (!text || !list) {
    free(text);
    free(list);
    return fail(p, p->check_line, "out of memory");
  }
  c->controls = list;
  int rc = 0;
  if (!(c->controls[c->ncontrols++] = ds_strdup(c->control))) rc = -1;
  for (char *save = NULL, *w = strtok_r(text, ", \t", &save); w && rc == 0;
       w = strtok_r(NULL, ", \t", &save)) {
    if (!valid_id(w)) {
      rc = fail(p, p->check_line,
                "check %s: control '%s' in 'controls' must be letters, digits, "
                "'.', '_' or '-'",
                c->id, w);
      break;
    }
    int dup = 0;
    for (int i = 0; i < c->ncontrols; i++)
      dup |= strcasecmp(c->controls[i], w) == 0;
    if (!dup && !(c->controls[c->ncontrols++] = ds_strdup(w))) rc = -1;
  }
  free(text);
  if (rc == -1 && !*p->err) return fail(p, p->check_line, "out of memory");
  return rc;
}

/* Splits the references value on white space; every item must be a URL. */
static int split_references(parser *p, ds_check *c, const char *text) {
  size_t cap = 4;
  c->references = calloc(cap, sizeof(char *));
  if (!c->references) return fail(p, p->check_line, "out of memory");
  const char *s = text;
  for (;;) {
    while (isspace((unsigned char)*s) || *s == ',')
      s++;
    if (!*s) break;
    const char *e = s;
    while (*e && !isspace((unsigned char)*e))
      e++;
    size_t n = (size_t)(e - s);
    while (n > 0 && s[n - 1] == ',')
      n--;
    char *ref = ds_strndup(s, n);
    if (!ref) return fail(p, p->check_line, "out of memory");
    const char *colon = strstr(ref, "://");
    if (!colon || colon == ref) {
      fail(p, p->check_line, "check %s: reference '%s' is not a URL", c->id, ref);
      free(ref);
      return -1;
    }
    if ((size_t)c->nreferences + 1 >= cap) {
      cap *= 2;
      char **grown = realloc(c->references, cap * sizeof(char *));
      if (!grown) {
        free(ref);
        return fail(p, p->check_line, "out of memory");
      }
      c->references = grown;
    }
    c->references[c->nreferences++] = ref;
    c->references[c->nreferences] = NULL;
    s = e;
  }
  if (c->nreferences == 0)
    return fail(p, p->check_line, "check %s: 'references' needs at least one URL", c->id);
  return 0;
}

static void free_check(ds_check *c) {
  free(c->id);
  free(c->control);
  free(c->title);
  free(c->description);
  free(c->remediation);
  for (int i = 0; i < c->nreferences; i++)
    free(c->references[i]);
  free(c->references);
  free(c->cis);
  for (int i = 0; i < c->ncontrols; i++)
    free(c->controls[i]);
  free(c->controls);
  free(c->sql);
  free(c->file);
  memset(c, 0, sizeof(*c));
}

/* Validates the finished check and appends it to the pack. */
static int finish_check(parser *p, ds_pack *pack) {
  if (!p->in_check) return 0;
  char *id = value_of(p, K_CHECK);
  if (!id) return fail(p, p->check_line, "out of memory");
  if (!valid_id(id)) {
    fail(p, p->check_line, "check id '%s' must be 1-%d letters, digits, '.', '_' or '-'", id,
         MAX_ID_LEN);
    free(id);
    return -1;
  }
  for (int k = 0; k < NKEYS; k++) {
    if (keys[k].required && !p->seen[k]) {
      fail(p, p->check_line, "check %s: missing '-- %s:' header line", id, keys[k].name);
      free(id);
      return -1;
    }
  }
  if (check_body(p, id) != 0) {
    free(id);
    return -1;
  }
  ds_check c = {0};
  c.id = id;
  c.control = value_of(p, K_CONTROL);
  c.title = value_of(p, K_TITLE);
  c.description = value_of(p, K_DESCRIPTION);
  c.remediation = value_of(p, K_REMEDIATION);
  c.cis = p->seen[K_CIS] ? value_of(p, K_CIS) : NULL;
  c.sql = trimmed(p->sql.data, p->sql.len);
  c.file = ds_strdup(p->file);
  c.line = p->check_line;
  c.sql_line = p->sql_line;
  char *sev = value_of(p, K_SEVERITY);
  int severity = ds_severity_parse(sev);
  int rc = 0;
  if (!c.control || !c.title || !c.description || !c.remediation || !c.sql || !c.file || !sev ||
      (p->seen[K_CIS] && !c.cis)) {
    rc = fail(p, p->check_line, "out of memory");
  } else if (severity < 0) {
    rc = fail(p, p->check_line,
              "check %s: severity '%s' is not one of info, low, medium, high, critical", id, sev);
  } else if (!valid_id(c.control)) {
    rc = fail(p, p->check_line, "check %s: control '%s' must be letters, digits, '.', '_' or '-'",
              id, c.control);
  } else {
    for (int k = K_TITLE; k <= K_CIS && rc == 0; k++) {
      char *v = p->seen[k] ? value_of(p, k) : NULL;
      if (p->seen[k] && (!v || !*v))
        rc = fail(p, p->check_line, "check %s: '%s' is empty", id, keys[k].name);
      free(v);
    }
  }
  if (rc == 0 && p->seen[K_REQUIRES]) {
    /* `-- requires: engine`: only an engine API can answer it */
    char *v = value_of(p, K_REQUIRES);
    if (v && strcasecmp(v, "engine") == 0)
      c.requires_engine = 1;
    else
      rc = fail(p, p->check_line, "check %s: requires '%s': the only requirement is 'engine'", id,
                v ? v : "");
    free(v);
  }
  if (rc == 0) rc = split_controls(p, &c);
  if (rc == 0) {
    c.severity = (ds_severity)severity;
    char *refs = value_of(p, K_REFERENCES);
    rc = refs ? split_references(p, &c, refs) : fail(p, p->check_line, "out of memory");
    free(refs);
  }
  free(sev);
  if (rc == 0 && pack->n == pack->cap) {
    size_t cap = pack->cap ? pack->cap * 2 : 32;
    ds_check *grown = realloc(pack->checks, cap * sizeof(ds_check));
    if (!grown)
      rc = fail(p, p->check_line, "out of memory");
    else
      pack->checks = grown, pack->cap = cap;
  }
  if (rc != 0) {
    free_check(&c);
    return -1;
  }
  pack->checks[pack->n++] = c;
  reset_check(p);
  return 0;
}

static int header_line(parser *p, int k, const char *value, size_t n) {
  if (p->seen[k] && k != K_REFERENCES)
    return fail(p, p->line, "'%s' given twice in one check header", keys[k].name);
  if (p->seen[k]) ds_buf_puts(&p->values[k], " ");
  p->seen[k] = 1;
  p->last_key = k;
  ds_buf_append(&p->values[k], value, n);
  return ds_buf_failed(&p->values[k]) ? fail(p, p->line, "out of memory") : 0;
}

static int start_check(parser *p, ds_pack *pack, const char *value, size_t n) {
  if (finish_check(p, pack) != 0) return -1;
  reset_check(p);
  p->in_check = 1;
  p->check_line = p->line;
  return header_line(p, K_CHECK, value, n);
}

static int body_line(parser *p, const char *line, size_t len) {
  if (!p->sql.data || !*skip_blank(p->sql.data)) p->sql_line = p->line;
  ds_buf_append(&p->sql, line, len);
  ds_buf_puts(&p->sql, "\n");
  return ds_buf_failed(&p->sql) ? fail(p, p->line, "out of memory") : 0;
}

static int is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isspace((unsigned char)s[i])) return 0;
  return 1;
}

static int parse_line(parser *p, ds_pack *pack, const char *line, size_t len) {
  const char *key, *value;
  size_t keylen = 0, valuelen = 0;
  int cont;
  int comment = classify(line, len, &key, &keylen, &value, &valuelen, &cont);
  int k = key ? key_index(key, keylen) : -1;
  if (k == K_CHECK) return start_check(p, pack, value, valuelen);
  if (!p->in_check) {
    /* The preamble: comments and blank lines only. */
    if (k >= 0) return fail(p, p->line, "'-- %s:' before the first '-- check:' line", keys[k].name);
    if (!comment && !is_blank(line, len))
      return fail(p, p->line, "SQL before the first '-- check:' header");
    return 0;
  }
  if (!p->in_body) {
    if (key && k < 0)
      return fail(p, p->line,
                  "unknown header key '%.*s' (expected check, control, title, "
                  "severity, description, remediation, references, cis, controls or requires)",
                  (int)keylen, key);
    if (k >= 0) return header_line(p, k, value, valuelen);
    if (cont && p->last_key >= 0) {
      ds_buf *b = &p->values[p->last_key];
      ds_buf_puts(b, " ");
      ds_buf_append(b, value, valuelen);
      return ds_buf_failed(b) ? fail(p, p->line, "out of memory") : 0;
    }
    p->in_body = 1; /* the first other line ends the header */
  }
  return body_line(p, line, len);
}

int ds_pack_parse(ds_pack *pack, const char *text, const char *file, char **err) {
  parser p = {.file = file ? file : "<pack>", .err = err, .last_key = -1};
  *err = NULL;
  size_t before = pack->n;
  int rc = 0;
  for (const char *s = text; s && *s && rc == 0;) {
    const char *nl = strchr(s, '\n');
    size_t len = nl ? (size_t)(nl - s) : strlen(s);
    size_t n = len;
    if (n > 0 && s[n - 1] == '\r') n--;
    p.line++;
    if (memchr(s, '\0', len)) rc = fail(&p, p.line, "NUL byte in a text file");
    if (rc == 0) rc = parse_line(&p, pack, s, n);
    s = nl ? nl + 1 : s + len;
  }
  if (rc == 0) rc = finish_check(&p, pack);
  reset_check(&p);
  if (rc != 0) {
    while (pack->n > before)
      free_check(&pack->checks[--pack->n]);
    return -1;
  }
  return 0;
}

const ds_check *ds_pack_find(const ds_pack *pack, const char *id) {
  for (size_t i = 0; i < pack->n; i++)
    if (strcasecmp(pack->checks[i].id, id) == 0) return &pack->checks[i];
  return NULL;
}

void ds_pack_free(ds_pack *pack) {
  for (size_t i = 0; i < pack->n; i++)
    free_check(&pack->checks[i]);
  free(pack->checks);
  memset(pack, 0, sizeof(*pack));
}
