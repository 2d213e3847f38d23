/*
** ds_functions.h - osquery's additional SQL functions and collations,
** registered on every connection by ds_register() (src/sql/ext.c), so they
** work in the sqlite3 shell after `.load` as well as in the CLI.
**
**   functions_string.c   split, regex_split, regex_match, concat, concat_ws
**   functions_version.c  version_compare; COLLATE VERSION, VERSION_ARCH,
**                        VERSION_DPKG, VERSION_RHEL
**   functions_net.c      inet_aton, in_cidr_block, community_id_v1(_strict)
**   functions_hash.c     md5, sha1, sha256, to_base64, from_base64,
**                        conditional_to_base64
**
** Semantics follow osquery 5.x (osquery/sql/sqlite_*.cpp as documented in
** docs/wiki/introduction/sql.md and pinned by its tests), quirks included;
** docs/functions.md lists each function and where we differ.
*/
#ifndef DS_FUNCTIONS_H
#define DS_FUNCTIONS_H

#include "dockersec.h"

int ds_register_functions(sqlite3 *db);

int ds_register_string_functions(sqlite3 *db);
int ds_register_version_functions(sqlite3 *db);
int ds_register_net_functions(sqlite3 *db);
int ds_register_hash_functions(sqlite3 *db);
int ds_register_secret_functions(sqlite3 *db); /* functions_secret.c: secret_name, secret_text */

/* The osquery version ordering (sqlite_version.cpp): `epoch`, `delim_prec`,
** `comp_remaining`, `remainder_prec` select the flavour (all 0: VERSION). */
int ds_version_compare(const char *l, int ln, const char *r, int rn, int epoch, int delim_prec,
                       int comp_remaining, int remainder_prec);

/* Standard base64 with '=' padding (malloc'd, NUL-terminated). */
char *ds_base64_encode(const unsigned char *in, size_t n, size_t *outlen);

#endif
