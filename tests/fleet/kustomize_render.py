#!/usr/bin/env python3
"""Renders a kustomization directory the way `kubectl kustomize` does for the
subset deploy/ uses, so the overlays' output can be linted without kubectl
(no Debian package ships kubectl or kustomize): `resources` (files, or
directories holding a kustomization.yaml, recursively) and `patches` with a
`path` and a `target.kind`, applied as strategic merge patches - maps merged
key by key, lists of maps merged by their merge key (containers, env,
volumes by `name`; volumeMounts by `mountPath`), `$patch: delete` removing
the matched item; and `images` (newName/newTag of the containers whose image
is `name`, with or without a tag).  Any other kustomize feature is an error, not ignored.

    kustomize_render.py DIR OUTDIR   writes OUTDIR/<kind>-<name>.yaml
"""
import os
import sys

import yaml

from k8s_lint import pod_spec  # the one reading of a workload's pod spec

MERGE_KEYS = {"volumeMounts": "mountPath"}
KNOWN = {"apiVersion", "kind", "resources", "patches", "images"}


def merge_list(base, patch, field):
    key = MERGE_KEYS.get(field, "name")
    out = [dict(b) if isinstance(b, dict) else b for b in base]
    for p in patch:
        if not isinstance(p, dict) or key not in p:
            raise ValueError(f"{field}: list item without merge key {key!r}: {p!r}")
        idx = next((i for i, b in enumerate(out) if isinstance(b, dict) and b.get(key) == p[key]), None)
        if p.get("$patch") == "delete":
            if idx is None:
                raise ValueError(f"{field}: $patch delete of {p[key]!r}, which is not there")
            del out[idx]
        elif idx is None:
            out.append(p)
        else:
            out[idx] = merge(out[idx], p)
    return out


def merge(base, patch, field=""):
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            out[k] = merge(base[k], v, k) if k in base else v
        return out
    if isinstance(base, list) and isinstance(patch, list) and all(isinstance(p, dict) for p in patch):
        return merge_list(base, patch, field)
    return patch


def render(directory):
    path = os.path.join(directory, "kustomization.yaml")
    with open(path) as f:
        k = yaml.safe_load(f)
    unknown = set(k) - KNOWN
    if unknown:
        raise ValueError(f"{path}: unsupported kustomize fields {sorted(unknown)}")
    docs = []
    for r in k.get("resources", []):
        rp = os.path.join(directory, r)
        if os.path.isdir(rp):
            docs.extend(render(rp))
        else:
            with open(rp) as f:
                docs.extend(d for d in yaml.safe_load_all(f) if d)
    for p in k.get("patches", []):
        with open(os.path.join(directory, p["path"])) as f:
            patch = yaml.safe_load(f)
        kind = p.get("target", {}).get("kind")
        hits = [i for i, d in enumerate(docs) if d.get("kind") == kind]
        if not hits:
            raise ValueError(f"{path}: patch {p['path']} targets kind {kind}, which is not there")
        for i in hits:
            docs[i] = merge(docs[i], patch)
    for img in k.get("images", []):
        for d in docs:
            set_image(d, img)
    return docs


def containers_of(doc):
    spec = pod_spec(doc) or {}
    return spec.get("containers", []) + spec.get("initContainers", [])


def set_image(doc, img):
    for c in containers_of(doc):
        ref = c.get("image", "")
        name, _, tag = ref.partition(":") if "@" not in ref else (ref, "", "")
        if name != img["name"]:
            continue
        name = img.get("newName", name)
        tag = img.get("newTag", tag)
        c["image"] = f"{name}:{tag}" if tag else name


def main(directory, outdir):
    for d in render(directory):
        name = f"{d['kind'].lower()}-{d['metadata']['name']}.yaml"
        with open(os.path.join(outdir, name), "w") as f:
            yaml.safe_dump(d, f, sort_keys=False)
        print(os.path.join(outdir, name))


if __name__ == "__main__":
    try:
        main(sys.argv[1], sys.argv[2])
    except (ValueError, KeyError, OSError) as e:
        print(f"kustomize_render: {e}", file=sys.stderr)
        sys.exit(1)
