"""`kubectl get` tables: columns per kind as data, one cell function per column.

Columns and cells follow kubernetes 1.23 `pkg/printers/internalversion/printers.go`;
the decoration (NAMESPACE first with `-A`, `-L` label columns then LABELS last with `--show-labels`,
`kind/name` for `kubectl get all`) follows cli-runtime `tableprinter.go`, and the
alignment is `tabwriter.render_rows`. Priority-1 columns appear only with `-o wide`.

Objects are KubeObjects (Events too, as `simulator.registry.read_view` serves them).
Not done yet: ResourceQuota quantities are printed as stored, not re-canonicalised.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from simulator.printers.columns import Column, RowContext, age_cell as _age, name_cell as _name, number_cell as _number
from simulator.printers.duration import age
from simulator.printers.formats import (
    container_names_and_images,
    event_source,
    event_target,
    format_discovery_endpoints,
    format_discovery_ports,
    format_endpoints,
    format_label_selector,
    format_labels,
    node_roles,
    parse_rfc3339,
    quota_usage,
    selector_string,
    spec_of,
    status_of,
)
from simulator.printers.pod_status import pod_ip, readiness_gates
from simulator.printers.tabwriter import render_rows
from simulator.registry.kinds import BUILT_IN, TypeRegistry

LOAD_BALANCER_WIDTH = 16  # printers.go loadBalancerWidth


def _or_none(value: Any) -> str:
    return str(value) if value else "<none>"


def _containers(obj: Any, ctx: RowContext) -> str:
    return container_names_and_images(_template_spec(obj).get("containers"))[0]


def _images(obj: Any, ctx: RowContext) -> str:
    return container_names_and_images(_template_spec(obj).get("containers"))[1]


def _template_spec(obj: Any) -> dict:
    return (spec_of(obj).get("template") or {}).get("spec") or {}


def _workload_selector(obj: Any, ctx: RowContext) -> str:
    return format_label_selector(spec_of(obj).get("selector"))


WORKLOAD_WIDE = (
    Column("Containers", _containers, 1),
    Column("Images", _images, 1),
    Column("Selector", _workload_selector, 1),
)

# pods ---------------------------------------------------------------------

POD_COLUMNS = (
    Column("Name", _name, is_name=True),
    Column("Ready", lambda p, ctx: ctx.pod(p).ready),
    Column("Status", lambda p, ctx: ctx.pod(p).status),
    Column("Restarts", lambda p, ctx: ctx.pod(p).restarts),
    Column("Age", _age),
    Column("IP", lambda p, ctx: _or_none(pod_ip(p)), 1),
    Column("Node", lambda p, ctx: _or_none(spec_of(p).get("nodeName")), 1),
    Column("Nominated Node", lambda p, ctx: _or_none(status_of(p).get("nominatedNodeName")), 1),
    Column("Readiness Gates", lambda p, ctx: readiness_gates(p), 1),
)

# services -----------------------------------------------------------------


def _cluster_ip(svc: Any, ctx: RowContext) -> str:
    ips = spec_of(svc).get("clusterIPs") or ([spec_of(svc)["clusterIP"]] if spec_of(svc).get("clusterIP") else [])
    return ips[0] if ips else "<none>"


def _load_balancer_ips(svc: Any, wide: bool) -> str:
    found = set()
    for ingress in (status_of(svc).get("loadBalancer") or {}).get("ingress") or []:
        if ingress.get("ip") or ingress.get("hostname"):
            found.add(ingress.get("ip") or ingress.get("hostname"))
    text = ",".join(sorted(found))
    if not wide and len(text) > LOAD_BALANCER_WIDTH:
        text = text[: LOAD_BALANCER_WIDTH - 3] + "..."
    return text


def _external_ip(svc: Any, ctx: RowContext) -> str:
    kind = spec_of(svc).get("type") or "ClusterIP"
    external = list(spec_of(svc).get("externalIPs") or [])
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) or "<none>"
    if kind == "LoadBalancer":
        balancer = _load_balancer_ips(svc, ctx.wide)
        if external:
            return ",".join((balancer.split(",") if balancer else []) + external)
        return balancer or "<pending>"
    if kind == "ExternalName":
        return str(spec_of(svc).get("externalName") or "")
    return "<unknown>"


def service_ports(svc: Any) -> str:
    """`makePortString`: `80/TCP`, `80:30123/TCP`, joined by commas."""
    pieces = []
    for port in spec_of(svc).get("ports") or []:
        protocol = port.get("protocol") or "TCP"
        node_port = port.get("nodePort")
        pieces.append(f"{port.get('port')}:{node_port}/{protocol}" if node_port else f"{port.get('port')}/{protocol}")
    return ",".join(pieces)


SERVICE_COLUMNS = (
    Column("Name", _name, is_name=True),
    Column("Type", lambda s, ctx: str(spec_of(s).get("type") or "ClusterIP")),
    Column("Cluster-IP", _cluster_ip),
    Column("External-IP", _external_ip),
    Column("Port(s)", lambda s, ctx: service_ports(s) or "<none>"),
    Column("Age", _age),
    Column("Selector", lambda s, ctx: format_labels(spec_of(s).get("selector")), 1),
)

ENDPOINTS_COLUMNS = (
    Column("Name", _name, is_name=True),
    Column("Endpoints", lambda e, ctx: format_endpoints(e.body)),
    Column("Age", _age),
)

ENDPOINTSLICE_COLUMNS = (  # printEndpointSlice
    Column("Name", _name, is_name=True),
    Column("AddressType", lambda e, ctx: str(e.body.get("addressType") or "")),
    Column("Ports", lambda e, ctx: format_discovery_ports(e.body.get("ports"))),
    Column("Endpoints", lambda e, ctx: format_discovery_endpoints(e.body.get("endpoints"))),
    Column("Age", _age),
)

# workloads ----------------------------------------------------------------

REPLICASET_COLUMNS = (
    Column("Name", _name, is_name=True),
    Column("Desired", _number("spec.replicas")),
    Column("Current", _number("status.replicas")),
    Column("Ready", _number("status.readyReplicas")),
    Column("Age", _age),
    *WORKLOAD_WIDE,
)


def _deployment_ready(obj: Any, ctx: RowContext) -> str:
    return f"{int(status_of(obj).get('readyReplicas') or 0)}/{int(spec_of(obj).get('replicas') or 0)}"


DEPLOYMENT_COLUMNS = (
    Column("Name", _name, is_name=True),
    Column("Ready", _deployment_ready),
    Column("Up-to-date", _number("status.updatedReplicas")),
    Column("Available", _number("status.availableReplicas")),
    Column("Age", _age),
    Column("Containers", _containers, 1),
    Column("Images", _images, 1),
    Column("Selector", lambda d, ctx: selector_string(spec_of(d).get("selector")), 1),  # printDeployment: no <none>
)

DAEMONSET_COLUMNS = (
    Column("Name", _name, is_name=True),
    Column("Desired", _number("status.desiredNumberScheduled")),
    Column("Current", _number("status.currentNumberScheduled")),
    Column("Ready", _number("status.numberReady")),
    Column("Up-to-date", _number("status.updatedNumberScheduled")),
    Column("Available", _number("status.numberAvailable")),
    Column("Node Selector", lambda d, ctx: format_labels(_template_spec(d).get("nodeSelector"))),
    Column("Age", _age),
    *WORKLOAD_WIDE,
)

# nodes and namespaces -----------------------------------------------------


def _node_status(node: Any, ctx: RowContext) -> str:
    states = [("Ready" if c.get("status") == "True" else "NotReady")
              for c in status_of(node).get("conditions") or [] if c.get("type") == "Ready"][-1:] or ["Unknown"]
    if spec_of(node).get("unschedulable"):
        states.append("SchedulingDisabled")
    return ",".join(states)


def _node_address(kind: str) -> Callable[[Any, RowContext], str]:
    def cell(node: Any, ctx: RowContext) -> str:
        for address in status_of(node).get("addresses") or []:
            if address.get("type") == kind:
                return str(address.get("address"))
        return "<none>"

    return cell


def _node_info(key: str) -> Callable[[Any, RowContext], str]:
    return lambda node, ctx: str((status_of(node).get("nodeInfo") or {}).get(key) or "<unknown>")


NODE_COLUMNS = (
    Column("Name", _name, is_name=True),
    Column("Status", _node_status),
    Column("Roles", lambda n, ctx: ",".join(node_roles(n.labels)) or "<none>"),
    Column("Age", _age),
    Column("Version", lambda n, ctx: str((status_of(n).get("nodeInfo") or {}).get("kubeletVersion") or "")),
    Column("Internal-IP", _node_address("InternalIP"), 1),
    Column("External-IP", _node_address("ExternalIP"), 1),
    Column("OS-Image", _node_info("osImage"), 1),
    Column("Kernel-Version", _node_info("kernelVersion"), 1),
    Column("Container-Runtime", _node_info("containerRuntimeVersion"), 1),
)

# events and quotas --------------------------------------------------------


def _event_time(field: str) -> Callable[[Any, RowContext], str]:
    """printEvent: a missing lastTimestamp reads as the first; times are ages."""
    def cell(event: Any, ctx: RowContext) -> str:
        moment = parse_rfc3339(event.body.get(field) or event.body.get("firstTimestamp"))
        return age(ctx.now, moment) if moment is not None else "<unknown>"

    return cell


EVENT_COLUMNS = (
    Column("Last Seen", _event_time("lastTimestamp")),
    Column("Type", lambda e, ctx: str(e.body.get("type") or "")),
    Column("Reason", lambda e, ctx: str(e.body.get("reason") or "")),
    Column("Object", lambda e, ctx: event_target(e.body)),
    Column("Subobject", lambda e, ctx: str((e.body.get("involvedObject") or {}).get("fieldPath") or ""), 1),
    Column("Source", lambda e, ctx: event_source(e.body), 1),
    Column("Message", lambda e, ctx: str(e.body.get("message") or "").strip()),
    Column("First Seen", _event_time("firstTimestamp"), 1),
    Column("Count", lambda e, ctx: str(e.body.get("count") or 1), 1),
    Column("Name", _name, 1, is_name=True),
)


RESOURCEQUOTA_COLUMNS = (
    Column("Name", _name, is_name=True),
    Column("Age", _age),
    Column("Request", lambda q, ctx: quota_usage(status_of(q), limits=False)),
    Column("Limit", lambda q, ctx: quota_usage(status_of(q), limits=True)),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "Pod": POD_COLUMNS,
    "Service": SERVICE_COLUMNS,
    "Endpoints": ENDPOINTS_COLUMNS,
    "EndpointSlice": ENDPOINTSLICE_COLUMNS,
    "ReplicaSet": REPLICASET_COLUMNS,
    "Deployment": DEPLOYMENT_COLUMNS,
    "DaemonSet": DAEMONSET_COLUMNS,
    "Node": NODE_COLUMNS,
    "Event": EVENT_COLUMNS,
    "ResourceQuota": RESOURCEQUOTA_COLUMNS,
}

# the table ----------------------------------------------------------------


def columns_for(kind: str, types: TypeRegistry = BUILT_IN) -> tuple[Column, ...]:
    """The kind's columns: the first week's from TABLES, every later kind's from its own module or definition."""
    found = types.declared(kind)
    return found.columns if found else TABLES[kind]


def _sort_key(obj: Any) -> tuple[str, str]:
    return (obj.namespace or "", obj.name)


def _labels(obj: Any) -> dict[str, str]:
    return obj.labels


def _kind_prefix(kind: str, types: TypeRegistry) -> str:
    resource = types.by_kind(kind)
    return resource.qualified if resource else kind.lower()


def _namespaced(kind: str, types: TypeRegistry) -> bool:
    resource = types.by_kind(kind)
    return resource.namespaced if resource else True


def _plain(cell: str) -> str:
    """printTable cuts a cell at its first newline and marks the cut with `...`."""
    return cell.split("\n", 1)[0] + "..." if "\n" in cell else cell


def table_rows(objects: Iterable[Any], kind: str, now: float, *, wide: bool = False, show_labels: bool = False,
               with_namespace: bool = False, no_headers: bool = False, with_kind_prefix: bool = False,
               sort: bool = True, label_columns: Sequence[str] = (), types: TypeRegistry = BUILT_IN) -> list[list[str]]:
    """The table as data: the header row (unless `no_headers`) then one row per object.

    `label_columns` (`-L`) adds one column per label key before LABELS, empty where unset.
    """
    objects = sorted(objects, key=_sort_key) if sort else list(objects)
    if not objects:
        return []
    columns = [c for c in columns_for(kind, types) if wide or c.priority == 0]
    with_namespace = with_namespace and _namespaced(kind, types)
    ctx = RowContext(now, wide)
    rows = [] if no_headers else [_header(columns, with_namespace, show_labels, label_columns)]
    for obj in objects:
        row = [_plain(column.cell(obj, ctx)) for column in columns]
        if with_kind_prefix:
            row = [f"{_kind_prefix(kind, types)}/{cell}" if column.is_name else cell for column, cell in zip(columns, row)]
        if with_namespace:
            row.insert(0, obj.namespace or "")
        row += [_labels(obj).get(key, "") for key in label_columns]
        if show_labels:
            row.append(format_labels(_labels(obj)))
        rows.append(row)
    return rows


def _header(columns: list[Column], with_namespace: bool, show_labels: bool, label_columns: Sequence[str]) -> list[str]:
    names = ["NAMESPACE"] if with_namespace else []
    names += [column.name.upper() for column in columns]
    names += [key.split("/")[-1].upper() for key in label_columns]  # formatLabelHeaders: the name after the prefix
    return names + (["LABELS"] if show_labels else [])


def print_table(objects: Iterable[Any], kind: str, now: float, *, wide: bool = False, show_labels: bool = False,
                with_namespace: bool = False, no_headers: bool = False, with_kind_prefix: bool = False,
                sort: bool = True, label_columns: Sequence[str] = (), types: TypeRegistry = BUILT_IN) -> str:
    """`kubectl get <kind>` output; empty when there are no objects (the caller says `No resources found`)."""
    rows = table_rows(objects, kind, now, wide=wide, show_labels=show_labels, with_namespace=with_namespace,
                      no_headers=no_headers, with_kind_prefix=with_kind_prefix, sort=sort, label_columns=label_columns,
                      types=types)
    return render_rows(rows) if rows else ""


def print_tables(groups: Iterable[tuple[str, Iterable[Any]]], now: float, **options: Any) -> str:
    """Several kinds in one command (`kubectl get all`, `get pods,svc`): one table each, a blank line between.

    kubectl resets the remembered widths per kind and adds the blank line only after
    a table that printed something, and never with `--no-headers`.
    """
    tables = [print_table(objects, kind, now, **options) for kind, objects in groups]
    separator = "" if options.get("no_headers") else "\n"
    return separator.join(table for table in tables if table)
