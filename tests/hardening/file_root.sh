# Sourced by tests/hardening/run.sh: the file table under a container's root
# (/proc/<pid>/root/...) resolves the container's symlinks inside that root,
# never out to the host's files.  A fixture root prefix stands in for the host.
fr="$tmp/fileroot"
mkdir -p "$fr/etc" "$fr/proc/4242/root/etc"
printf 'host secret, 27 bytes long\n' >"$fr/etc/secret"
printf 'ctr\n' >"$fr/proc/4242/root/etc/secret"
ln -s /etc/secret "$fr/proc/4242/root/etc/shadow"
ln -s ../../../../../etc/secret "$fr/proc/4242/root/etc/climb"
ln -s /etc/nothing-here "$fr/proc/4242/root/etc/dangling"
fq() { DOCKERSEC_ROOT=$fr timeout 30 "$DS" query --format csv "$1" 2>&1 | tail -n +2 | tr -d '\r"'; }
assert_eq file-root-absolute-link-stays-inside 4 "$(fq "SELECT size FROM file WHERE path = '/proc/4242/root/etc/shadow'")"
assert_eq file-root-dotdot-link-stays-inside 4 "$(fq "SELECT size FROM file WHERE path = '/proc/4242/root/etc/climb'")"
assert_eq file-root-dangling-is-symlink symlink "$(fq "SELECT type FROM file WHERE path = '/proc/4242/root/etc/dangling'")"
assert_eq file-root-directory-confined "4,4" \
  "$(fq "SELECT group_concat(size) FROM (SELECT size FROM file WHERE directory = '/proc/4242/root/etc' AND filename IN ('shadow', 'climb'))")"
assert_eq file-host-path-unchanged 27 "$(fq "SELECT size FROM file WHERE path = '/etc/secret'")"
