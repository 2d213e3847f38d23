#!/usr/bin/env python3
"""hostile_fixture.py SRC DST - copies the synthetic engine fixtures to DST
with hostile values a container owner controls: control bytes, bidi
overrides and invalid UTF-8 in label keys, env keys, mount paths and the
command line of container a1, and a listed container whose Id is
"../../version" (ids must be URL-escaped)."""
import json
import os
import shutil
import sys

src, dst = sys.argv[1], sys.argv[2]
shutil.copytree(src, dst)
A1 = "a1" * 32
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b[31mALL CHECKS PASSED\u202e"
inspect_path = os.path.join(dst, "_containers_%s_json.json" % A1)
with open(inspect_path) as f:
    d = json.load(f)
d["Config"]["Labels"]["evil" + HOSTILE] = "=cmd|' /C calc'!A0"
d["Config"]["Env"].append("EVIL" + HOSTILE + "=1")
d["Path"] = "sh" + HOSTILE
d["Config"]["Cmd"] = ["sh" + HOSTILE]
d["Mounts"] = [{"Type": "bind", "Source": "/tmp/m" + HOSTILE, "Destination": "/mnt" + HOSTILE,
                "Mode": "", "RW": True, "Propagation": "rprivate"}]
# invalid UTF-8 cannot be written by json.dump: placed as a marker, replaced below
d["Config"]["Labels"]["badutf8"] = "aXQXFFXQXb"
with open(inspect_path, "wb") as f:
    f.write(json.dumps(d).encode().replace(b"XQXFFXQX", b"\xff"))
list_path = os.path.join(dst, "_containers_json_all_1.json")
with open(list_path) as f:
    lst = json.load(f)
for c in lst:
    if c["Id"] == A1:
        c["Labels"] = d["Config"]["Labels"]
        c["Command"] = "sh" + HOSTILE
        c["Mounts"] = d["Mounts"]
evil = dict(lst[0])
evil["Id"] = "../../version"
evil["Names"] = ["/evil-id"]
lst.append(evil)
with open(list_path, "wb") as f:
    f.write(json.dumps(lst).encode().replace(b"XQXFFXQX", b"\xff"))
