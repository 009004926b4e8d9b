"""`kubectl logs`: what a container wrote to stdout (node-web logs every request it serves)."""

from __future__ import annotations


from simulator.errors import StatusError
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_kind
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import Flag, parse_flags

FLAGS = (Flag("container", "c"), Flag("follow", "f", False), Flag("tail"), Flag("previous", "p", False),
         Flag("timestamps", "", False), Flag("selector", "l"))
STARTUP_LINES = {"node-web": "node-web server starting...\n"}


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, FLAGS, "logs")
    if not parsed.positional:
        return ToolResult.failure("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                                  "POD or TYPE/NAME is a required argument for the logs command\n"
                                  "See 'kubectl logs -h' for help and examples\n")
    name = parsed.positional[0].split("/", 1)[-1]
    try:
        pod = ctx.store.get(by_kind("Pod"), parsed.get("namespace") or "default", name)
    except StatusError as error:
        return ToolResult.failure(status_error_text(error) + "\n")
    containers = pod.spec.get("containers") or [{}]
    container = next((c for c in containers if c.get("name") == parsed.get("container")), containers[0])
    for status in pod.status.get("containerStatuses") or []:
        waiting = status.get("state", {}).get("waiting")
        if status.get("name") == container.get("name") and waiting and waiting.get("reason") != "CrashLoopBackOff":
            reason = waiting.get("reason")
            detail = "trying and failing to pull image" if reason in ("ErrImagePull", "ImagePullBackOff") else reason
            return ToolResult.failure(f'Error from server (BadRequest): container "{container.get("name")}" in pod '
                                      f'"{pod.name}" is waiting to start: {detail}\n')
    from simulator.apps.images import find_image

    image = find_image(str(container.get("image") or ""))
    from simulator.apps.http import DATA_APPS, access_log, image_tag

    lines = STARTUP_LINES.get(image.app if image else "", "")
    if image is not None and image.app == "node-web" and image_tag(container) in DATA_APPS:
        lines = ""  # week 8's app-1.js and app-2.js print nothing when they start
    lines += ctx.machines.container_logs.get(f"{pod.metadata.uid}/{container.get('name')}", "")
    from simulator.apps import fortune

    lines += fortune.log(pod, container, ctx.now())  # a loop whose lines follow the clock
    from simulator.apps import git_sync

    lines += git_sync.later_syncs_log(ctx.machines, pod, container, ctx.now())  # its syncs after the first

    lines += "".join(line if line.endswith("\n") else line + "\n" for line in access_log(ctx.network.access_logs, pod))
    if parsed.get("tail"):
        kept = lines.splitlines(keepends=True)
        count = int(parsed.get("tail"))
        lines = "".join(kept[-count:] if count >= 0 else kept)
    return ToolResult().out(lines)
