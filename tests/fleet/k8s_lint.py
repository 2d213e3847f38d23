#!/usr/bin/env python3
"""Checks the Kubernetes manifests in deploy/kubernetes/ for what a schema
cannot know: host directories mounted read-only under /host, the engine
socket read-only, DOCKERSEC_ROOT=/host, no privilege, the selector matching
the pod labels, every mount backed by a volume, the command running the
pack.  Prints "ok FILE" or one "error FILE: why" line per problem; exit 1
when any.

usage: k8s_lint.py FILE...
"""
import os
import sys

import yaml

HOST_DIRS = ("/proc", "/sys", "/etc", "/run")
ENGINE_SOCKET = "/var/run/docker.sock"
WRITABLE_HOST_PATHS = ("/var/lib/dockersec",)


def pod_spec(doc):
    kind = doc.get("kind")
    spec = doc.get("spec") or {}
    if kind == "DaemonSet":
        return (spec.get("template") or {}).get("spec")
    if kind == "CronJob":
        job = (spec.get("jobTemplate") or {}).get("spec") or {}
        return (job.get("template") or {}).get("spec")
    return None


def check_workload(doc, err):
    kind, name = doc["kind"], doc["metadata"]["name"]
    spec = pod_spec(doc)
    if not isinstance(spec, dict):
        return err(f"{kind} {name}: no pod template spec")
    if kind == "DaemonSet":
        sel = ((doc["spec"].get("selector") or {}).get("matchLabels")) or {}
        labels = ((doc["spec"]["template"].get("metadata") or {}).get("labels")) or {}
        if not sel or any(labels.get(k) != v for k, v in sel.items()):
            err(f"{kind} {name}: selector.matchLabels {sel} do not match the pod labels {labels}")
    if kind == "CronJob" and spec.get("restartPolicy") not in ("Never", "OnFailure"):
        err(f"{kind} {name}: a Job's restartPolicy must be Never or OnFailure")
    if spec.get("hostPID") or spec.get("hostNetwork") or spec.get("hostIPC"):
        err(f"{kind} {name}: no host namespace is needed (host /proc is mounted)")
    if spec.get("automountServiceAccountToken") is not False:
        err(f"{kind} {name}: automountServiceAccountToken must be false (no API access needed)")
    volumes = {v.get("name"): v for v in spec.get("volumes") or []}
    used = set()
    containers = spec.get("containers") or []
    if len(containers) != 1:
        err(f"{kind} {name}: expected one container, got {len(containers)}")
    for c in containers:
        cname = c.get("name")
        if not c.get("image"):
            err(f"{kind} {name}/{cname}: no image")
        sc = c.get("securityContext") or {}
        if sc.get("privileged") is not False:
            err(f"{kind} {name}/{cname}: securityContext.privileged must be false")
        if sc.get("allowPrivilegeEscalation") is not False:
            err(f"{kind} {name}/{cname}: allowPrivilegeEscalation must be false")
        if sc.get("readOnlyRootFilesystem") is not True:
            err(f"{kind} {name}/{cname}: readOnlyRootFilesystem must be true")
        caps = sc.get("capabilities") or {}
        if caps.get("drop") != ["ALL"]:
            err(f"{kind} {name}/{cname}: capabilities.drop must be [ALL]")
        extra = set(caps.get("add") or []) - {"SYS_PTRACE", "DAC_READ_SEARCH"}
        if extra:
            err(f"{kind} {name}/{cname}: capabilities beyond SYS_PTRACE/DAC_READ_SEARCH: {sorted(extra)}")
        env = {e.get("name"): e.get("value") for e in c.get("env") or []}
        if env.get("DOCKERSEC_ROOT") != "/host":
            err(f"{kind} {name}/{cname}: env DOCKERSEC_ROOT must be /host")
        command = " ".join((c.get("command") or []) + (c.get("args") or []))
        if "dockersec" not in command or " run " not in f" {command} ":
            err(f"{kind} {name}/{cname}: the command does not run `dockersec run`")
        mounted_host = {}
        for m in c.get("volumeMounts") or []:
            vname = m.get("name")
            used.add(vname)
            v = volumes.get(vname)
            if v is None:
                err(f"{kind} {name}/{cname}: volumeMount {vname} has no volume")
                continue
            hp = (v.get("hostPath") or {}).get("path")
            if hp is None:
                continue
            mounted_host[hp] = m
            if hp not in WRITABLE_HOST_PATHS and m.get("readOnly") is not True:
                err(f"{kind} {name}/{cname}: host path {hp} must be mounted readOnly: true")
            if hp in HOST_DIRS and m.get("mountPath") != "/host" + hp:
                err(f"{kind} {name}/{cname}: host {hp} must be mounted at /host{hp}")
        # The overlays for nodes with no Docker (deploy/kubernetes-containerd,
        # -cri-o) mount no socket (a hostPath of type Socket keeps the pod from
        # starting where there is none) and reach one, where it exists, through
        # the read-only /run mount: DOCKER_HOST=unix:///host/run/....
        via_host_run = (env.get("DOCKER_HOST") or "").startswith("unix:///host/run/")
        for hp in HOST_DIRS + (() if via_host_run else (ENGINE_SOCKET,)):
            if hp not in mounted_host:
                err(f"{kind} {name}/{cname}: host path {hp} is not mounted")
        sock = volumes.get((mounted_host.get(ENGINE_SOCKET) or {}).get("name"), {})
        if (ENGINE_SOCKET in mounted_host or not via_host_run) and (sock.get("hostPath") or {}).get(
                "type") != "Socket":
            err(f"{kind} {name}/{cname}: the engine socket volume must have type Socket")
    for vname in set(volumes) - used:
        err(f"{kind} {name}: volume {vname} is not mounted")


def main(paths):
    problems = 0
    namespaces, namespaced = set(), []
    for path in paths:
        errors = []

        def err(msg, path=path):
            errors.append(f"error {path}: {msg}")

        try:
            with open(path) as f:
                docs = [d for d in yaml.safe_load_all(f) if d is not None]
        except yaml.YAMLError as e:
            docs = []
            err(f"YAML: {e}")
        if os.path.basename(path) == "kustomization.yaml":
            for d in docs:
                for r in d.get("resources") or []:
                    if not os.path.exists(os.path.join(os.path.dirname(path), r)):
                        err(f"kustomization resource {r} does not exist")
        else:
            for d in docs:
                if not isinstance(d, dict) or not all(d.get(k) for k in ("apiVersion", "kind")):
                    err("a document without apiVersion/kind")
                    continue
                if not (d.get("metadata") or {}).get("name"):
                    err(f"{d['kind']} without metadata.name")
                    continue
                if d["kind"] == "Namespace":
                    namespaces.add(d["metadata"]["name"])
                else:
                    namespaced.append((path, d))
                if d["kind"] in ("DaemonSet", "CronJob"):
                    check_workload(d, err)
        for e in errors:
            print(e)
        print(f"ok {path}" if not errors else f"failed {path}")
        problems += len(errors)
    for path, d in namespaced:
        ns = d["metadata"].get("namespace")
        if ns not in namespaces:
            print(f"error {path}: {d['kind']} {d['metadata']['name']} is in namespace {ns!r}, "
                  f"which no manifest defines")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
