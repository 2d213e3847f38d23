#!/usr/bin/env python3
"""make_seeds.py - (re)writes the seed corpora in tests/fuzz/corpus/<target>/
from the engine fixtures and the table list.  Run from the repository root
after adding fixtures or tables; review and commit the result.

  fuzz_docker_api: a flags byte, then NUL-separated bodies in the endpoint
                   order of fuzz_docker_api.c, from each fixture scenario
  fuzz_json:       every fixture JSON file
  fuzz_pack:       the pack files and example queries
  fuzz_host:       one text per host parser (selector, options byte, text)
  fuzz_sql:        SELECTs over every table (from `build/dockersec tables`)
                   plus joins, IN lists and json_each over JSON columns
"""
import glob
import hashlib
import json
import os
import re
import subprocess

ENDPOINTS = ["/version", "/containers/json?all=1", "/containers/*/json", "/images/json",
             "/images/*/json", "/images/*/history", "/info", "/networks", "/volumes",
             "/containers/*/top*", "/system/df", "/plugins", "/containers/*/changes",
             "/exec/*/json", "/_ping", "/networks/*"]


def mangle(path):
    return re.sub(r"[^A-Za-z0-9._-]", "_", path) + ".json"


def write(target, name, data):
    d = os.path.join("tests/fuzz/corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def body_for(scenario, endpoint):
    """The fixture answering `endpoint` (a '*' takes the first match)."""
    if "*" in endpoint:
        parts = [re.escape(re.sub(r"[^A-Za-z0-9._-]", "_", p)) for p in endpoint.split("*")]
        rx = re.compile("^" + "[^.]+".join(parts) + r"\.json$")
        files = sorted(f for f in glob.glob(os.path.join(scenario, "*.json"))
                       if rx.match(os.path.basename(f)))
    else:
        files = [os.path.join(scenario, mangle(endpoint))]
    for f in files:
        if os.path.isfile(f):
            with open(f, "rb") as fh:
                return fh.read()
    return b""


def main():
    for scenario in sorted(glob.glob("tests/fixtures/engine/*/")):
        name = os.path.basename(scenario.rstrip("/"))
        bodies = [body_for(scenario, e) for e in ENDPOINTS]
        while bodies and not bodies[-1]:
            bodies.pop()
        for flags in (0, 1, 4):
            write("fuzz_docker_api", "%s-%d" % (name, flags), bytes([flags]) + b"\0".join(bodies))
        for f in sorted(glob.glob(os.path.join(scenario, "*.json"))):
            with open(f, "rb") as fh:
                data = fh.read()
            write("fuzz_json", hashlib.sha1(data).hexdigest()[:16], data)

    write_dicts()
    host_seeds()
    for f in sorted(glob.glob("packs/*/*.sql")) + sorted(glob.glob("queries/*.sql")):
        with open(f, "rb") as fh:
            write("fuzz_pack", os.path.basename(f)[:-4], fh.read())
    tables = subprocess.run(["build/dockersec", "tables"], capture_output=True, text=True,
                            check=True).stdout.split()
    for t in tables:
        schema = subprocess.run(["build/dockersec", "schema", t], capture_output=True,
                                text=True, check=True).stdout.splitlines()[1:]
        required = [line.split()[0] for line in schema if " required " in line]
        where = " AND ".join("%s IN ('a1a1a1a1', '4242')" % c for c in required)
        write("fuzz_sql", "all-" + t, "SELECT * FROM %s%s;" % (t, " WHERE " + where if where else ""))
    extra_host = {
        "container-procs": "SELECT p.pid, p.name, c.name FROM processes p LEFT JOIN docker_containers c "
                           "ON c.id = p.container_id ORDER BY 1;",
        "caps": "SELECT pid, cap_set, group_concat(capability) FROM process_capabilities "
                "WHERE pid IN (1, 4242) GROUP BY 1, 2;",
        "limits": "SELECT * FROM cgroup_limits WHERE container_id = '%s';" % ("a1" * 32),
    }
    for k, v in extra_host.items():
        write("fuzz_sql", k, v)
    extra = {
        "by-id": "SELECT name, user FROM docker_containers WHERE id = 'a1a1';",
        "in-list": "SELECT id FROM docker_containers WHERE id IN ('a1', 'b2b2', 'c3') ORDER BY 1;",
        "by-name": "SELECT id FROM docker_containers WHERE name IN ('/web', 'db');",
        "json-each": "SELECT c.name, j.value FROM docker_containers c, json_each(c.cap_add) j;",
        "join": "SELECT c.name, v.version FROM docker_containers c JOIN docker_version v "
                "WHERE c.privileged = 1;",
        "correlated": "SELECT name FROM docker_containers c WHERE id IN "
                      "(SELECT id FROM docker_containers WHERE user = '' AND id = c.id);",
        "aggregate": "SELECT state, count(*), group_concat(env_variables) FROM docker_containers "
                     "GROUP BY state;",
        "labels": "SELECT name, json_extract(labels, '$.\"com.example.team\"') FROM "
                  "docker_containers WHERE labels LIKE '%team%';",
    }
    for k, v in extra.items():
        write("fuzz_sql", k, v)


# fuzz_host: selector byte (the P_* order of fuzz_host.c), options byte, text.
HOST_PARSERS = ["status", "stat", "cmdline", "id_map", "proc_cgroup", "cgroup_path",
                "cgroup_limit", "mountinfo", "mounts", "net_inet", "net_unix", "audit",
                "dockerd_cmdline", "daemon_json", "passwd", "subid", "os_release",
                "docker_strings"]
CID = "a1" * 32


def proc_text(path, fallback=b""):
    try:
        with open(path, "rb") as f:
            return f.read()[:8192]
    except OSError:
        return fallback


def host_seeds():
    seeds = {
        "status": [proc_text("/proc/self/status"),
                   b"Name:\tkthreadd\nState:\tS (sleeping)\nTgid:\t2\nPPid:\t0\n"
                   b"CapEff:\t000001ffffffffff\nNoNewPrivs:\t0\nSeccomp:\t0\n"],
        "stat": [proc_text("/proc/self/stat"),
                 b"42 (a) b) c) S 1 42 42 0 -1 4194560 1 0 0 0 3 4 0 0 20 0 1 0 99 1000 10\n"],
        "cmdline": [b"/usr/bin/dockerd\0-H\0fd://\0--containerd=/run/containerd.sock\0"],
        "id_map": [b"         0          0 4294967295\n", b"0 100000 65536\n1 2\n"],
        "proc_cgroup": [("12:memory:/docker/%s\n11:cpu,cpuacct:/docker/%s\n"
                         "1:name=systemd:/system.slice/docker-%s.scope\n0::/\n"
                         % (CID, CID, CID)).encode(),
                        ("0::/machine.slice/libpod-%s.scope/container\n" % CID).encode()],
        "cgroup_path": [("/docker/%s\n/system.slice/docker-%s.scope\n"
                         "/libpod_parent/libpod-%s\n/kubepods/besteffort/pod1/"
                         "cri-containerd-%s.scope\n/user.slice\n" % (CID, CID, CID, CID)).encode()],
        "cgroup_limit": [b"max\n", b"9223372036854771712\n", b"-1\n", b"50000 100000\n",
                         b"0-3,8\n", b"default 100\n8:0 200\n", b"anon 123\nfile 456\n"],
        "mountinfo": [proc_text("/proc/self/mountinfo"),
                      b"36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 shared:2 - ext3 "
                      b"/dev/root rw,errors=continue\n"],
        "mounts": [proc_text("/proc/mounts")],
        "net_inet": [proc_text("/proc/net/tcp"), proc_text("/proc/net/tcp6")],
        "net_unix": [proc_text("/proc/net/unix")],
        "audit": [b"-D\n-b 8192\n-w /usr/bin/dockerd -p rwxa -k docker\n"
                  b"-a always,exit -F path=/usr/bin/containerd -F perm=x -k docker\n"
                  b"-a always,exit -F arch=b64 -S mount,umount2 -k mounts\n# c\n-e 2\n"],
        "dockerd_cmdline": [b"/usr/bin/dockerd\0-H\0unix:///var/run/docker.sock\0"
                            b"--insecure-registry\0r:5000\0--log-opt\0splunk-token=abc\0"
                            b"--icc=false\0--userns-remap=default\0"],
        "daemon_json": [b'{"icc": false, "log-driver": "splunk", "log-opts": {"splunk-token":'
                        b' "s3cr3t"}, "hosts": ["unix:///var/run/docker.sock"], '
                        b'"live-restore": true, "default-ulimits": {"nofile": {"Hard": 64}}}'],
        "passwd": [b"root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n"
                   b"docker:x:999:app,root\n"],
        "subid": [b"dockremap:100000:65536\n1000:165536:65536\n# comment\n"],
        "os_release": [b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
                       b"VERSION_ID='12'\nX=\"a\\\"b\\$c\"\n"],
        "docker_strings": [b"DB_PASSWORD=hunter2\nPATH=/bin\n"
                           b"|2 API_TOKEN=x /bin/sh -c echo --password=y https://u:p@h/\n"
                           b"ENV SECRET_KEY value\n2024-05-01T12:34:56.123456789+02:00\n"
                           b"0001-01-01T00:00:00Z\n1-02:03:04\nnet_raw\nCAP_SYS_ADMIN\n"
                           b"socket:[12345]\n"],
    }
    for i, name in enumerate(HOST_PARSERS):
        for k, text in enumerate(seeds[name]):
            if text:
                write("fuzz_host", "%s-%d" % (name, k), bytes([i, k]) + text)


def collect_keys(o, keys):
    if isinstance(o, dict):
        for k, v in o.items():
            keys.add(k)
            collect_keys(v, keys)
    elif isinstance(o, list):
        for v in o:
            collect_keys(v, keys)


def dict_line(token):
    return '"%s"\n' % token.replace("\\", "\\\\").replace('"', '\\"')


def write_dicts():
    """libFuzzer dictionaries: the JSON keys of the fixtures (as "\"Key\":"),
    and the table and column names plus SQL words for fuzz_sql."""
    keys = set()
    for f in glob.glob("tests/fixtures/engine/*/*.json"):
        with open(f) as fh:
            collect_keys(json.load(fh), keys)
    tokens = sorted('"%s":' % k for k in keys) + ["null", "true", "false", "[]", "{}", "1e309",
                                                  "NaN", "-1", "\\u0000", "sha256:"]
    for t in ("fuzz_docker_api", "fuzz_json"):
        with open("tests/fuzz/%s.dict" % t, "w") as fh:
            fh.write("# generated by tests/fuzz/make_seeds.py\n")
            fh.writelines(dict_line(k) for k in tokens)
    words = set()
    for t in subprocess.run(["build/dockersec", "tables"], capture_output=True, text=True,
                            check=True).stdout.split():
        words.add(t)
        schema = subprocess.run(["build/dockersec", "schema", t], capture_output=True,
                                text=True, check=True).stdout.splitlines()[1:]
        words.update(line.split()[0] for line in schema if line.strip())
    words.update(["SELECT", "FROM", "WHERE", "IN", "JOIN", "LEFT JOIN", "ON", "AND", "OR", "NOT",
                  "IS NULL", "LIKE", "GLOB", "ORDER BY", "GROUP BY", "HAVING", "LIMIT", "OFFSET",
                  "UNION ALL", "WITH RECURSIVE", "json_each(", "json_extract(", "count(*)", "=",
                  "(SELECT", "DISTINCT", "CASE WHEN", "'a1a1'", "'/web'"])
    with open("tests/fuzz/fuzz_sql.dict", "w") as fh:
        fh.write("# generated by tests/fuzz/make_seeds.py\n")
        fh.writelines(dict_line(w) for w in sorted(words))


if __name__ == "__main__":
    main()
