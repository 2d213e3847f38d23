/*
** secret.c - the one home of secret detection and redaction: whether a key
** looks like it holds a secret (ds_is_secret_key), and the redaction of
** environment entries, command lines and label values built on it.  Every
** table and output redacts through here (the JSON-shaped helpers of the
** engine tables, src/engine/redact.c, too).
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/ds_secret.h"
#include "common/ds_util.h"

/* Words that make a key look like it holds a secret.  Matched as substrings
** of the upper-cased key, so DB_PASSWORD, githubToken and AWS_SECRET_ACCESS_KEY
** all count. */
static const char *const secret_words[] = {
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "API_KEY",
    "KEY",
    "CREDENTIAL",
    "CREDS",
    "PRIVATE",
    "AUTH",
    "CERT",
    "SALT",
    "SESSION",
    "COOKIE",
    "DSN",
    "CONNECTION_STRING",
    NULL,
};

int ds_is_secret_key(const char *key, size_t len) {
  char up[256];
  if (!key) return 0;
  if (len >= sizeof(up)) len = sizeof(up) - 1;
  for (size_t i = 0; i < len; i++)
    up[i] = (char)toupper((unsigned char)key[i]);
  up[len] = '\0';
  /* PWD is the shell's working directory, not a password. */
  if (strcmp(up, "PWD") == 0 || strcmp(up, "OLDPWD") == 0) return 0;
  for (int i = 0; secret_words[i]; i++) {
    if (strstr(up, secret_words[i])) return 1;
  }
  return 0;
}

/* ---- environment entries ---------------------------------------------------- */

void ds_env_parse(const char *entry, size_t len, int reveal, ds_env_var *v) {
  const char *eq = memchr(entry, '=', len);
  v->key_len = eq ? (size_t)(eq - entry) : len;
  v->has_value = eq != NULL;
  v->value = eq ? eq + 1 : "";
  v->value_len = eq ? len - v->key_len - 1 : 0;
  v->secret_like = ds_is_secret_key(entry, v->key_len);
  v->redacted = v->secret_like && !reveal;
}

int ds_env_entry(const char *entry, int reveal, char **key, char **value, int *secret_like) {
  ds_env_var v;
  ds_env_parse(entry, strlen(entry), reveal, &v);
  *secret_like = v.secret_like;
  *key = ds_strndup(entry, v.key_len);
  *value = v.redacted ? ds_strdup(DS_REDACTED) : ds_strndup(v.value, v.value_len);
  if (!*key || !*value) {
    free(*key);
    free(*value);
    *key = *value = NULL;
    return -1;
  }
  return 0;
}

char *ds_redact_env(const char *entry, size_t len, int reveal, int *secret_like) {
  ds_env_var v;
  ds_env_parse(entry, len, reveal, &v);
  *secret_like = v.secret_like;
  if (v.has_value && v.redacted) return ds_mprintf("%.*s=%s", (int)v.key_len, entry, DS_REDACTED);
  return ds_strndup(entry, len);
}

/* ---- command lines ---------------------------------------------------------- */

static int is_key_start(unsigned char c) {
  return isalpha(c) || c == '_';
}
static int is_key_char(unsigned char c) {
  return isalnum(c) || c == '_' || c == '.' || c == '-';
}
/* Characters after which a new word (and so a KEY=value) may start. */
static int at_word_start(const char *s, size_t i) {
  return i == 0 || isspace((unsigned char)s[i - 1]) || strchr(";&|(`'\"", s[i - 1]) != NULL;
}

/* End (exclusive) of the value starting at s[p]: a quoted string up to its
** closing quote, else up to white space or a shell/JSON delimiter. */
static size_t value_end(const char *s, size_t p) {
  char q = s[p];
  if (q == '"' || q == '\'') {
    size_t i = p + 1;
    for (; s[i] && s[i] != q; i++)
      if (q == '"' && s[i] == '\\' && s[i + 1]) i++;
    return s[i] ? i + 1 : i;
  }
  size_t i = p;
  while (s[i] && !isspace((unsigned char)s[i]) && !strchr(";&|)`\"'", s[i]))
    i++;
  return i;
}

/* Appends the value s[from, to) or its replacement. */
static void put_value(ds_buf *b, const char *s, size_t from, size_t to, int reveal) {
  if (reveal)
    ds_buf_append(b, s + from, to - from);
  else if (to > from)
    ds_buf_puts(b, DS_REDACTED);
}

/* KEY=value at s[i]: returns the index after it when redacted, else 0. */
static size_t redact_assignment(ds_buf *b, const char *s, size_t i, int reveal) {
  size_t j = i;
  if (!is_key_start((unsigned char)s[j])) return 0;
  while (is_key_char((unsigned char)s[j]))
    j++;
  if (s[j] != '=' || !ds_is_secret_key(s + i, j - i)) return 0;
  ds_buf_append(b, s + i, j + 1 - i);
  size_t end = value_end(s, j + 1);
  put_value(b, s, j + 1, end, reveal);
  return end;
}

/* --secret-flag=value or --secret-flag value at s[i]. */
static size_t redact_flag(ds_buf *b, const char *s, size_t i, int reveal) {
  if (s[i] != '-' || s[i + 1] != '-') return 0;
  size_t j = i + 2;
  while (is_key_char((unsigned char)s[j]))
    j++;
  if (j == i + 2 || !ds_is_secret_key(s + i + 2, j - i - 2)) return 0;
  if (s[j] == '=') {
    ds_buf_append(b, s + i, j + 1 - i);
    size_t end = value_end(s, j + 1);
    put_value(b, s, j + 1, end, reveal);
    return end;
  }
  if (s[j] != ' ' && s[j] != '\t') return 0;
  size_t v = j;
  while (s[v] == ' ' || s[v] == '\t')
    v++;
  if (!s[v] || s[v] == '-') return 0; /* a switch, not an option with a value */
  ds_buf_append(b, s + i, v - i);
  size_t end = value_end(s, v);
  put_value(b, s, v, end, reveal);
  return end;
}

/* Legacy "ENV KEY some value": everything after the key is the value. */
static size_t redact_legacy_env(ds_buf *b, const char *s, size_t i, int reveal) {
  if (strncmp(s + i, "ENV", 3) != 0 || (s[i + 3] != ' ' && s[i + 3] != '\t')) return 0;
  size_t k = i + 3;
  while (s[k] == ' ' || s[k] == '\t')
    k++;
  size_t m = k;
  if (!is_key_start((unsigned char)s[m])) return 0;
  while (is_key_char((unsigned char)s[m]))
    m++;
  if ((s[m] != ' ' && s[m] != '\t') || !ds_is_secret_key(s + k, m - k)) return 0;
  size_t v = m;
  while (s[v] == ' ' || s[v] == '\t')
    v++;
  size_t end = v + strcspn(s + v, "\n");
  ds_buf_append(b, s + i, v - i);
  put_value(b, s, v, end, reveal);
  return end;
}

/* scheme://user:password@host at s[i] == "://". */
static size_t redact_url_password(ds_buf *b, const char *s, size_t i, int reveal) {
  if (strncmp(s + i, "://", 3) != 0) return 0;
  size_t u = i + 3, j = u;
  while (s[j] && !strchr(":@/ \t\n\"'", s[j]))
    j++;
  if (s[j] != ':' || j == u) return 0;
  size_t k = j + 1;
  while (s[k] && !strchr("@/ \t\n\"'", s[k]))
    k++;
  if (s[k] != '@' || k == j + 1) return 0;
  ds_buf_append(b, s + i, j + 1 - i);
  put_value(b, s, j + 1, k, reveal);
  return k;
}

char *ds_redact_command(const char *s, int reveal, int *secret_like) {
  *secret_like = 0;
  if (!s) return NULL;
  ds_buf b = {0};
  size_t i = 0;
  while (s[i]) {
    size_t next = 0;
    if (at_word_start(s, i)) {
      next = redact_legacy_env(&b, s, i, reveal);
      if (!next) next = redact_assignment(&b, s, i, reveal);
      if (!next) next = redact_flag(&b, s, i, reveal);
    }
    if (!next) next = redact_url_password(&b, s, i, reveal);
    if (next) {
      *secret_like = 1;
      i = next;
    } else {
      ds_buf_append(&b, s + i, 1);
      i++;
    }
  }
  return ds_buf_take(&b); /* NULL only when out of memory */
}

/* ---- labels and flags ------------------------------------------------------- */

const char *ds_label_value(const char *key, const char *value, int reveal) {
  if (!reveal && key && ds_is_secret_key(key, strlen(key))) return DS_REDACTED;
  return value;
}

/* "--password" (or "-password"): a flag whose value is the next argument. */
int ds_is_secret_flag(const char *s) {
  if (!s || s[0] != '-') return 0;
  while (*s == '-')
    s++;
  return *s && !strchr(s, '=') && ds_is_secret_key(s, strlen(s));
}
