/*
** report_html.h - the pieces of `--format html` shared by its two files:
** report_html.c (the page: summary, chart, controls) and
** report_html_finding.c (escaping, one finding, the blocks per container).
** Every text that reaches the page goes through ds_html_esc.
*/
#ifndef DS_CLI_REPORT_HTML_H
#define DS_CLI_REPORT_HTML_H

#include <stdio.h>

#include "cli/report/report.h"

/* `text` as HTML text or attribute value: controls and bidi overrides shown
** escaped (common/ds_sanitize.h), then & < > " ' as entities. */
void ds_html_esc(FILE *out, const char *text);

/* Finding `row` of `cr` as an expandable <details> with its evidence table.
** Its summary names the container (in a check's entry) or, `in_container`
** (in a container's block), the check: severity, id linking to the check's
** entry, title.  Waived findings carry data-waived="1". */
void ds_html_finding(const ds_report *r, const ds_check_result *cr, size_t row, int in_container,
                     FILE *out);

/* --group-by container: one block per container, grouped as the table does
** (ds_report_containers), each with its open findings most severe first. */
void ds_html_by_container(const ds_report *r, FILE *out);

#endif
