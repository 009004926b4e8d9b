"""`kubectl describe node`: kubectl 1.23 describeNode and describeNodeResource.

The Lease section is built from the node itself (HolderIdentity is the node name,
RenewTime the current time), since the simulator keeps no Lease objects; the
resource tables sum the requests and limits of the pods the caller passes (those
bound to the node), leaving out Succeeded and Failed ones as kubectl's field
selector does.
"""

from __future__ import annotations

from simulator.objects import KubeObject
from simulator.printers.describe_writer import DescribeContext, DescribeWriter
from simulator.printers.duration import age
from simulator.printers.formats import node_roles, parse_rfc3339, spec_of, status_of
from simulator.printers.quantity import ZERO, Quantity, parse_quantity, total

SYSTEM_INFO = (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
               ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"), ("Operating System", "operatingSystem"),
               ("Architecture", "architecture"), ("Container Runtime Version", "containerRuntimeVersion"),
               ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion"))
STANDARD_RESOURCES = ("cpu", "memory", "ephemeral-storage", "pods")


def describe_node(node: KubeObject, ctx: DescribeContext) -> str:
    w, spec, status = DescribeWriter(), spec_of(node), status_of(node)
    w.write(0, f"Name:\t{node.name}\n")
    w.write(0, f"Roles:\t{','.join(node_roles(node.labels)) or '<none>'}\n")
    w.labels("Labels", node.labels)
    w.annotations("Annotations", node.metadata.annotations)
    w.write(0, f"CreationTimestamp:\t{ctx.time(node.metadata.creation_timestamp)}\n")
    _taints(w, spec.get("taints") or [])
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    w.write(0, "Lease:\n")
    w.write(1, f"HolderIdentity:\t{node.name}\n")
    w.write(1, "AcquireTime:\t<unset>\n")
    w.write(1, f"RenewTime:\t{ctx.time(ctx.now)}\n")
    _conditions(w, ctx, status.get("conditions") or [])
    w.write(0, "Addresses:\n")
    for address in status.get("addresses") or []:
        w.write(1, f"{address.get('type')}:\t{address.get('address')}\n")
    for key, title in (("capacity", "Capacity"), ("allocatable", "Allocatable")):
        if status.get(key):
            w.write(0, f"{title}:\n")
            for name in sorted(status[key]):
                w.write(0, f"  {name}:\t{parse_quantity(status[key][name])}\n")
    w.write(0, "System Info:\n")
    info = status.get("nodeInfo") or {}
    for title, key in SYSTEM_INFO:
        w.write(0, f"  {title}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    pods = [p for p in ctx.pods if status_of(p).get("phase") not in ("Succeeded", "Failed")]
    _resources(w, ctx, node, pods)
    w.events(ctx.events, ctx.now)
    return w.text()


def _taints(w: DescribeWriter, taints: list[dict]) -> None:
    w.write(0, "Taints:\t")
    if not taints:
        w.write(0, "<none>\n")
        return
    for index, taint in enumerate(sorted(taints, key=lambda t: (t.get("effect", ""), t.get("key", "")))):
        if index:
            w.write(0, "\t")
        value = f"={taint['value']}" if taint.get("value") else ""
        w.write(0, f"{taint.get('key')}{value}:{taint.get('effect')}\n")


def _conditions(w: DescribeWriter, ctx: DescribeContext, conditions: list[dict]) -> None:
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
    for c in conditions:
        heartbeat = ctx.time(parse_rfc3339(c.get("lastHeartbeatTime")))
        changed = ctx.time(parse_rfc3339(c.get("lastTransitionTime")))
        w.write(1, f"{c.get('type')} \t{c.get('status')} \t{heartbeat} \t{changed} \t{c.get('reason', '')} \t"
                   f"{c.get('message', '')}\n")


def pod_requests_and_limits(pod: KubeObject) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    """`PodRequestsAndLimits`: container sums, raised to any larger init container."""
    requests: dict[str, Quantity] = {}
    limits: dict[str, Quantity] = {}
    for container in spec_of(pod).get("containers") or []:
        resources = container.get("resources") or {}
        for target, key in ((requests, "requests"), (limits, "limits")):
            for name, value in (resources.get(key) or {}).items():
                target[name] = total([target[name], parse_quantity(value)]) if name in target else parse_quantity(value)
    for container in spec_of(pod).get("initContainers") or []:
        resources = container.get("resources") or {}
        for target, key in ((requests, "requests"), (limits, "limits")):
            for name, value in (resources.get(key) or {}).items():
                quantity = parse_quantity(value)
                if name not in target or quantity.value > target[name].value:
                    target[name] = quantity
    return requests, limits


def _percent(part: Quantity, whole: Quantity, milli: bool) -> int:
    denominator = whole.milli() if milli else whole.whole()
    if not denominator:
        return 0
    return int((part.milli() if milli else part.whole()) / denominator * 100)


def _resources(w: DescribeWriter, ctx: DescribeContext, node: KubeObject, pods: list[KubeObject]) -> None:
    allocatable = {k: parse_quantity(v) for k, v in (status_of(node).get("allocatable")
                                                      or status_of(node).get("capacity") or {}).items()}
    cpu, memory = allocatable.get("cpu", ZERO), allocatable.get("memory", ZERO)
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    sums: list[tuple[dict[str, Quantity], dict[str, Quantity]]] = []
    for pod in pods:
        requests, limits = pod_requests_and_limits(pod)
        sums.append((requests, limits))
        cells = []
        for values in (requests, limits):
            cells.append(_share(values.get("cpu", ZERO), cpu, True))
        for values in (requests, limits):
            cells.append(_share(values.get("memory", ZERO), memory, False))
        w.write(1, f"{pod.namespace}\t{pod.name}\t\t{cells[0]}\t{cells[1]}\t{cells[2]}\t{cells[3]}\t"
                   f"{age(ctx.now, pod.metadata.creation_timestamp)}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    for name, milli in (("cpu", True), ("memory", False), ("ephemeral-storage", False)):
        request = total([r[name] for r, _ in sums if name in r])
        limit = total([lim[name] for _, lim in sums if name in lim])
        whole = allocatable.get(name, ZERO)
        w.write(1, f"{name}\t{_share(request, whole, milli)}\t{_share(limit, whole, milli)}\n")
    for name in sorted(n for n in allocatable if n.startswith("hugepages-")):
        request = total([r[name] for r, _ in sums if name in r])
        limit = total([lim[name] for _, lim in sums if name in lim])
        w.write(1, f"{name}\t{_share(request, allocatable[name], False)}\t{_share(limit, allocatable[name], False)}\n")
    for name in sorted(n for n in allocatable if n not in STANDARD_RESOURCES and not n.startswith("hugepages-")):
        request = total([r[name] for r, _ in sums if name in r])
        limit = total([lim[name] for _, lim in sums if name in lim])
        w.write(1, f"{name}\t{request}\t{limit}\n")


def _share(part: Quantity, whole: Quantity, milli: bool) -> str:
    return f"{part} ({_percent(part, whole, milli)}%)"
