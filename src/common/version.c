/*
** version.c - the one home of the version string.  build/gen/version.h is
** written by the Makefile from `git describe` and rewritten only when that
** text changes, so make rebuilds this file (and only this one) after a
** commit; everything that prints the version calls ds_version().
*/
#include "dockersec.h"
#include "version.h"

const char *ds_version(void) {
  return DOCKERSEC_VERSION;
}
