"""`-o yaml`, `-o json` and `-o name`, from the dict an object serialises to (`obj.to_dict()`).

JSON follows Go's `json.MarshalIndent(obj, "", "    ")` over unstructured maps: keys
sorted bytewise, `<`, `>` and `&` escaped as `\\u003c`, Go's float format. YAML is
`yaml_emitter.dump` (sigs.k8s.io/yaml over go-yaml v2). Several objects from one
`kubectl get` are wrapped in kubectl 1.23's List, whose metadata still carries
`selfLink: ""` (kubectl `pkg/cmd/get/get.go printGeneric`; removed in 1.24).
"""

from __future__ import annotations

from typing import Any, Iterable

from simulator.objects import KubeObject
from simulator.printers.go_numbers import format_json
from simulator.printers.yaml_emitter import dump

JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "<": "\\u003c", ">": "\\u003e",
                "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def list_document(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The List kubectl prints for several objects (or a list request with any number of them)."""
    return {"apiVersion": "v1", "items": list(items), "kind": "List",
            "metadata": {"resourceVersion": "", "selfLink": ""}}


def document_for(objects: list[KubeObject], single_item: bool) -> dict[str, Any]:
    """One object's dict when a single object was named, else the List of all of them."""
    if single_item and len(objects) == 1:
        return objects[0].to_dict()
    return list_document(obj.to_dict() for obj in objects)


def to_yaml(document: dict[str, Any]) -> str:
    return dump(document)


def to_yaml_stream(documents: Iterable[dict[str, Any]]) -> str:
    """Objects printed one by one (`create -o yaml` on a multi-object file): `---` before each after the first."""
    return "---\n".join(dump(document) for document in documents)


def to_json(document: Any, indent: str | None = "    ") -> str:
    """Go's MarshalIndent with four spaces plus kubectl's trailing newline; `indent=None` is compact `json.Marshal`."""
    text = _encode(document, indent, 0)
    return text + "\n" if indent is not None else text


def _encode(value: Any, indent: str | None, depth: int) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_json(value)
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, dict):
        items = [f"{json_string(str(k))}:{'' if indent is None else ' '}{_encode(value[k], indent, depth + 1)}"
                 for k in sorted(value, key=lambda key: str(key).encode())]
        return _wrap("{", "}", items, indent, depth)
    if isinstance(value, (list, tuple)):
        return _wrap("[", "]", [_encode(v, indent, depth + 1) for v in value], indent, depth)
    raise TypeError(f"json: unsupported type: {type(value).__name__}")


def _wrap(start: str, end: str, items: list[str], indent: str | None, depth: int) -> str:
    if not items:
        return start + end
    if indent is None:
        return start + ",".join(items) + end
    inner, outer = "\n" + indent * (depth + 1), "\n" + indent * depth
    return start + inner + ("," + inner).join(items) + outer + end


def json_string(text: str) -> str:
    out = []
    for char in text:
        if char in JSON_ESCAPES:
            out.append(JSON_ESCAPES[char])
        elif ord(char) < 0x20:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def resource_name(obj: KubeObject) -> str:
    """`kind.group/name` as the name printer writes it: `pod/x`, `service/x`, `replicaset.apps/x`."""
    group = obj.api_version.split("/")[0] if "/" in obj.api_version else ""
    kind = obj.kind.lower()
    return f"{kind}.{group}/{obj.name}" if group else f"{kind}/{obj.name}"


def to_names(objects: Iterable[KubeObject], operation: str = "") -> str:
    """`-o name` lines, or success lines such as `service/svc-web created` when `operation` is given."""
    return "".join(f"{resource_name(obj)}{' ' + operation if operation else ''}\n" for obj in objects)
