"""Writes simulator/controllers/go_types_v1_23.json: the Go struct layout of a PodTemplateSpec.

The Deployment controller names a ReplicaSet by hashing spew's `%#v` print of the pod template
(controller.ComputeHash), and that print lists every field of every struct in declaration
order with its Go type. This reads the layout from the Go sources at the tags the course's
cluster runs (k8s.io/api and k8s.io/apimachinery v0.23.7) so nothing is typed by hand:

    .venv/bin/python tools/go_types_schema.py /path/to/kubernetes/api /path/to/kubernetes/apimachinery

(each a git clone holding the tag v0.23.7).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

TAG = "v0.23.7"
# (repository, file, Go package name, the import name other files use for it)
SOURCES = [
    ("api", "core/v1/types.go", "core", "v1"),
    ("apimachinery", "pkg/apis/meta/v1/types.go", "metav1", "v1"),
    ("apimachinery", "pkg/apis/meta/v1/time.go", "metav1", "v1"),
    ("apimachinery", "pkg/util/intstr/intstr.go", "intstr", "intstr"),
    ("apimachinery", "pkg/api/resource/quantity.go", "resource", "resource"),
    ("apimachinery", "pkg/api/resource/amount.go", "resource", "resource"),
    ("apimachinery", "pkg/types/uid.go", "types", "types"),
]
IMPORTS = {"metav1": "metav1", "resource": "resource", "intstr": "intstr", "types": "types", "time": "time",
           "inf": "inf"}
BUILTIN = {"string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
           "uint64", "float32", "float64", "byte", "uintptr", "interface", "error"}
STRUCT_START = re.compile(r"^type (\w+) struct \{\s*$")
NAMED = re.compile(r"^type (\w+) ([\w.\[\]*]+)\s*(//.*)?$")
FIELD = re.compile(r"^\s*(\w+)\s+([\w.\[\]*{}]+)\s*(`[^`]*`)?\s*(//.*)?$")
EMBEDDED = re.compile(r"^\s*(\*?[\w.]+)\s*(`[^`]*`)?\s*(//.*)?$")
JSON_NAME = re.compile(r'json:"([^",]*)')


def qualify(expr: str, package: str) -> str:
    """`[]*metav1.Time` in package core -> `[]*metav1.Time`; `PodSpec` -> `core.PodSpec`."""
    def one(match: re.Match) -> str:
        name = match.group(0)
        if "." in name:
            prefix, rest = name.split(".", 1)
            return f"{IMPORTS.get(prefix, prefix)}.{rest}"
        if name == "byte":
            return "uint8"  # reflect prints byte as uint8
        return name if name in BUILTIN or name == "map" else f"{package}.{name}"
    return re.sub(r"[\w.]+", one, expr)


def parse(text: str, package: str, types: dict) -> None:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # block comments, as inside NodeStatus
    lines = iter(text.splitlines())
    for line in lines:
        if (start := STRUCT_START.match(line)):
            fields = []
            for inner in lines:
                stripped = inner.strip()
                if stripped == "}":
                    break
                if not stripped or stripped.startswith("//"):
                    continue
                if (field := FIELD.match(inner)):
                    name, expr, tag = field.group(1), field.group(2), field.group(3) or ""
                elif (embedded := EMBEDDED.match(inner)):
                    expr, tag = embedded.group(1), embedded.group(2) or ""
                    name = expr.lstrip("*").split(".")[-1]
                else:
                    raise ValueError(f"cannot read field {inner!r}")
                json_name = JSON_NAME.search(tag)
                fields.append((name, qualify(expr, package), json_name.group(1) if json_name else None))
            types[f"{package}.{start.group(1)}"] = ("struct", fields)
        elif (named := NAMED.match(line)) and named.group(2) not in ("struct", "interface"):
            types[f"{package}.{named.group(1)}"] = ("named", qualify(named.group(2), package))


def reachable(types: dict, root: str) -> dict:
    """The types a `root` value can print: the rest of the API stays out of the generated file."""
    seen, todo = {}, [root]
    while todo:
        name = todo.pop()
        if name in seen or name not in types:
            continue
        seen[name] = types[name]
        kind, body = types[name]
        exprs = [expr for _, expr, _ in body] if kind == "struct" else [body] if kind == "named" else []
        todo.extend(word for expr in exprs for word in re.findall(r"[\w]+\.[\w]+", expr))
    return dict(sorted(seen.items()))


def main(api: str, apimachinery: str) -> None:
    clones = {"api": api, "apimachinery": apimachinery}
    types: dict = {}
    for repository, path, package, _ in SOURCES:
        text = subprocess.run(["git", "-C", clones[repository], "show", f"{TAG}:{path}"], check=True,
                              capture_output=True, text=True).stdout
        parse(text, package, types)
    # the standard library's and go-inf's parts of the layout, from their sources (go1.17 time, inf.v0)
    types["time.Time"] = ("struct", [("wall", "uint64", None), ("ext", "int64", None), ("loc", "*time.Location", None)])
    types["inf.Dec"] = ("opaque", None)
    types["time.Location"] = ("opaque", None)
    types = reachable(types, "core.PodTemplateSpec")
    packages = {package: go_name for _, _, package, go_name in SOURCES}
    packages.update(time="time", inf="inf")
    out = Path(__file__).resolve().parents[1] / "simulator" / "controllers" / "go_types_v1_23.json"
    out.write_text(json.dumps({"generated_by": "tools/go_types_schema.py from k8s.io/api and k8s.io/apimachinery "
                                               "v0.23.7: do not edit",
                               "packages": packages, "types": types}, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
