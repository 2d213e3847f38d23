/* Unit tests of the audit rule line parser. */
#include <string.h>

#include "check.h"
#include "host/ds_auditrules.h"

static int parse(const char *l, ds_audit_rule *r) {
  return ds_parse_audit_rule(l, strlen(l), r);
}

int main(void) {
  ds_audit_rule r;
  CHECK_INT("watch parses", 1, parse("-w /usr/bin/dockerd -p rwxa -k docker\n", &r));
  CHECK_STR("watch type", "watch", ds_audit_type_names[r.type]);
  CHECK_STR("watch path", "/usr/bin/dockerd", r.path);
  CHECK_STR("watch perms", "rwxa", r.permissions);
  CHECK_STR("watch key", "docker", r.key);
  CHECK_INT("watch without -p", 1, parse("-w /etc/docker -k docker", &r));
  CHECK_STR("watch default perms", "rwxa", r.permissions);
  CHECK_INT("watch without key", 1, parse("  -w /run/containerd -p wa", &r));
  CHECK_STR("watch empty key", "", r.key);
  CHECK_STR("watch perms wa", "wa", r.permissions);
  CHECK_INT("syscall rule", 1,
            parse("-a always,exit -F arch=b64 -F path=/usr/bin/containerd -F perm=x "
                  "-F auid>=1000 -F auid!=4294967295 -k docker",
                  &r));
  CHECK_STR("syscall type", "syscall", ds_audit_type_names[r.type]);
  CHECK_STR("syscall action", "always,exit", r.action);
  CHECK_STR("syscall path from -F path=", "/usr/bin/containerd", r.path);
  CHECK_STR("syscall perm from -F perm=", "x", r.permissions);
  CHECK_STR("syscall key", "docker", r.key);
  CHECK_INT("syscall list", 1, parse("-a exit,always -S execve -S execveat -F key=exec", &r));
  CHECK_STR("syscall names joined", "execve,execveat", r.syscalls);
  CHECK_STR("syscall key from -F key=", "exec", r.key);
  CHECK_STR("syscall without path", "", r.path);
  CHECK_INT("dir field", 1, parse("-a always,exit -F dir=/etc/docker/ -F perm=wa", &r));
  CHECK_STR("dir path", "/etc/docker/", r.path);
  CHECK_INT("delete all", 1, parse("-D", &r));
  CHECK_STR("control type", "control", ds_audit_type_names[r.type]);
  CHECK_INT("buffer", 1, parse("-b 8192", &r));
  CHECK_INT("enable immutable", 1, parse("-e 2", &r));
  CHECK_INT("unwatch", 1, parse("-W /tmp/x", &r));
  CHECK_STR("unwatch type", "unwatch", ds_audit_type_names[r.type]);
  CHECK_INT("comment", 0, parse("# -w /usr/bin/dockerd -k docker", &r));
  CHECK_INT("blank", 0, parse("   \n", &r));
  CHECK_INT("trailing comment", 1, parse("-w /etc/docker -k d # why", &r));
  CHECK_STR("trailing comment key", "d", r.key);
  CHECK_INT("missing path", -1, parse("-w", &r));
  CHECK_INT("bad perms", -1, parse("-w /x -p rwz", &r));
  CHECK_INT("unknown option", -1, parse("-Q foo", &r));
  CHECK_INT("missing -k arg", -1, parse("-w /x -k", &r));
  CHECK_DONE();
}
