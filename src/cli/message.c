/*
** message.c - the one way the CLI writes an error or warning on stderr.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "common/ds_sanitize.h"
#include "common/ds_util.h"

void ds_cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *text = ds_vmprintf(fmt, ap);
  va_end(ap);
  /* The text may quote an engine's answer, a container's name or a pack's
  ** title: escaped like every human-facing value, so it cannot drive the
  ** terminal or fake a line of its own. */
  char *shown = text ? ds_sanitize(text, 0) : NULL;
  fprintf(stderr, "%s\n", shown ? shown : "dockersec: out of memory");
  free(shown);
  free(text);
}
