/*
** policy.h - what SQL a check may run (src/cli/run/policy.c): the pack
** authorizer, an allow-list.
*/
#ifndef DS_CLI_POLICY_H
#define DS_CLI_POLICY_H

/* What the statement being prepared reads, noted by the authorizer: whether
** it reads an engine table (docker_*) itself, not through all_containers or
** its child views (ds_runtime_agnostic_view), which work without an engine. */
typedef struct ds_pack_reads {
  int engine;
} ds_pack_reads;

/* sqlite3_set_authorizer() callback for a pack's checks: SELECT, reading
** tables and columns, recursive CTEs, the read-only pragma functions and the
** functions on the allow-list (SQLite's core, date, JSON and math functions
** and dockersec's own, minus dockersec_config); everything else is denied.
** `reads`: a ds_pack_reads to note what is read, or NULL. */
int ds_pack_authorize(void *reads, int action, const char *a, const char *b, const char *db,
                      const char *view);

/* 1 when `name` is a function a check may call. */
int ds_pack_function_allowed(const char *name);

#endif
