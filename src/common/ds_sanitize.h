/*
** ds_sanitize.h - the one output sanitiser (src/common/sanitize.c).
** Values in reports come from the audited host: container labels, env keys,
** mount paths and command lines can carry any byte, and must neither drive
** the operator's terminal nor a spreadsheet nor break a JSON reader.
**
**   ds_sanitize      for human-facing text (table, terminal, HTML, CSV,
**                    error messages): C0 controls, DEL and C1 controls
**                    become \xNN, the bidi overrides and isolates
**                    U+202A-202E, U+2066-2069 become \uNNNN, an invalid
**                    UTF-8 byte becomes \xNN, and a backslash becomes \\
**                    (so a value holding the text "\x1b" shows as
**                    "\\x1b", never like an escaped ESC); with
**                    DS_SAN_FLATTEN tab, CR and LF become a space (one-line
**                    cells) instead of \x09, \x0d, \x0a.  In every format
**                    alike, HTML and CSV included: one shown form per value,
**                    the same in the terminal, the page and the spreadsheet,
**                    and without the doubling an escape there would be as
**                    ambiguous as on the terminal.
**   ds_utf8_valid    for JSON-based output: each invalid UTF-8 sequence
**                    becomes U+FFFD (JSON escapes the controls itself).
**   ds_json_display  for JSON text shown to people as it is (the CSV
**                    report's evidence object, which must stay JSON): the
**                    characters ds_sanitize escapes become JSON's own \uNNNN
**                    escapes, each invalid UTF-8 byte \ufffd; a backslash
**                    stays as it is, being JSON's escape character.
**   ds_csv_formula   1 when a spreadsheet would read a cell as a formula
**                    (OWASP CSV injection: it starts with = + - @ tab or CR,
**                    and is not simply a number such as -1).
*/
#ifndef DS_SANITIZE_H
#define DS_SANITIZE_H

#include <stddef.h>

#define DS_SAN_FLATTEN    1
#define DS_SAN_KEEP_SPACE 2 /* tab, CR, LF kept as they are (quoted CSV cells) */

/* Malloc'd results; NULL only when out of memory (NULL in gives ""). */
char *ds_sanitize(const char *s, int flags);
char *ds_utf8_valid(const char *s);
char *ds_json_display(const char *json);
/* 1 when ds_sanitize / ds_utf8_valid would change `s`: callers skip the
** copy for the common clean value. */
int ds_sanitize_needed(const char *s, int flags);
int ds_utf8_needs_fix(const char *s);
int ds_csv_formula(const char *s);

/* A copy of the address `url` (DOCKER_HOST, a log receiver) fit to show:
** userinfo ("tcp://user:pw@host:2376") replaced by "***@". */
char *ds_mask_userinfo(const char *url);

#endif
