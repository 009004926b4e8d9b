"""`kubectl exec`: run a program in a pod's container, or open an interactive shell there."""

from __future__ import annotations


from simulator.apps.image_groups import interactive_bash_notices
from simulator.apps.images import container_programs
from simulator.errors import StatusError
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_kind
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import Flag, parse_flags
from simulator.vantage import pod_vantage

FLAGS = (Flag("stdin", "i", False), Flag("tty", "t", False), Flag("container", "c"), Flag("quiet", "q", False),
         Flag("pod-running-timeout"), Flag("filename", "f", True, True))
PODS = by_kind("Pod")
USAGE = ("error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required "
         "arguments for the exec command\nSee 'kubectl exec -h' for help and examples\n")
DEPRECATED = ("kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. "
              "Use kubectl exec [POD] -- [COMMAND] instead.\n")
SHELLS = ("bash", "sh", "/bin/bash", "/bin/sh", "/usr/bin/bash")


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, FLAGS, "exec")
    result = ToolResult()
    if not parsed.positional:
        return ToolResult.failure(USAGE)
    pod_name = parsed.positional[0].split("/", 1)[-1] if parsed.positional[0].startswith(("pod/", "pods/")) else parsed.positional[0]
    argv = parsed.command if parsed.dash_dash else parsed.positional[1:]
    if not parsed.dash_dash and argv:
        result.err(DEPRECATED)
    if not argv:
        return ToolResult.failure("error: you must specify at least one command for the container\n")
    namespace = parsed.get("namespace") or "default"
    try:
        pod = ctx.store.get(PODS, namespace, pod_name)
    except StatusError as error:
        return ToolResult.failure(status_error_text(error) + "\n")
    container, problem = choose_container(pod, parsed.get("container"), result)
    if problem:
        return ToolResult.failure(result.stderr + problem)
    return run_in_container(ctx, pod, container, argv, bool(parsed.get("stdin")), bool(parsed.get("tty")), result)


def choose_container(pod, wanted: str | None, result: ToolResult) -> tuple[dict, str | None]:
    containers = pod.spec.get("containers") or []
    if wanted:
        for container in containers:
            if container.get("name") == wanted:
                return container, None
        return {}, f'error: container {wanted} not found in pod {pod.name}\n'
    if len(containers) > 1:
        names = ", ".join(c.get("name") for c in containers)
        result.err(f'Defaulted container "{containers[0].get("name")}" out of: {names}\n')
    return containers[0], None


def not_running_error(pod, container: dict) -> str | None:
    phase = pod.status.get("phase")
    if phase in ("Succeeded", "Failed"):
        return f"error: cannot exec into a container in a completed pod; current phase is {phase}\n"
    for status in pod.status.get("containerStatuses") or []:
        if status.get("name") == container.get("name") and "running" in status.get("state", {}):
            return None
    return f'error: unable to upgrade connection: container not found ("{container.get("name")}")\n'


def run_in_container(ctx: ExecContext, pod, container: dict, argv: list[str],
                     stdin: bool, tty: bool, result: ToolResult) -> ToolResult:
    problem = not_running_error(pod, container)
    if problem:
        result.err(problem)
        result.exit_code = 1
        return result
    from simulator.shell.frames import Frame

    program = argv[0].rsplit("/", 1)[-1]
    available = container_programs(pod, container.get("name"))
    if program not in available:
        result.err("OCI runtime exec failed: exec failed: container_linux.go:380: starting container process caused: "
                   f'exec: "{argv[0]}": executable file not found in $PATH: unknown\n'
                   "command terminated with exit code 126\n")
        result.exit_code = 126
        return result
    vantage = pod_vantage(pod.name, pod.namespace, pod.status.get("podIP", ""), pod.spec.get("nodeName", ""))
    frame = Frame(vantage, "exec", "root", "/", container.get("name"), shell="sh" if program == "sh" else "bash")
    if argv[0] in SHELLS and len(argv) == 1:
        if stdin:
            ctx.shell.frames.append(frame)  # an interactive shell: later lines run inside the pod
            if program == "bash" and tty:
                result.err(interactive_bash_notices(pod, container))
        return result
    ctx.shell.frames.append(frame)
    try:
        if argv[0] in SHELLS and argv[1:2] == ["-c"]:
            inner = ctx.shell.execute(" ".join(argv[2:3]), shell=argv[0])
        else:
            inner = ctx.shell.run_argv(argv, ctx.stdin, tty=tty)
    finally:
        if ctx.shell.frames and ctx.shell.frames[-1] is frame:
            ctx.shell.frames.pop()
    result.chunks.extend(inner.chunks)
    result.stdout += inner.stdout
    result.stderr += inner.stderr
    if inner.exit_code:
        result.err(f"command terminated with exit code {inner.exit_code}\n")
    result.exit_code = inner.exit_code
    return result
