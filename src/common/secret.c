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
#include <strings.h>

#include "common/ds_secret.h"
#include "common/ds_util.h"

/*
** Key names are split into words - at '_', '-', '.', other punctuation and
** lower-to-upper case changes (githubToken = GITHUB TOKEN) - and a key looks
** secret when one of its words is a secret word, or a long word ends with
** one (DBPASSWORD), unless its last word says what the value is instead
** (DOCKER_CERT_PATH, TOKEN_TTL, AUTH_ENABLED, POSTGRES_PASSWORD_FILE,
** KEYCLOAK_URL: a path, a duration, a switch, a file, an address).  Values
** are checked by content apart from their name (ds_secret_find).
*/
static const char *const secret_words[] = {
    "PASSWORD",  "PASSWD",    "PASS",      "PASSPHRASE", "PWD",  "SECRET",           "SECRETS",
    "TOKEN",     "TOKENS",    "APIKEY",    "KEY",        "KEYS", "CREDENTIAL",       "CREDENTIALS",
    "CREDS",     "AUTH",      "SALT",      "COOKIE",     "DSN",  "CONNECTIONSTRING", "PRIVATEKEY",
    "ACCESSKEY", "SECRETKEY", "AUTHTOKEN", NULL,
};

/* A word ending with one of these is secret too (DBPASSWORD, MYSECRET). */
static const char *const secret_suffixes[] = {
    "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "PRIVATEKEY", "ACCESSKEY", NULL,
};

/* A last word that names what the value is, not a secret. */
static const char *const nonsecret_last[] = {
    "PATH",     "DIR",      "DIRECTORY", "CERTDIR", "FILE",      "FILES",      "ENABLED",
    "ENABLE",   "DISABLED", "DISABLE",   "TTL",     "TIMEOUT",   "URL",        "URI",
    "ENDPOINT", "HOST",     "PORT",      "EXPIRY",  "EXPIRES",   "EXPIRATION", "LENGTH",
    "LEN",      "SIZE",     "TYPE",      "MODE",    "ID",        "IDS",        "NAME",
    "USER",     "USERNAME", "HEADER",    "VERSION", "ALGORITHM", "ALG",        "METHOD",
    "PROVIDER", "ISSUER",   "REALM",     "FORMAT",  "LIFETIME",  "DURATION",   "INTERVAL",
    "REQUIRED", "POLICY",   "ROTATION",  "COUNT",   "LIMIT",     "MAX",        "MIN",
    "SERVER",   "LOCATION", "ENV",       NULL,
};

static int in_list(const char *w, const char *const *list) {
  for (int i = 0; list[i]; i++)
    if (strcmp(w, list[i]) == 0) return 1;
  return 0;
}

static int ends_with_any(const char *w, const char *const *list) {
  size_t n = strlen(w);
  for (int i = 0; list[i]; i++) {
    size_t m = strlen(list[i]);
    if (n > m && strcmp(w + n - m, list[i]) == 0) return 1;
  }
  return 0;
}

#define MAX_WORDS 16
#define WORD_LEN  48

int ds_is_secret_key(const char *key, size_t len) {
  if (!key || len == 0) return 0;
  char words[MAX_WORDS][WORD_LEN];
  int n = 0;
  size_t w = 0;
  for (size_t i = 0; i <= len && n < MAX_WORDS; i++) {
    unsigned char c = i < len ? (unsigned char)key[i] : '\0';
    int boundary = !isalnum(c) || (i > 0 && isupper(c) && islower((unsigned char)key[i - 1]));
    if (boundary && w > 0) {
      words[n][w < WORD_LEN ? w : WORD_LEN - 1] = '\0';
      n++;
      w = 0;
    }
    if (isalnum(c) && n < MAX_WORDS && w < WORD_LEN - 1) words[n][w++] = (char)toupper(c);
  }
  if (n == 0) return 0;
  /* PWD and OLDPWD are the shell's working directories. */
  if (n == 1 && (strcmp(words[0], "PWD") == 0 || strcmp(words[0], "OLDPWD") == 0)) return 0;
  if (in_list(words[n - 1], nonsecret_last)) return 0;
  for (int i = 0; i < n; i++) {
    if (in_list(words[i], secret_words) || ends_with_any(words[i], secret_suffixes)) {
      /* A public key or certificate is no secret. */
      if (strcmp(words[i], "KEY") == 0 && i > 0 && strcmp(words[i - 1], "PUBLIC") == 0) continue;
      return 1;
    }
  }
  return 0;
}

/* ---- values by content ------------------------------------------------------ */

static int word_char(unsigned char c) {
  return isalnum(c) || c == '_' || c == '-';
}

static size_t span_of(const char *s, size_t i, size_t len, const char *set) {
  size_t j = i;
  while (j < len && (isalnum((unsigned char)s[j]) || strchr(set, s[j])))
    j++;
  return j - i;
}

/* The secret starting at s[i] (s[0, len)), if any: 1 with the part to hide
** in [*from, *to) and the end of the match in *end. */
static int secret_at(const char *s, size_t i, size_t len, size_t *from, size_t *to, size_t *end) {
  int start = i == 0 || !word_char((unsigned char)s[i - 1]);
  /* scheme://user:password@host, the user possibly empty (redis://:pw@). */
  if (len - i >= 3 && memcmp(s + i, "://", 3) == 0) {
    size_t u = i + 3, j = u;
    while (j < len && !strchr(":@/ \t\n\"'", s[j]))
      j++;
    if (j >= len || s[j] != ':') return 0;
    size_t k = j + 1;
    while (k < len && !strchr("@/ \t\n\"'", s[k]))
      k++;
    if (k >= len || s[k] != '@' || k == j + 1) return 0;
    *from = j + 1, *to = k, *end = k;
    return 1;
  }
  if (!start) return 0;
  /* Authorization credentials: "Bearer <token>", "Basic <base64>". */
  size_t kw = len - i >= 7 && strncasecmp(s + i, "bearer ", 7) == 0  ? 7
              : len - i >= 6 && strncasecmp(s + i, "basic ", 6) == 0 ? 6
                                                                     : 0;
  if (kw) {
    size_t v = i + kw;
    while (v < len && s[v] == ' ')
      v++;
    size_t n = span_of(s, v, len, "._~+/=-");
    if (n >= 8) {
      *from = v, *to = v + n, *end = v + n;
      return 1;
    }
    return 0;
  }
  /* PEM private keys: hide the body, keep the armour. */
  if (len - i >= 11 && memcmp(s + i, "-----BEGIN ", 11) == 0) {
    const char *hdr_end = memmem(s + i + 11, len - i - 11, "-----", 5);
    if (!hdr_end) return 0;
    size_t h = (size_t)(hdr_end - s);
    if (h < i + 22 || memcmp(s + h - 11, "PRIVATE KEY", 11) != 0) return 0;
    size_t body = h + 5;
    const char *tail = memmem(s + body, len - body, "-----END ", 9);
    size_t stop = tail ? (size_t)(tail - s) : len;
    if (stop <= body) return 0;
    *from = body, *to = stop, *end = stop;
    return 1;
  }
  size_t n = 0;
  /* AWS access key ids. */
  if (len - i >= 20 && (memcmp(s + i, "AKIA", 4) == 0 || memcmp(s + i, "ASIA", 4) == 0)) {
    for (n = 4; n < 20 && (isupper((unsigned char)s[i + n]) || isdigit((unsigned char)s[i + n]));)
      n++;
    if (n == 20 && (i + 20 == len || !isalnum((unsigned char)s[i + 20]))) goto whole;
  }
  /* GitHub tokens: ghp_/gho_/ghu_/ghs_/ghr_ + 36, github_pat_ + 22 or more. */
  if (len - i >= 40 && s[i] == 'g' && s[i + 1] == 'h' && strchr("pousr", s[i + 2]) &&
      s[i + 3] == '_' && (n = span_of(s, i + 4, len, "")) >= 36) {
    n += 4;
    goto whole;
  }
  if (len - i >= 33 && memcmp(s + i, "github_pat_", 11) == 0 &&
      (n = span_of(s, i + 11, len, "_")) >= 22) {
    n += 11;
    goto whole;
  }
  /* Slack tokens: xoxb-, xoxp-, xoxa-, xoxo-, xoxs-, xoxr-. */
  if (len - i >= 15 && memcmp(s + i, "xox", 3) == 0 && strchr("bpaosr", s[i + 3]) &&
      s[i + 4] == '-' && (n = span_of(s, i + 5, len, "-")) >= 10) {
    n += 5;
    goto whole;
  }
  /* JSON Web Tokens: eyJ<header>.eyJ<payload>.<signature>. */
  if (len - i >= 10 && memcmp(s + i, "eyJ", 3) == 0) {
    size_t a = span_of(s, i, len, "_-");
    if (a >= 10 && i + a < len && s[i + a] == '.' && len - (i + a + 1) >= 3 &&
        memcmp(s + i + a + 1, "eyJ", 3) == 0) {
      size_t b = span_of(s, i + a + 1, len, "_-");
      if (b >= 10 && i + a + 1 + b < len && s[i + a + 1 + b] == '.') {
        n = a + 1 + b + 1 + span_of(s, i + a + b + 2, len, "_-");
        goto whole;
      }
    }
  }
  return 0;
whole:
  *from = i, *to = i + n, *end = i + n;
  return 1;
}

int ds_secret_find(const char *s, size_t len, size_t *from, size_t *to) {
  size_t end;
  for (size_t i = 0; s && i < len; i++)
    if (secret_at(s, i, len, from, to, &end)) return 1;
  return 0;
}

char *ds_redact_value(const char *s, size_t len, int reveal, int *secret_like) {
  *secret_like = 0;
  ds_buf b = {0};
  size_t i = 0, from, to, end;
  while (i < len) {
    if (secret_at(s, i, len, &from, &to, &end)) {
      *secret_like = 1;
      ds_buf_append(&b, s + i, from - i);
      if (reveal)
        ds_buf_append(&b, s + from, to - from);
      else
        ds_buf_puts(&b, DS_REDACTED);
      ds_buf_append(&b, s + to, end - to);
      i = end > i ? end : i + 1;
    } else {
      ds_buf_append(&b, s + i, 1);
      i++;
    }
  }
  if (b.len == 0 && !ds_buf_failed(&b)) ds_buf_puts(&b, "");
  return ds_buf_take(&b);
}

/* ---- environment entries ---------------------------------------------------- */

void ds_env_parse(const char *entry, size_t len, int reveal, ds_env_var *v) {
  const char *eq = memchr(entry, '=', len);
  v->key_len = eq ? (size_t)(eq - entry) : len;
  v->has_value = eq != NULL;
  v->value = eq ? eq + 1 : "";
  v->value_len = eq ? len - v->key_len - 1 : 0;
  size_t from, to;
  v->secret_name = ds_is_secret_key(entry, v->key_len);
  v->secret_value = !v->secret_name && ds_secret_find(v->value, v->value_len, &from, &to);
  v->secret_like = v->secret_name || v->secret_value;
  v->redacted = v->secret_name && !reveal;
}

char *ds_env_value_text(const ds_env_var *v, int reveal) {
  int secret;
  if (v->redacted && v->value_len > 0) return ds_strdup(DS_REDACTED);
  if (v->secret_value && !reveal) return ds_redact_value(v->value, v->value_len, 0, &secret);
  return ds_strndup(v->value, v->value_len);
}

int ds_env_entry(const char *entry, int reveal, char **key, char **value, int *secret_like) {
  ds_env_var v;
  ds_env_parse(entry, strlen(entry), reveal, &v);
  *secret_like = v.secret_like;
  *key = ds_strndup(entry, v.key_len);
  *value = v.redacted ? ds_strdup(DS_REDACTED) : ds_env_value_text(&v, reveal);
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
  if (v.has_value && v.secret_value && !reveal) {
    char *value = ds_env_value_text(&v, reveal);
    char *shown = value ? ds_mprintf("%.*s=%s", (int)v.key_len, entry, value) : NULL;
    free(value);
    return shown;
  }
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

/* A secret by content at s[i] (ds_secret_find's patterns). */
static size_t redact_content(ds_buf *b, const char *s, size_t i, int reveal) {
  size_t from, to, end;
  if (!secret_at(s, i, strlen(s + i) + i, &from, &to, &end) || end <= i) return 0;
  ds_buf_append(b, s + i, from - i);
  put_value(b, s, from, to, reveal);
  ds_buf_append(b, s + to, end - to);
  return end;
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
    if (!next) next = redact_content(&b, s, i, reveal);
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
