/*
** ds_auditrules.h - one line of an audit rules file (/etc/audit/audit.rules,
** /etc/audit/rules.d/NAME.rules), in auditctl's syntax:
**   -w /usr/bin/dockerd -p rwxa -k docker
**   -a always,exit -F path=/usr/bin/containerd -F perm=x -k docker
**   -D / -b 8192 / -e 2 / -f 1
** Pure: a buffer in, a struct out.
*/
#ifndef DS_AUDITRULES_H
#define DS_AUDITRULES_H

#include <stddef.h>

typedef enum {
  DS_AUDIT_WATCH,   /* -w path                                   */
  DS_AUDIT_UNWATCH, /* -W path                                   */
  DS_AUDIT_SYSCALL, /* -a/-A list,action with -S/-F              */
  DS_AUDIT_DELETE,  /* -d list,action: removes a syscall rule     */
  DS_AUDIT_CONTROL, /* -D, -b, -e, -f, -r, --backlog_wait_time … */
} ds_audit_type;

extern const char *const ds_audit_type_names[]; /* "watch", "unwatch", "syscall", … */

typedef struct ds_audit_rule {
  ds_audit_type type;
  char path[1024];     /* -w/-W path, or -F path= / -F dir=; "" if none          */
  char permissions[8]; /* -p or -F perm= ("rwxa" subset); watches default "rwxa" */
  char key[256];       /* -k or -F key=; "" if none                              */
  char action[64];     /* -a/-A/-d "always,exit"; "" otherwise                   */
  char syscalls[256];  /* -S values joined with ','                              */
} ds_audit_rule;

/* Returns 1 and fills `out` for a rule, 0 for a blank or comment line, -1
** for a line auditctl would reject (unknown option, missing argument). */
int ds_parse_audit_rule(const char *line, size_t len, ds_audit_rule *out);

#endif
