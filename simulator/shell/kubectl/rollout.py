"""`kubectl rollout status|history|restart|undo` for Deployments and DaemonSets.

Texts follow kubectl 1.23: `polymorphichelpers/rollout_status.go` (the status viewers),
`history.go` (REVISION / CHANGE-CAUSE from the ReplicaSets' revision annotations),
`objectrestarter.go` (the `kubectl.kubernetes.io/restartedAt` template annotation) and
`rollback.go` (the previous revision's template and annotations patched back).

`status` watches as kubectl does: it prints the viewer's line, then lets simulated time
pass a second at a time (controllers settle, as under `sleep`) and prints the line again
whenever the object was written (UntilWithSync prints on every watch event, so the same line
may come twice; writes within one second count once), until the rollout is done, `--timeout`
passes, or ten simulated minutes pass (kubectl would wait until Ctrl-C; the simulator says so
in one line).
`pause` and `resume` set and clear `spec.paused` (pause.go, resume.go; the deployment
controller then rolls nothing new out); `history --revision=N` prints that revision's pod
template as `printTemplate` does. Not simulated: DaemonSet history and undo (they read
ControllerRevisions, which the simulator does not keep).
"""

from __future__ import annotations

import re
from typing import Callable

from simulator.clock import rfc3339
from simulator.controllers.deployment import NOT_COPIED, REVISION, revision_of
from simulator.controllers.owners import owned_by
from simulator.objects import KubeObject
from simulator.printers.describe_workloads import describe_pod_template
from simulator.printers.describe_writer import DescribeContext, DescribeWriter
from simulator.printers.tabwriter import DESCRIBE_SETTINGS, render
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import ResourceType, by_kind
from simulator.shell.kubectl.flags import (
    Flag,
    FlagError,
    as_bool,
    as_int,
    parse_flags,
    split_global_flags,
    unknown_subcommand,
)
from simulator.shell.kubectl.resources import parse_resource_args
from simulator.frozen import thaw

FLAGS = (Flag("watch", "w", False), Flag("timeout"), Flag("revision"), Flag("to-revision"),
         Flag("filename", "f", True, True), Flag("selector", "l"))
SUBCOMMANDS = ("history", "pause", "restart", "resume", "status", "undo")
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
CHANGE_CAUSE = "kubernetes.io/change-cause"
MAX_WAIT = 600.0  # simulated seconds `status` waits when kubectl would wait without end
REPLICASETS = by_kind("ReplicaSet")


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    leading, sub, rest = split_global_flags(argv[1:])
    if sub not in SUBCOMMANDS:
        if sub:
            return ToolResult.failure(unknown_subcommand("rollout", [sub, *rest]))
        return ToolResult.failure("Available Commands: " + ", ".join(SUBCOMMANDS) + "\n"
                                  "See 'kubectl rollout -h' for help and examples\n")
    parsed = parse_flags(leading + rest, FLAGS, f"rollout {sub}")
    if parsed.has("filename") or parsed.has("selector"):
        raise FlagError(f'error: "kubectl rollout {sub}" with -f or -l is not simulated by KubeGrade yet')
    requests = parse_resource_args(parsed.positional, f"rollout {sub}")
    targets = [(request.rt, name) for request in requests for name in request.names]
    if not targets:
        return ToolResult.failure("error: required resource not specified\n")
    namespace = parsed.get("namespace") or "default"
    result = ToolResult()
    for rt, name in targets:
        obj = ctx.store.get(rt, namespace, name)
        SUB_RUNNERS[sub](ctx, rt, obj, parsed, result)
    return result


def _prefix(rt: ResourceType, obj: KubeObject) -> str:
    return f"{rt.qualified}/{obj.name}"


def _fail(result: ToolResult, text: str) -> None:
    result.err(text + "\n")
    result.exit_code = 1


# status -----------------------------------------------------------------------------


def deployment_status(obj: KubeObject) -> tuple[str, bool]:
    """DeploymentStatusViewer.Status."""
    spec, status, name = obj.body.get("spec") or {}, obj.body.get("status") or {}, obj.name
    if obj.metadata.generation > int(status.get("observedGeneration") or 0):
        return "Waiting for deployment spec update to be observed...\n", False
    want, updated = int(spec.get("replicas", 1)), int(status.get("updatedReplicas") or 0)
    replicas, available = int(status.get("replicas") or 0), int(status.get("availableReplicas") or 0)
    waiting = f'Waiting for deployment "{name}" rollout to finish: '
    if updated < want:
        return f"{waiting}{updated} out of {want} new replicas have been updated...\n", False
    if replicas > updated:
        return f"{waiting}{replicas - updated} old replicas are pending termination...\n", False
    if available < updated:
        return f"{waiting}{available} of {updated} updated replicas are available...\n", False
    return f'deployment "{name}" successfully rolled out\n', True


def timed_out(obj: KubeObject) -> bool:
    """DeploymentStatusViewer's first check: Progressing says ProgressDeadlineExceeded."""
    status = obj.body.get("status") or {}
    if obj.metadata.generation > int(status.get("observedGeneration") or 0):
        return False
    return any(c.get("type") == "Progressing" and c.get("reason") == "ProgressDeadlineExceeded"
               for c in status.get("conditions") or [])


def daemonset_status(obj: KubeObject) -> tuple[str, bool]:
    """DaemonSetStatusViewer.Status."""
    status, name = obj.body.get("status") or {}, obj.name
    if obj.metadata.generation > int(status.get("observedGeneration") or 0):
        return "Waiting for daemon set spec update to be observed...\n", False
    desired, updated = int(status.get("desiredNumberScheduled") or 0), int(status.get("updatedNumberScheduled") or 0)
    available = int(status.get("numberAvailable") or 0)
    waiting = f'Waiting for daemon set "{name}" rollout to finish: '
    if updated < desired:
        return f"{waiting}{updated} out of {desired} new pods have been updated...\n", False
    if available < desired:
        return f"{waiting}{available} of {desired} updated pods are available...\n", False
    return f'daemon set "{name}" successfully rolled out\n', True


def statefulset_status(obj: KubeObject) -> tuple[str, bool]:
    """StatefulSetStatusViewer.Status (the OnDelete refusal is made before the loop)."""
    spec, status = obj.body.get("spec") or {}, obj.body.get("status") or {}
    observed = int(status.get("observedGeneration") or 0)
    if observed == 0 or obj.metadata.generation > observed:
        return "Waiting for statefulset spec update to be observed...\n", False
    want, ready = int(spec.get("replicas", 1)), int(status.get("readyReplicas") or 0)
    if ready < want:
        return f"Waiting for {want - ready} pods to be ready...\n", False
    rolling = (spec.get("updateStrategy") or {}).get("rollingUpdate")
    updated = int(status.get("updatedReplicas") or 0)
    if rolling is not None:
        partition = rolling.get("partition")
        if partition is not None and updated < want - int(partition):
            return (f"Waiting for partitioned roll out to finish: {updated} out of {want - int(partition)} "
                    "new pods have been updated...\n"), False
        return f"partitioned roll out complete: {updated} new pods have been updated...\n", True
    if status.get("updateRevision") != status.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {updated} pods at revision "
                f"{status.get('updateRevision')}...\n"), False
    return (f"statefulset rolling update complete {int(status.get('currentReplicas') or 0)} pods at revision "
            f"{status.get('currentRevision')}...\n"), True


STATUS_VIEWERS: dict[str, Callable[[KubeObject], tuple[str, bool]]] = {
    "Deployment": deployment_status, "DaemonSet": daemonset_status, "StatefulSet": statefulset_status,
}


def status(ctx: ExecContext, rt: ResourceType, obj: KubeObject, parsed, result: ToolResult) -> None:
    viewer = STATUS_VIEWERS.get(rt.kind)
    if viewer is None:
        return _fail(result, f"error: no status viewer has been implemented for {rt.kind}.{rt.group}".rstrip("."))
    if rt.kind in ("DaemonSet", "StatefulSet") and \
            ((obj.spec.get("updateStrategy") or {}).get("type") or "RollingUpdate") != "RollingUpdate":
        return _fail(result, "error: rollout status is only available for RollingUpdate strategy type")
    watch = as_bool(parsed.get("watch", True), "watch")
    timeout = parse_duration(str(parsed.get("timeout") or "0s"))
    if watch and getattr(ctx.shell, "interactive", False):
        return watch_in_terminal(ctx, rt, obj, viewer, timeout, result)
    waited, last = 0.0, None
    while True:
        obj = ctx.store.get(rt, obj.namespace, obj.name)
        if rt.kind == "Deployment" and timed_out(obj):
            return _fail(result, f'error: deployment "{obj.name}" exceeded its progress deadline')
        text, done = viewer(obj)
        if obj.metadata.resource_version != last:  # UntilWithSync prints on every Added/Modified event
            result.out(text)
            last = obj.metadata.resource_version
        if done or not watch:
            return None
        if timeout and waited >= timeout:
            return _fail(result, "error: timed out waiting for the condition")
        if waited >= MAX_WAIT:
            return _fail(result, 'error: "kubectl rollout status" waited 10m of simulated time; kubectl would keep '
                                 "waiting until Ctrl-C (try --timeout)")
        ctx.elapse(1.0)
        ctx.settle()
        waited += 1.0


def watch_in_terminal(ctx: ExecContext, rt: ResourceType, obj: KubeObject, viewer, timeout: float,
                      result: ToolResult) -> None:
    """In a person's terminal the watch holds the prompt as time passes (Ctrl-C ends it, as on the slides'
    `^C` under a paused rollout): the first status now, then a line per write of the object."""
    text, done = viewer(obj)
    result.out(text)
    if not done:
        result.process = _watching(ctx, rt, obj, viewer, timeout)


def _watching(ctx: ExecContext, rt: ResourceType, obj: KubeObject, viewer, timeout: float):
    shell, last, waited = ctx.shell, obj.metadata.resource_version, 0.0

    def say(text: str, stream: str = "stdout") -> None:
        terminal = getattr(shell, "terminal", None)
        if terminal is not None:
            (terminal.out if stream == "stdout" else terminal.err)(text)

    while True:
        yield 1.0
        waited += 1.0
        obj = ctx.store.find(rt, obj.namespace, obj.name)
        if obj is None:
            return 0
        if rt.kind == "Deployment" and timed_out(obj):
            say(f'error: deployment "{obj.name}" exceeded its progress deadline\n', "stderr")
            return 1
        text, done = viewer(obj)
        if obj.metadata.resource_version != last:
            say(text)
            last = obj.metadata.resource_version
        if done:
            return 0
        if timeout and waited >= timeout:
            say("error: timed out waiting for the condition\n", "stderr")
            return 1


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration for the units a person types (`90s`, `2m`, `1h30m`, `0`)."""
    if text in ("0", ""):
        return 0.0
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise FlagError(f'error: invalid argument "{text}" for "--timeout" flag: time: invalid duration "{text}"')
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(number) * scale[unit] for number, unit in parts)


# history and undo -------------------------------------------------------------------


def _revisions(ctx, deployment: KubeObject) -> dict[int, KubeObject]:
    return {revision_of(rs): rs for rs in owned_by(deployment, ctx.store, REPLICASETS)
            if REVISION in rs.metadata.annotations}


def _daemonset_revisions_refused(rt: ResourceType, sub: str, result: ToolResult) -> bool:
    if rt.kind == "DaemonSet":
        _fail(result, f'error: "kubectl rollout {sub}" of a DaemonSet is not simulated by KubeGrade yet: its '
                      "revisions are ControllerRevisions, which the simulator does not keep")
        return True
    return False


def history(ctx: ExecContext, rt: ResourceType, obj: KubeObject, parsed, result: ToolResult) -> None:
    if rt.kind != "Deployment":
        if not _daemonset_revisions_refused(rt, "history", result):
            _fail(result, f'error: no history viewer has been implemented for "{rt.kind}.{rt.group}"')
        return
    wanted = as_int(parsed.get("revision", 0) or 0, "revision", "rollout history")
    revisions = _revisions(ctx, obj)
    if wanted:
        if wanted not in revisions:
            return _fail(result, "error: unable to find the specified revision")
        template = revisions[wanted].spec.get("template") or {}
        result.out(f"{_prefix(rt, obj)} with revision #{wanted}\n{pod_template_text(ctx, template)}\n")
        return
    if not revisions:
        result.out(f"{_prefix(rt, obj)} \nNo rollout history found.\n")
        return
    rows = "REVISION\tCHANGE-CAUSE\n" + "".join(
        f"{number}\t{revisions[number].metadata.annotations.get(CHANGE_CAUSE) or '<none>'}\n"
        for number in sorted(revisions))
    result.out(f"{_prefix(rt, obj)} \n{render(rows, **DESCRIBE_SETTINGS)}\n")


def undo(ctx: ExecContext, rt: ResourceType, obj: KubeObject, parsed, result: ToolResult) -> None:
    """DeploymentRollbacker.Rollback: the chosen ReplicaSet's template and annotations go back on the Deployment."""
    if rt.kind != "Deployment":
        if not _daemonset_revisions_refused(rt, "undo", result):
            _fail(result, f'error: no rollbacker has been implemented for "{rt.kind}.{rt.group}"')
        return
    wanted = as_int(parsed.get("to-revision", 0) or 0, "to-revision", "rollout undo")
    if obj.spec.get("paused"):
        return _fail(result, "error: you cannot rollback a paused deployment; resume it first with "
                             f"'kubectl rollout resume deployment/{obj.name}' and try again")
    revisions = _revisions(ctx, obj)
    if wanted:
        target = revisions.get(wanted)
        if target is None:
            return _fail(result, f"error: unable to find specified revision {wanted} in history")
    else:
        older = sorted(revisions)[:-1]
        if not older:
            return _fail(result, f'error: no rollout history found for deployment "{obj.name}"')
        target = revisions[older[-1]]
    template = _without_hash(target.spec.get("template") or {})
    if template == _without_hash(obj.spec.get("template") or {}):
        number = wanted or revision_of(target)
        return result.out(f"{_prefix(rt, obj)} skipped rollback (current template already matches revision {number})\n")
    updated = obj.clone()
    updated.spec["template"] = template
    kept = {k: v for k, v in obj.metadata.annotations.items() if k in NOT_COPIED}
    updated.metadata.annotations = {**kept, **{k: v for k, v in target.metadata.annotations.items()
                                               if k not in NOT_COPIED}}
    ctx.store.update(updated)
    result.out(f"{_prefix(rt, obj)} rolled back\n")


def _without_hash(template: dict) -> dict:
    """The template with the `pod-template-hash` label removed, as rollback.go patches it back."""
    
    template = thaw(template)
    labels = (template.get("metadata") or {}).get("labels")
    if labels is not None:
        labels.pop("pod-template-hash", None)
    return template


# restart ------------------------------------------------------------------------------


def restart(ctx: ExecContext, rt: ResourceType, obj: KubeObject, parsed, result: ToolResult) -> None:
    """defaultObjectRestarter: a new `restartedAt` in the pod template makes the controller roll."""
    if rt.kind not in ("Deployment", "DaemonSet"):
        return _fail(result, f'error: {rt.group_resource} "{obj.name}" restarting is not supported')
    if rt.kind == "Deployment" and obj.spec.get("paused"):
        return _fail(result, "error: can't restart paused deployment (run rollout resume first)")
    updated = obj.clone()
    template = updated.spec.setdefault("template", {})
    annotations = template.setdefault("metadata", {}).setdefault("annotations", {})
    annotations[RESTARTED_AT] = rfc3339(ctx.now())
    ctx.store.update(updated)
    result.out(f"{_prefix(rt, obj)} restarted\n")


def pod_template_text(ctx: ExecContext, template: dict) -> str:
    """history.go printTemplate: `DescribePodTemplate` through a PrefixWriter straight into a
    buffer, so its tabs are printed as they are, never aligned."""
    writer = PrefixBufferWriter()
    describe_pod_template(writer, DescribeContext(now=ctx.now()), template)
    return writer.text()


class PrefixBufferWriter(DescribeWriter):
    """describe.go's PrefixWriter over a plain buffer instead of a tabwriter."""

    def __init__(self) -> None:
        self._writer = _Buffer()


class _Buffer:
    def __init__(self) -> None:
        self.output = ""

    def write(self, text: str) -> None:
        self.output += text

    def flush(self) -> None:
        """Nothing is held back."""


# pause and resume ---------------------------------------------------------------------


def pause(ctx: ExecContext, rt: ResourceType, obj: KubeObject, parsed, result: ToolResult) -> None:
    """pause.go over `defaultObjectPauser`: `spec.paused` set; only Deployments can be paused."""
    _set_paused(ctx, rt, obj, result, True)


def resume(ctx: ExecContext, rt: ResourceType, obj: KubeObject, parsed, result: ToolResult) -> None:
    _set_paused(ctx, rt, obj, result, False)


def _set_paused(ctx: ExecContext, rt: ResourceType, obj: KubeObject, result: ToolResult, paused: bool) -> None:
    verb = "pausing" if paused else "resuming"
    if rt.kind != "Deployment":
        return _fail(result, f'error: {rt.group_resource} "{obj.name}" {verb} is not supported')
    if bool(obj.spec.get("paused")) == paused:
        return _fail(result, f'error: {rt.group_resource} "{obj.name}" is {"already" if paused else "not"} paused')
    updated = obj.clone()
    if paused:
        updated.spec["paused"] = True
    else:
        updated.spec.pop("paused", None)
    ctx.store.update(updated)
    result.out(f"{_prefix(rt, obj)} {'paused' if paused else 'resumed'}\n")


SUB_RUNNERS = {"status": status, "history": history, "undo": undo, "restart": restart, "pause": pause,
               "resume": resume}
