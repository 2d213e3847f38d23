/*
** report_jsonl.c - `--format jsonl`: one JSON object per line, for log
** pipelines: every finding with its check's fields merged in
** (ds_finding_json), plus one line with "status":"error" for each check that
** could not run, so a broken check is never mistaken for a clean one, and
** one with "status":"skipped" and its "reason" for each check not run.
** Passed checks produce no line.
*/
#include "cli/report/report.h"

int ds_report_write_jsonl(const ds_report *r, FILE *out) {
  for (size_t i = 0; i < r->nresults; i++) {
    const ds_check_result *cr = &r->results[i];
    size_t lines = cr->status == DS_STATUS_FAIL ? cr->findings.nrows
                   : cr->status == DS_STATUS_ERROR || cr->status == DS_STATUS_SKIPPED ? 1
                                                                                      : 0;
    for (size_t row = 0; row < lines; row++) {
      json_object *o = ds_finding_json(r, cr, row);
      int rc = ds_json_write(o, 0, out);
      json_object_put(o);
      if (rc != 0) return -1;
    }
  }
  return 0;
}
