#!/usr/bin/env python3
"""Turns the pod template of a DaemonSet or CronJob manifest into the
equivalent `docker run` arguments (NUL-separated, for xargs -0), so the test
runs the manifest's container - its command, env, host mounts, security
context and limits - on the local engine the way a kubelet would.

usage: pod_to_docker.py MANIFEST --image IMAGE [--host-dir HOSTPATH=LOCALDIR]...
                        [--set-env NAME=VALUE]... [-- COMMAND ARGS...]
"""
import argparse
import sys

import yaml


def pod_spec(doc):
    spec = doc["spec"]
    if doc["kind"] == "DaemonSet":
        return spec["template"]["spec"]
    return spec["jobTemplate"]["spec"]["template"]["spec"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("--host-dir", action="append", default=[])
    ap.add_argument("--set-env", action="append", default=[])
    ap.add_argument("--image", required=True)
    ap.add_argument("--ignore-limits", action="store_true",
                    help="no memory/CPU limits (sanitizer builds need far more memory)")
    argv = sys.argv[1:]
    # Everything after "--" replaces the container's command and args.
    override = argv[argv.index("--") + 1:] if "--" in argv else []
    args = ap.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    args.command = override
    remap = dict(h.split("=", 1) for h in args.host_dir)
    docs = [d for d in yaml.safe_load_all(open(args.manifest)) if d]
    doc = next(d for d in docs if d.get("kind") in ("DaemonSet", "CronJob"))
    spec = pod_spec(doc)
    c = spec["containers"][0]
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    out = []
    for m in c.get("volumeMounts", []):
        v = volumes[m["name"]]
        if "hostPath" in v:
            src = remap.get(v["hostPath"]["path"], v["hostPath"]["path"])
            out += ["-v", f"{src}:{m['mountPath']}" + (":ro" if m.get("readOnly") else "")]
        elif "emptyDir" in v:
            out += ["--tmpfs", m["mountPath"]]
    overrides = dict(e.split("=", 1) for e in args.set_env)
    for e in c.get("env", []):
        if e["name"] in overrides:
            continue
        if "value" in e:
            out += ["-e", f"{e['name']}={e['value']}"]
        else:
            sys.exit(f"env {e['name']}: only plain values are supported here")
    for k, v in overrides.items():
        out += ["-e", f"{k}={v}"]
    sc = c.get("securityContext", {})
    if "runAsUser" in sc:
        out += ["-u", str(sc["runAsUser"])]
    if sc.get("readOnlyRootFilesystem"):
        out += ["--read-only"]
    if sc.get("allowPrivilegeEscalation") is False:
        out += ["--security-opt", "no-new-privileges"]
    if sc.get("privileged"):
        out += ["--privileged"]
    for cap in sc.get("capabilities", {}).get("drop", []):
        out += ["--cap-drop", cap]
    for cap in sc.get("capabilities", {}).get("add", []):
        out += ["--cap-add", cap]
    limits = {} if args.ignore_limits else c.get("resources", {}).get("limits", {})
    if "memory" in limits:
        mem = limits["memory"]
        out += ["--memory", mem[:-2] + mem[-2].lower() if mem.endswith("i") else mem]
    if "cpu" in limits:
        cpu = str(limits["cpu"])
        out += ["--cpus", str(int(cpu[:-1]) / 1000) if cpu.endswith("m") else cpu]
    command = args.command or (c.get("command", []) + c.get("args", []))
    if command:
        out += ["--entrypoint", command[0]]
    out += [args.image] + command[1:]
    sys.stdout.write("\0".join(out))


if __name__ == "__main__":
    main()
