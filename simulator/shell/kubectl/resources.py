"""Resource arguments as kubectl reads them: `pods`, `pods a b`, `pod/a svc/b`, `pods,svc`, `all`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.registry.kinds import BUILT_IN, ResourceType, TypeRegistry
from simulator.shell.kubectl.flags import FlagError



@dataclass
class ResourceRequest:
    rt: ResourceType
    names: list[str]  # empty: every object of the type


def unknown_type(name: str) -> FlagError:
    return FlagError(f'error: the server doesn\'t have a resource type "{name}"')


def lookup_type(name: str, types: TypeRegistry = BUILT_IN) -> ResourceType:
    rt = types.by_name(name)
    if rt is None:
        raise unknown_type(name)
    return rt


def parse_resource_args(args: list[str], command: str, types: TypeRegistry = BUILT_IN) -> list[ResourceRequest]:
    """The requests the arguments name, resolved against the types the cluster serves (`types`)."""
    if not args:
        return []
    if any("/" in a for a in args):
        if not all("/" in a for a in args):
            raise FlagError(
                "error: there is no need to specify a resource type as a separate argument when passing "
                "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
                "'kubectl get resource resource/<resource_name>'")
        requests: list[ResourceRequest] = []
        for arg in args:
            kind, _, name = arg.partition("/")
            rt = lookup_type(kind, types)
            if requests and requests[-1].rt == rt:
                requests[-1].names.append(name)
            else:
                requests.append(ResourceRequest(rt, [name]))
        return requests
    typed, names = args[0], args[1:]
    expanded: list[str] = []
    for part in typed.split(","):
        expanded.extend(types.category(part) or [part])
    if names and len(expanded) > 1:
        raise FlagError("error: you may only specify a single resource type")
    return [ResourceRequest(lookup_type(t, types), list(names)) for t in expanded]


def parse_selector(text: str) -> dict:
    """A label selector string as a LabelSelector (`a=b,c!=d,e,!f,g in (h,i)`)."""
    match_labels: dict[str, str] = {}
    expressions: list[dict] = []
    for part in _split_selector(text):
        part = part.strip()
        set_match = re.fullmatch(r"([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)", part)
        if set_match:
            key, op, values = set_match.groups()
            expressions.append({"key": key, "operator": "In" if op == "in" else "NotIn",
                                "values": [v.strip() for v in values.split(",") if v.strip()]})
        elif "!=" in part:
            key, value = part.split("!=", 1)
            expressions.append({"key": key.strip(), "operator": "NotIn", "values": [value.strip()]})
        elif "=" in part:
            key, value = part.replace("==", "=").split("=", 1)
            match_labels[key.strip()] = value.strip()
        elif part.startswith("!"):
            expressions.append({"key": part[1:].strip(), "operator": "DoesNotExist"})
        elif re.fullmatch(r"[\w./-]+", part):
            expressions.append({"key": part, "operator": "Exists"})
        else:
            raise FlagError(f'error: unable to parse requirement: found \'{part}\', expected: \'=\', \'!=\', \'==\', \'in\', notin\'')
    selector: dict = {}
    if match_labels:
        selector["matchLabels"] = match_labels
    if expressions:
        selector["matchExpressions"] = expressions
    return selector


def _split_selector(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    if current:
        parts.append(current)
    return parts
