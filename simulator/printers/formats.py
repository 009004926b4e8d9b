"""Small value formatters that `kubectl get` and `kubectl describe` share.

Label sets (`labels.FormatLabels`), label selectors (`metav1.FormatLabelSelector`),
Endpoints lists (`formatEndpoints`), node roles (`findNodeRoles`), RFC 1123 times
and RFC 3339 parsing. Pure functions over plain data; nothing here mutates.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable

NODE_ROLE_PREFIX = "node-role.kubernetes.io/"
NODE_ROLE_LABEL = "kubernetes.io/role"


def spec_of(obj: Any) -> dict[str, Any]:
    """`obj.spec` without creating it: KubeObject's property inserts an empty one, and printers never mutate."""
    return obj.body.get("spec") or {}


def status_of(obj: Any) -> dict[str, Any]:
    """`obj.status` without creating it."""
    return obj.body.get("status") or {}


def format_labels(labels: dict[str, str] | None) -> str:
    """`labels.FormatLabels`: `k=v` pairs sorted by key and joined by commas, or `<none>`."""
    if not labels:
        return "<none>"
    return ",".join(f"{key}={labels[key]}" for key in sorted(labels))


def selector_string(selector: dict[str, Any] | None) -> str:
    """`labels.Selector.String()` of a LabelSelector: requirements sorted by key, empty for none."""
    if not selector:
        return ""
    requirements: list[tuple[str, str]] = []
    for key, value in (selector.get("matchLabels") or {}).items():
        requirements.append((key, f"{key}={value}"))
    for expression in selector.get("matchExpressions") or []:
        key = expression.get("key", "")
        requirements.append((key, _expression_string(expression)))
    requirements.sort(key=lambda item: item[0])
    return ",".join(text for _, text in requirements)


def _expression_string(expression: dict[str, Any]) -> str:
    key, operator = expression.get("key", ""), expression.get("operator")
    values = ",".join(sorted(str(v) for v in expression.get("values") or []))
    if operator == "In":
        return f"{key} in ({values})"
    if operator == "NotIn":
        return f"{key} notin ({values})"
    if operator == "DoesNotExist":
        return f"!{key}"
    return key


def format_label_selector(selector: dict[str, Any] | None) -> str:
    """`metav1.FormatLabelSelector`: the selector string, or `<none>` when it selects nothing or all."""
    return selector_string(selector) or "<none>"


def format_endpoints(endpoints: dict[str, Any] | None, port_names: set[str] | None = None) -> str:
    """`formatEndpoints`: ready `ip:port` pairs, at most three, then ` + N more...`; `<none>` without subsets.

    `port_names` limits the pairs to ports of those names (describe passes one Service port).
    """
    subsets = (endpoints or {}).get("subsets") or []
    if not subsets:
        return "<none>"
    shown: list[str] = []
    count = 0
    for subset in subsets:
        addresses = [a.get("ip", "") for a in subset.get("addresses") or []]
        ports = subset.get("ports") or []
        if not ports:
            pairs = [addresses]
        else:
            pairs = [[_host_port(ip, port.get("port")) for ip in addresses]
                     for port in ports if port_names is None or (port.get("name") or "") in port_names]
        for group in pairs:
            count += len(group)
            shown.extend(group[: max(0, 3 - len(shown))])
    text = ",".join(shown)
    return f"{text} + {count - 3} more..." if count > 3 else text


def _host_port(ip: str, port: Any) -> str:
    """`net.JoinHostPort`: IPv6 addresses go in brackets."""
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def node_roles(labels: dict[str, str]) -> list[str]:
    """`findNodeRoles`: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values, sorted."""
    roles: set[str] = set()
    for key, value in labels.items():
        if key.startswith(NODE_ROLE_PREFIX) and key[len(NODE_ROLE_PREFIX):]:
            roles.add(key[len(NODE_ROLE_PREFIX):])
        elif key == NODE_ROLE_LABEL and value:
            roles.add(value)
    return sorted(roles)


def container_names_and_images(containers: Iterable[dict[str, Any]]) -> tuple[str, str]:
    """`layoutContainerCells`: container names and images, each joined by commas."""
    containers = list(containers or [])
    return (",".join(str(c.get("name", "")) for c in containers),
            ",".join(str(c.get("image", "")) for c in containers))


def parse_rfc3339(text: str | None) -> float | None:
    """Seconds since the epoch for an API timestamp (`2022-08-03T10:30:00Z`), None if absent."""
    if not text:
        return None
    moment = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.timestamp()


def rfc1123z(timestamp: float, utc_offset_minutes: int = 0) -> str:
    """Go's `time.RFC1123Z` layout (`Wed, 03 Aug 2022 10:30:00 +0000`) in the viewer's time zone."""
    zone = _dt.timezone(_dt.timedelta(minutes=utc_offset_minutes))
    moment = _dt.datetime.fromtimestamp(int(timestamp), tz=zone)
    sign = "-" if utc_offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(utc_offset_minutes), 60)
    return moment.strftime("%a, %d %b %Y %H:%M:%S ") + f"{sign}{hours:02d}{minutes:02d}"


def int_or_string(value: Any) -> str:
    """An IntOrString as Go's `String()` prints it (`8080`, `node-http`, `25%`)."""
    return "" if value is None else str(value)


def format_discovery_ports(ports: list[dict[str, Any]] | None) -> str:
    """formatDiscoveryPorts: up to three port numbers (the name when unset, `*` when neither)."""
    shown = [str(p["port"]) if p.get("port") is not None else (p.get("name") or "*") for p in ports or []]
    return _list_with_more(shown)


def format_discovery_endpoints(endpoints: list[dict[str, Any]] | None) -> str:
    """formatDiscoveryEndpoints: every address of every endpoint, ready or not, up to three."""
    return _list_with_more([address for e in endpoints or [] for address in e.get("addresses") or []])


def _list_with_more(items: list[str], limit: int = 3) -> str:
    """listWithMoreString: `a,b,c + N more...`, or `<unset>` for none."""
    text = ",".join(items[:limit])
    if len(items) > limit:
        return f"{text} + {len(items) - limit} more..."
    return text or "<unset>"


def event_target(event: dict[str, Any]) -> str:
    """printEvent's OBJECT: `kind/name` in lower case, the kind alone without a name."""
    involved = event.get("involvedObject") or {}
    kind = str(involved.get("kind") or "").lower()
    return f"{kind}/{involved['name']}" if involved.get("name") else kind


def event_source(event: dict[str, Any]) -> str:
    """formatEventSource: `component, host`."""
    source = event.get("source") or {}
    return ", ".join(str(part) for part in (source.get("component"), source.get("host")) if part)


def quota_usage(status: dict[str, Any], *, limits: bool) -> str:
    """printResourceQuota's REQUEST or LIMIT cell: `name: used/hard`, sorted, for `limits.*` or the rest."""
    hard, used = status.get("hard") or {}, status.get("used") or {}
    return ", ".join(f"{name}: {used.get(name, '0')}/{hard[name]}" for name in sorted(hard)
                     if (name.split(".")[0] == "limits" and "." in name) == limits)
