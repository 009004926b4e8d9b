"""What a request to the API server asks for, read from its method and path as
`k8s.io/apiserver/pkg/endpoints/request.RequestInfoFactory` reads it, and the two small
decoders the handler needs (a label selector from the query, an RFC 7386 merge patch)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from simulator.apiserver.rbac import Attributes

METHOD_VERBS = {"POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}


@dataclass(frozen=True)
class RequestInfo:
    """`RequestInfoFactory.NewRequestInfo`."""

    path: str
    verb: str
    resource_request: bool = False
    group: str = ""
    version: str = ""
    namespace: str = ""
    resource: str = ""
    name: str = ""
    subresource: str = ""

    def attributes(self) -> Attributes:
        if not self.resource_request:
            return Attributes(self.verb, path=self.path)
        return Attributes(self.verb, self.resource, self.subresource, self.namespace, self.name, self.group)


def request_info(method: str, path: str, query: dict[str, list[str]]) -> RequestInfo:
    parts = [unquote(p) for p in path.strip("/").split("/") if p]
    verb_for_path = {"GET": "get", "HEAD": "get", "POST": "post", "PUT": "put", "PATCH": "patch", "DELETE": "delete"}
    plain = RequestInfo(path, verb_for_path.get(method, method.lower()))
    if not parts or parts[0] not in ("api", "apis"):
        return plain
    if parts[0] == "api":
        if len(parts) < 3:
            return plain
        group, version, rest = "", parts[1], parts[2:]
    else:
        if len(parts) < 4:
            return plain
        group, version, rest = parts[1], parts[2], parts[3:]
    namespace = ""
    if rest[0] == "namespaces" and len(rest) > 1:
        namespace = rest[1]
        if len(rest) > 2:
            rest = rest[2:]
    resource, name = rest[0], rest[1] if len(rest) > 1 else ""
    subresource = rest[2] if len(rest) > 2 else ""
    if method in ("GET", "HEAD"):
        watching = (query.get("watch") or [""])[0].lower() in ("1", "true")
        verb = "watch" if watching else ("get" if name else "list")
    elif method == "DELETE" and not name:
        verb = "deletecollection"
    else:
        verb = METHOD_VERBS.get(method, method.lower())
    return RequestInfo(path, verb, True, group, version, namespace, resource, name, subresource)


def label_selector(text: str) -> dict | None:
    if not text:
        return None
    labels, expressions = {}, []
    for term in text.split(","):
        term = term.strip()
        if "!=" in term:
            key, value = term.split("!=", 1)
            expressions.append({"key": key.strip(), "operator": "NotIn", "values": [value.strip()]})
        elif "=" in term:
            key, value = term.replace("==", "=").split("=", 1)
            labels[key.strip()] = value.strip()
        elif term.startswith("!"):
            expressions.append({"key": term[1:], "operator": "DoesNotExist"})
        elif term:
            expressions.append({"key": term, "operator": "Exists"})
    return {"matchLabels": labels, "matchExpressions": expressions}


def merge_patch(target, patch):
    """RFC 7386."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
