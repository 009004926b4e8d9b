"""`kubectl describe` for Pods and the controllers that stamp them out (ReplicaSet, Deployment, DaemonSet).

Follows kubectl 1.23 `pkg/describe/describe.go`: describePod, describeContainers,
describeVolumes, DescribePodTemplate, describeReplicaSet, describeDeployment and
describeDaemonSet. Lines added after 1.23 are left out (the pod's `Service Account:`
came in 1.25, the template's Node-Selectors and Tolerations later still).
Containers, volumes and tolerations are written by `describe_containers`.
"""

from __future__ import annotations

from simulator.objects import KubeObject
from simulator.printers.describe_writer import DescribeContext, DescribeWriter, controlled_by
from simulator.printers.duration import age
from simulator.printers.formats import format_labels, int_or_string, parse_rfc3339, selector_string, spec_of, status_of
from simulator.printers.describe_containers import (
    describe_containers,
    describe_tolerations,
    describe_volumes,
    qos_class,
)
from simulator.printers.pod_status import deletion_timestamp, pod_ip

def describe_pod(pod: KubeObject, ctx: DescribeContext) -> str:
    w, spec, status = DescribeWriter(), spec_of(pod), status_of(pod)
    w.write(0, f"Name:\t{pod.name}\n")
    w.write(0, f"Namespace:\t{pod.namespace}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    node = spec.get("nodeName")
    w.write(0, f"Node:\t{node}/{status.get('hostIP') or ''}\n" if node else "Node:\t<none>\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{ctx.time(parse_rfc3339(status['startTime']))}\n")
    w.labels("Labels", pod.labels)
    w.annotations("Annotations", pod.metadata.annotations)
    deleted = deletion_timestamp(pod)
    if deleted is not None:
        w.write(0, f"Status:\tTerminating (lasts {age(ctx.now, deleted)})\n")
        w.write(0, f"Termination Grace Period:\t{spec.get('terminationGracePeriodSeconds', 30)}s\n")
    else:
        w.write(0, f"Status:\t{status.get('phase') or ''}\n")
    for key, label in (("reason", "Reason"), ("message", "Message")):
        if status.get(key):
            w.write(0, f"{label}:\t{status[key]}\n")
    w.write(0, f"IP:\t{status.get('podIP') or ''}\n")
    _pod_ips(w, pod)
    if controlled_by(pod):
        w.write(0, f"Controlled By:\t{controlled_by(pod)}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        describe_containers(w, ctx, "Init Containers", spec["initContainers"], status.get("initContainerStatuses"), pod)
    describe_containers(w, ctx, "Containers", spec.get("containers") or [], status.get("containerStatuses"), pod)
    _readiness_gates(w, pod)
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \n")
    describe_volumes(w, spec.get("volumes") or [], "")
    w.write(0, f"QoS Class:\t{status.get('qosClass') or qos_class(pod)}\n")
    w.labels("Node-Selectors", spec.get("nodeSelector"))
    describe_tolerations(w, spec.get("tolerations") or [])
    w.events(ctx.events, ctx.now)
    return w.text()


def _pod_ips(w: DescribeWriter, pod: KubeObject) -> None:
    ips = status_of(pod).get("podIPs") or ([{"ip": pod_ip(pod)}] if pod_ip(pod) else [])
    if not ips:
        w.write(0, "IPs:\t<none>\n")
        return
    w.write(0, "IPs:\n")
    for entry in ips:
        w.write(1, f"IP:\t{entry.get('ip')}\n")


def _readiness_gates(w: DescribeWriter, pod: KubeObject) -> None:
    gates = spec_of(pod).get("readinessGates") or []
    if not gates:
        return
    conditions = {c.get("type"): c.get("status") for c in status_of(pod).get("conditions") or []}
    w.write(0, "Readiness Gates:\n  Type\tStatus\n")
    for gate in gates:
        w.write(1, f"{gate.get('conditionType')} \t{conditions.get(gate.get('conditionType'), '<none>')} \n")


# controllers -------------------------------------------------------------------


def describe_pod_template(w: DescribeWriter, ctx: DescribeContext, template: dict | None) -> None:
    """`DescribePodTemplate` as of 1.23."""
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    metadata, spec = template.get("metadata") or {}, template.get("spec") or {}
    w.labels("  Labels", metadata.get("labels"))
    if metadata.get("annotations"):
        w.annotations("  Annotations", metadata["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        describe_containers(w, ctx, "Init Containers", spec["initContainers"], None, None, "  ")
    describe_containers(w, ctx, "Containers", spec.get("containers") or [], None, None, "  ")
    describe_volumes(w, spec.get("volumes") or [], "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")


def pod_phase_counts(owner: KubeObject, pods: list[KubeObject]) -> str:
    """`getPodStatusForController`: phases of the pods this object controls."""
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in pods:
        if any(ref.get("controller") and ref.get("uid") == owner.metadata.uid for ref in pod.metadata.owner_references):
            phase = status_of(pod).get("phase")
            if phase in counts:
                counts[phase] += 1
    return (f"{counts['Running']} Running / {counts['Pending']} Waiting / {counts['Succeeded']} Succeeded / "
            f"{counts['Failed']} Failed")


def describe_replica_set(rs: KubeObject, ctx: DescribeContext) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{rs.name}\n")
    w.write(0, f"Namespace:\t{rs.namespace}\n")
    w.write(0, f"Selector:\t{selector_string(spec_of(rs).get('selector')) or '<none>'}\n")
    w.labels("Labels", rs.labels)
    w.annotations("Annotations", rs.metadata.annotations)
    if controlled_by(rs):
        w.write(0, f"Controlled By:\t{controlled_by(rs)}\n")
    current, desired = int(status_of(rs).get("replicas") or 0), int(spec_of(rs).get("replicas") or 0)
    w.write(0, f"Replicas:\t{current} current / {desired} desired\n")
    w.write(0, f"Pods Status:\t{pod_phase_counts(rs, ctx.pods)}\n")
    describe_pod_template(w, ctx, spec_of(rs).get("template"))
    _controller_conditions(w, rs)
    w.events(ctx.events, ctx.now)
    return w.text()


def _controller_conditions(w: DescribeWriter, obj: KubeObject) -> None:
    conditions = status_of(obj).get("conditions") or []
    if not conditions:
        return
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
    w.write(1, "----\t------\t------\n")
    for c in conditions:
        w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")


def describe_deployment(d: KubeObject, ctx: DescribeContext) -> str:
    w, spec, status = DescribeWriter(), spec_of(d), status_of(d)
    w.write(0, f"Name:\t{d.name}\n")
    w.write(0, f"Namespace:\t{d.namespace}\n")
    w.write(0, f"CreationTimestamp:\t{ctx.time(d.metadata.creation_timestamp)}\n")
    w.labels("Labels", d.labels)
    w.annotations("Annotations", d.metadata.annotations)
    w.write(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    numbers = [int(v or 0) for v in (spec.get("replicas"), status.get("updatedReplicas"), status.get("replicas"),
                                     status.get("availableReplicas"), status.get("unavailableReplicas"))]
    w.write(0, "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n".format(*numbers))
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{int(spec.get('minReadySeconds') or 0)}\n")
    if strategy.get("rollingUpdate") is not None:
        rolling = strategy["rollingUpdate"]
        w.write(0, f"RollingUpdateStrategy:\t{int_or_string(rolling.get('maxUnavailable'))} max unavailable, "
                   f"{int_or_string(rolling.get('maxSurge'))} max surge\n")
    describe_pod_template(w, ctx, spec.get("template"))
    _controller_conditions(w, d)
    old, new = split_replica_sets(d, ctx.replica_sets)
    w.write(0, f"OldReplicaSets:\t{_replica_set_list([rs for rs in old if int(spec_of(rs).get('replicas') or 0)])}\n")
    w.write(0, f"NewReplicaSet:\t{_replica_set_list([new] if new else [])}\n")
    w.events(ctx.events, ctx.now)
    return w.text()


def split_replica_sets(d: KubeObject, replica_sets: list[KubeObject]) -> tuple[list[KubeObject], KubeObject | None]:
    """`GetAllReplicaSets`: the Deployment's ReplicaSets; the oldest whose template matches (hash aside) is new."""
    owned = sorted((rs for rs in replica_sets if any(ref.get("controller") and ref.get("uid") == d.metadata.uid
                                                     for ref in rs.metadata.owner_references)),
                   key=lambda rs: (rs.metadata.creation_timestamp, rs.name))
    wanted = _without_hash(spec_of(d).get("template"))
    new = next((rs for rs in owned if _without_hash(spec_of(rs).get("template")) == wanted), None)
    return [rs for rs in owned if rs is not new], new


def _without_hash(template: dict | None) -> dict:
    template = dict(template or {})
    metadata = dict(template.get("metadata") or {})
    labels = {k: v for k, v in (metadata.get("labels") or {}).items() if k != "pod-template-hash"}
    metadata["labels"] = labels
    template["metadata"] = metadata
    return template


def _replica_set_list(replica_sets: list[KubeObject]) -> str:
    text = ", ".join(f"{rs.name} ({int(status_of(rs).get('replicas') or 0)}/{int(spec_of(rs).get('replicas') or 0)} "
                     "replicas created)" for rs in replica_sets)
    return text or "<none>"


def describe_daemon_set(ds: KubeObject, ctx: DescribeContext) -> str:
    """describeDaemonSet; releases before 1.27 print no Namespace line (UNVERIFIED for 1.23 exactly)."""
    w, status = DescribeWriter(), status_of(ds)
    w.write(0, f"Name:\t{ds.name}\n")
    w.write(0, f"Selector:\t{selector_string(spec_of(ds).get('selector'))}\n")
    node_selector = ((spec_of(ds).get("template") or {}).get("spec") or {}).get("nodeSelector")
    w.write(0, f"Node-Selector:\t{format_labels(node_selector)}\n")
    w.labels("Labels", ds.labels)
    w.annotations("Annotations", ds.metadata.annotations)
    for label, key in (("Desired Number of Nodes Scheduled", "desiredNumberScheduled"),
                       ("Current Number of Nodes Scheduled", "currentNumberScheduled"),
                       ("Number of Nodes Scheduled with Up-to-date Pods", "updatedNumberScheduled"),
                       ("Number of Nodes Scheduled with Available Pods", "numberAvailable"),
                       ("Number of Nodes Misscheduled", "numberMisscheduled")):
        w.write(0, f"{label}: {int(status.get(key) or 0)}\n")
    w.write(0, f"Pods Status:\t{pod_phase_counts(ds, ctx.pods)}\n")
    describe_pod_template(w, ctx, spec_of(ds).get("template"))
    w.events(ctx.events, ctx.now)
    return w.text()
