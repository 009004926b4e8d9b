"""`kubectl run -i [-t] [--rm]`: the pod's command runs attached and prints here (pkg/cmd/run).

kubectl creates the pod, waits for it to start (`--pod-running-timeout`, 1m), attaches to the
container and streams what the command prints; the command here runs from the pod's place in
the network as `kubectl exec` runs one. With `--rm` the pod is deleted afterwards and kubectl
prints `pod "NAME" deleted` (run.go's removeCreatedObjects). A command the image does not ship
fails as the runtime fails it; a pod that never starts times out as kubectl does.
"""

from __future__ import annotations

from simulator.apps.images import container_programs
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_kind
from simulator.shell.kubectl.delete import Target, wait_until_gone
from simulator.vantage import pod_vantage

PODS = by_kind("Pod")
RUNNING_TIMEOUT = 60.0  # --pod-running-timeout's default
STARTED = ("Running", "Succeeded", "Failed")


def run_attached(ctx: ExecContext, name: str, namespace: str, created: ToolResult, remove: bool,
                 tty: bool) -> ToolResult:
    if created.exit_code:
        return created
    result = ToolResult()
    pod = wait_started(ctx, namespace, name)
    if pod is None:
        result.err("error: timed out waiting for the condition\n")
        result.exit_code = 1
    else:
        run_command(ctx, pod, result, tty)
    if remove:  # removeCreatedObjects: delete's own flags, so it waits until the pod is gone
        ctx.store.delete(PODS, namespace, name)
        result.out(f'pod "{name}" deleted\n')
        wait_until_gone(ctx, [Target(PODS, namespace, name)])
    return result


def wait_started(ctx: ExecContext, namespace: str, name: str):
    waited = 0.0
    while waited <= RUNNING_TIMEOUT:
        pod = ctx.store.find(PODS, namespace, name)
        if pod is not None and pod.status.get("phase") in STARTED and pod.status.get("podIP"):
            return pod
        ctx.elapse(1.0)
        ctx.settle()
        waited += 1.0
    return None


def run_command(ctx: ExecContext, pod, result: ToolResult, tty: bool) -> None:
    from simulator.shell.frames import Frame

    container = (pod.spec.get("containers") or [{}])[0]
    argv = [*(container.get("command") or []), *(container.get("args") or [])]
    if not argv:
        return  # the image's own process: nothing the simulator prints for it
    program = argv[0].rsplit("/", 1)[-1]
    if program not in container_programs(pod, container.get("name")):
        result.err(f'error: exec: "{argv[0]}": executable file not found in $PATH\n')
        result.exit_code = 1
        return
    vantage = pod_vantage(pod.name, pod.namespace, pod.status.get("podIP", ""), pod.spec.get("nodeName", ""))
    frame = Frame(vantage, "exec", "root", "/", container.get("name"), shell="sh")
    ctx.shell.frames.append(frame)
    try:
        inner = ctx.shell.run_argv(argv, "", tty=tty)
    finally:
        if ctx.shell.frames and ctx.shell.frames[-1] is frame:
            ctx.shell.frames.pop()
    result.chunks.extend(inner.chunks)
    result.stdout += inner.stdout
    result.stderr += inner.stderr
    result.exit_code = inner.exit_code
