/*
** ds_daemoncfg.h - dockerd's configuration from its two hand-written
** sources: the command line (/proc/<pid>/cmdline) and the daemon.json file.
**
** Both are normalised to daemon.json's key names (-H/--host -> "hosts",
** --insecure-registry -> "insecure-registries", -l -> "log-level", …) so
** one `WHERE key = …` finds a setting whichever way it was given.  Values:
** scalars as text ("true", "false", "info", "2376"), lists and objects as
** compact JSON (repeated list flags become a JSON array).
*/
#ifndef DS_DAEMONCFG_H
#define DS_DAEMONCFG_H

#include <stddef.h>

typedef struct ds_setting {
  char *key;   /* malloc'd */
  char *value; /* malloc'd */
} ds_setting;

typedef struct ds_settings {
  ds_setting *items;
  int n, cap;
} ds_settings;

void ds_settings_free(ds_settings *s);
/* The value of `key`, or NULL. */
const char *ds_settings_get(const ds_settings *s, const char *key);

/*
** Parses the NUL-separated argv of dockerd (argv[0] included).  Unknown
** flags keep their own name without dashes.  Positional arguments are
** ignored.  Items "name=value" of list flags (--log-opt splunk-token=…)
** whose name looks like a secret get <redacted> unless `reveal`.  Returns 0,
** or -1 on allocation failure.
*/
int ds_parse_dockerd_cmdline(const char *buf, size_t len, int reveal, ds_settings *out);

/*
** Parses daemon.json: top-level keys become settings.  Values of nested
** objects whose key looks like a secret (e.g. log-opts "splunk-token") are
** replaced by <redacted> unless `reveal`.  Returns 0, or -1 with *err set to
** a malloc'd message ("malformed JSON: …", "not a JSON object").
*/
int ds_parse_daemon_json(const char *buf, size_t len, int reveal, ds_settings *out, char **err);

/* The daemon.json key of a dockerd flag name without dashes ("H" ->
** "hosts"), and whether the flag is a list (repeatable) or a boolean. */
const char *ds_dockerd_flag_key(const char *flag, size_t n, int *is_list, int *is_bool);

#endif
