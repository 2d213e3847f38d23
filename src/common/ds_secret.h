/*
** ds_secret.h - secret detection and redaction, for every layer: the one
** rule that decides whether a key looks like it holds a secret, and the
** redaction of environment entries, command lines and label values built on
** it.  Tables and outputs redact through these, never by their own rule.
*/
#ifndef DS_SECRET_H
#define DS_SECRET_H

#include <stddef.h>

/* What we print in place of a secret value. */
#define DS_REDACTED "<redacted>"

/* 1 when an environment/label/option key looks like it holds a secret: one
** of its words (split at '_', '-', '.', camelCase) is PASSWORD, PASS, PWD,
** SECRET, TOKEN, KEY, APIKEY, CREDENTIAL(S), CREDS, AUTH, SALT, COOKIE, DSN,
** … or a long word ends with PASSWORD/SECRET/TOKEN (DBPASSWORD), unless the
** last word says what the value is instead: _PATH, _DIR, _FILE, _ENABLED,
** _TTL, _TIMEOUT, _URL, _HOST, _PORT, _USER, _NAME, _ID, … (a _URL with a
** password is caught by its value).  The shell's PWD and OLDPWD do not. */
int ds_is_secret_key(const char *key, size_t len);

/* A secret by content in s[0, len): a URL's userinfo password, a Bearer or
** Basic credential, a PEM private key's body, an AWS access key id, a GitHub
** (ghp_/gho_/ghu_/ghs_/ghr_/github_pat_) or Slack (xox?-) token, a JWT.  1
** with the first one's secret part in [*from, *to). */
int ds_secret_find(const char *s, size_t len, size_t *from, size_t *to);

/* s[0, len) with the secret part of each such match replaced by DS_REDACTED
** (postgres://app:<redacted>@db/x), or unchanged when `reveal`; sets
** *secret_like.  malloc'd; NULL when out of memory. */
char *ds_redact_value(const char *s, size_t len, int reveal, int *secret_like);

/* "--password" (or "-password"): a flag whose value is the next argument
** and whose name looks secret. */
int ds_is_secret_flag(const char *arg);

/* ---- environment entries ---------------------------------------------- */

/* One environment entry "KEY=value" (the value may contain '='; an entry
** without '=' is all key), as ds_env_parse reads it. */
typedef struct ds_env_var {
  size_t key_len;    /* the key is entry[0, key_len)                     */
  const char *value; /* after the first '=' (not NUL-terminated), or ""  */
  size_t value_len;
  int has_value;    /* 1 when the entry has a '='                        */
  int secret_name;  /* the key looks like it holds a secret             */
  int secret_value; /* else: the value holds one by content             */
  int secret_like;  /* either                                           */
  int redacted;     /* secret_name and not `reveal`: show DS_REDACTED   */
} ds_env_var;

/* The value to show (malloc'd): DS_REDACTED for a secret name (an empty
** value stays empty), the value with its secret parts redacted
** (ds_redact_value), or the value itself when `reveal`. */
char *ds_env_value_text(const ds_env_var *v, int reveal);

/* Reads entry[0, len) into *v. */
void ds_env_parse(const char *entry, size_t len, int reveal, ds_env_var *v);

/*
** Splits a NUL-terminated environment entry: *key and *value are malloc'd;
** *value is DS_REDACTED when the key looks secret and not `reveal` (even an
** empty value).  Sets *secret_like.  Returns 0, or -1 when out of memory.
*/
int ds_env_entry(const char *entry, int reveal, char **key, char **value, int *secret_like);

/* The entry entry[0, len) as text to show: "KEY=<redacted>" when it has a
** value and a secret-looking key and not `reveal`, else itself.  Sets
** *secret_like.  malloc'd; NULL when out of memory. */
char *ds_redact_env(const char *entry, size_t len, int reveal, int *secret_like);

/* ---- command lines and labels ------------------------------------------ */

/*
** Redacts secret-looking values inside a command line such as an image
** history entry's CreatedBy:
**   KEY=value            (ENV/ARG instructions, `|2 PASSWORD=x …` build-arg
**                         prefixes, shell assignments, --build-arg K=V)
**   ENV KEY value        (the legacy ENV form: the rest of the line)
**   --password=x, --token x  (flags whose name looks secret)
**   secrets by content anywhere (ds_secret_find: URL passwords, Bearer/Basic,
**                         PEM keys, AWS/GitHub/Slack tokens, JWTs)
** where "secret-looking" is ds_is_secret_key().  Returns a malloc'd copy
** with each such value replaced by DS_REDACTED (or the line unchanged when
** `reveal`), and sets *secret_like to 1 when it found one.  NULL in, NULL
** out.
*/
char *ds_redact_command(const char *line, int reveal, int *secret_like);

/*
** The value to show for a label or option `key`: `value`, or DS_REDACTED when
** the key looks like it holds a secret and `reveal` is off.
*/
const char *ds_label_value(const char *key, const char *value, int reveal);

#endif
