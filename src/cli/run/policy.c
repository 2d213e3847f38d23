/*
** policy.c - the pack authorizer, an allow-list (see policy.h).  A check is
** one read-only SELECT (the parser and sqlite3_stmt_readonly see to that);
** this decides which reads and which functions it may use.  A name not
** listed is denied: a function added to SQLite (or compiled in, such as
** fts3_tokenizer(), which hands out a pointer into libsqlite3) is refused
** until someone decides it is safe for packs.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "dockersec.h"
#include "cli/run/policy.h"

static const char *const allowed_functions[] = {
    /* core scalar */
    "abs", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif",
    "if", "instr", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min",
    "nullif", "octet_length", "printf", "quote", "replace", "round", "rtrim", "sign", "soundex",
    "substr", "substring", "trim", "typeof", "unhex", "unicode", "unlikely", "upper", "zeroblob",
    "sqlite_version", "random", "randomblob",
    /* aggregate and window */
    "avg", "count", "group_concat", "string_agg", "sum", "total", "row_number", "rank",
    "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value",
    "nth_value",
    /* date and time */
    "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "current_date",
    "current_time", "current_timestamp",
    /* JSON */
    "json", "jsonb", "json_array", "jsonb_array", "json_array_length", "json_error_position",
    "json_extract", "jsonb_extract", "json_insert", "jsonb_insert", "json_object", "jsonb_object",
    "json_patch", "jsonb_patch", "json_pretty", "json_remove", "jsonb_remove", "json_replace",
    "jsonb_replace", "json_set", "jsonb_set", "json_type", "json_valid", "json_quote",
    "json_group_array", "jsonb_group_array", "json_group_object", "jsonb_group_object", "json_each",
    "json_tree", "->", "->>",
    /* math */
    "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh",
    "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians",
    "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
    /* dockersec (src/sql/functions_*.c), not dockersec_config */
    "dockersec_version", "dockersec_engine", "md5", "sha1", "sha256", "to_base64", "from_base64",
    "conditional_to_base64", "community_id_v1", "community_id_v1_strict", "inet_aton",
    "in_cidr_block", "split", "regex_split", "regex_match", "version_compare", "secret_name",
    "secret_text", NULL};

/* Pragmas whose table-valued functions only describe the schema. */
static const char *const allowed_pragmas[] = {
    "table_info", "table_xinfo", "table_list",  "function_list",  "module_list", "pragma_list",
    "index_list", "index_info",  "index_xinfo", "collation_list", NULL};

static int listed(const char *const *list, const char *name) {
  for (int i = 0; name && list[i]; i++)
    if (strcasecmp(list[i], name) == 0) return 1;
  return 0;
}

int ds_pack_function_allowed(const char *name) {
  return listed(allowed_functions, name);
}

int ds_pack_authorize(void *reads, int action, const char *a, const char *b, const char *db,
                      const char *view) {
  DS_UNUSED(db);
  ds_pack_reads *r = reads;
  switch (action) {
  case SQLITE_READ:
    if (r && a && strncmp(a, "docker_", 7) == 0 && !ds_runtime_agnostic_view(view)) r->engine = 1;
    return SQLITE_OK;
  case SQLITE_SELECT:
  case SQLITE_RECURSIVE:
    return SQLITE_OK;
  case SQLITE_FUNCTION:
    return ds_pack_function_allowed(b) ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_UPDATE:
    /* A virtual table declared on first use (sqlite3_declare_vtab) is seen
    ** as this; a check cannot write (one read-only SELECT, and the
    ** connection is SQLITE_DBCONFIG_DEFENSIVE). */
    return a && strcmp(a, "sqlite_master") == 0 ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_PRAGMA:
    /* a: the pragma; b: its argument, when set the pragma would write */
    return listed(allowed_pragmas, a) ? SQLITE_OK : SQLITE_DENY;
  default:
    return SQLITE_DENY;
  }
}
