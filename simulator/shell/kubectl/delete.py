"""`kubectl delete TYPE NAME...`, `TYPE -l SELECTOR`, `TYPE --all`, each optionally `-A`.

Follows kubectl 1.23's `delete.go` over cli-runtime's resource builder: names, a label
selector and `--all` exclude one another with the builder's own texts; `--all` and `-l`
list each type in the namespace (or, with `-A`, in every namespace, in the API server's
namespace/name order) and print `pod "x" deleted` per object; NotFound is ignored for
bulk deletes; errors are printed after the deletions that went through, as kubectl's
aggregated error is. Pods come back afterwards when a controller owns them (ReplicaSet,
DaemonSet, the kubelet for its static pods): that is the controllers' doing, not this
command's. `delete -f` lives in `from_files.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.errors import StatusError
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import ResourceType
from simulator.shell.kubectl import from_files
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import FlagError, as_bool, as_int, parse_flags
from simulator.shell.kubectl.output import check_format
from simulator.shell.kubectl.resources import ResourceRequest, parse_resource_args, parse_selector

NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\nExample resource "
                "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
                "   '<resource>'\n")
FORCE_WARNING = ("warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.\n")
CLUSTER_SCOPE_WARNING = "warning: deleting cluster-scoped resources, not scoped to the provided namespace\n"


@dataclass(frozen=True)
class Target:
    rt: ResourceType
    namespace: str | None
    name: str


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    """`kubectl delete`: by file (`-f`, in from_files.py) or by resource arguments."""
    parsed = parse_flags(argv[1:], from_files.FLAGS, "delete")
    check_format(parsed.get("output"))
    if parsed.has("filename"):
        return from_files.run_on_files(ctx, "delete", parsed)
    return delete_by_arguments(ctx, parsed)


def delete_by_arguments(ctx: ExecContext, parsed) -> ToolResult:
    """Resolve the targets as the builder does, then delete and report each one."""
    select_all = as_bool(parsed.get("all", False), "all")
    selector = str(parsed.get("selector") or "").strip()
    if select_all and selector:
        raise FlagError("error: setting 'all' parameter but found a non empty selector. ")
    requests = parse_resource_args(parsed.positional, "delete", ctx.store.types)
    if not requests:
        return ToolResult.failure(NO_RESOURCES)
    all_namespaces = as_bool(parsed.get("all-namespaces", False), "all-namespaces")
    namespace = None if all_namespaces else (parsed.get("namespace") or "default")
    if select_all or selector:
        targets = _selected(ctx, parsed.positional, requests, namespace, selector)
    else:
        targets = _named(requests, namespace, all_namespaces)
    ignore_not_found = parsed.get("ignore-not-found")
    if ignore_not_found is None:  # kubectl defaults it to true for --all and -l
        ignore_not_found = select_all or bool(selector)
    return _delete_each(ctx, parsed, targets, as_bool(ignore_not_found, "ignore-not-found"))


def _selected(ctx: ExecContext, positional: list[str], requests: list[ResourceRequest], namespace: str | None,
              selector: str) -> list[Target]:
    if any("/" in arg for arg in positional):
        raise FlagError("error: selectors and the all flag cannot be used when passing resource/name arguments")
    if any(request.names for request in requests):
        raise FlagError("error: name cannot be provided when a selector is specified")
    label_selector = parse_selector(selector) if selector else None
    store = ctx.store
    return [Target(request.rt, obj.namespace, obj.name)
            for request in requests
            for obj in store.list(request.rt, namespace if request.rt.namespaced else None, label_selector)]


def _named(requests: list[ResourceRequest], namespace: str | None, all_namespaces: bool) -> list[Target]:
    if any(not request.names for request in requests):
        raise FlagError("error: resource(s) were provided, but no name was specified")
    if all_namespaces and any(request.rt.namespaced for request in requests):
        raise FlagError("error: a resource cannot be retrieved by name across all namespaces")
    return [Target(request.rt, namespace if request.rt.namespaced else None, name)
            for request in requests for name in request.names]


def _delete_each(ctx: ExecContext, parsed, targets: list[Target], ignore_not_found: bool) -> ToolResult:
    result, errors = ToolResult(), []
    operation, dry_run = _operation(parsed, result)  # dry_run: None, "client" or "server"
    propagation = from_files.cascade_propagation(parsed)
    warn_cluster_scope = parsed.has("namespace") and not parsed.get("all-namespaces")
    for target in targets:
        if warn_cluster_scope and not target.rt.namespaced:
            result.err(CLUSTER_SCOPE_WARNING)
            warn_cluster_scope = False
        try:
            if dry_run == "server":
                ctx.store.get(target.rt, target.namespace, target.name)
            elif dry_run is None:
                ctx.store.delete(target.rt, target.namespace, target.name, propagation=propagation)
        except StatusError as error:
            if not (error.reason == "NotFound" and ignore_not_found):
                errors.append(status_error_text(error))
            continue
        if parsed.get("output") == "name":
            result.out(f"{target.rt.qualified}/{target.name}\n")
        else:
            result.out(f'{target.rt.qualified} "{target.name}" {operation}\n')
    if not targets:
        result.out("No resources found\n")
    if dry_run is None and as_bool(parsed.get("wait", True), "wait"):
        wait_until_gone(ctx, [t for t in targets if t.rt.kind in ("Namespace", "Pod")])
    if errors:
        result.err("".join(f"{line}\n" for line in errors))
        result.exit_code = 1
    return result


def _operation(parsed, result: ToolResult) -> tuple[str, str | None]:
    """`deleted`, `force deleted` or a dry run's wording, from --force, --grace-period, --now and --dry-run."""
    output = parsed.get("output")
    if output and output != "name":
        raise FlagError(f"error: unexpected -o output mode: {output}. We only support '-o name'")
    grace = as_int(parsed.get("grace-period", -1), "grace-period", "delete")
    force = as_bool(parsed.get("force", False), "force")
    if parsed.get("now"):
        if grace != -1:
            raise FlagError("error: --now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not force:
        grace = 1  # kubectl turns --grace-period=0 into 1 unless --force is given
    if force and grace < 0:
        grace = 0
    if force and grace > 0:
        raise FlagError("error: --force and --grace-period greater than 0 cannot be specified together")
    if force and grace == 0:
        result.err(FORCE_WARNING)
    operation = "force deleted" if grace == 0 else "deleted"
    dry_run = parsed.get("dry-run")
    if dry_run == "server":
        return f"{operation} (server dry run)", "server"
    if dry_run in ("client", True, "true"):
        return f"{operation} (dry run)", "client"
    return operation, None


MAX_WAIT_SECONDS = 600.0  # kubectl waits up to a week (168h); a namespace finalizes well within this


def wait_until_gone(ctx: ExecContext, targets: list[Target]) -> None:
    """`--wait` (true by default): kubectl 1.23's delete watches each deleted object until it is gone,
    printing nothing more. Namespaces and pods are what linger here: Terminating until their controller
    has emptied and finalized them, or their kubelet has stopped them (controllers/pod_stop.py)."""
    # the wait is for the deleted object (its uid): one made again with its name, as a StatefulSet makes
    # sf-web-0, is another (wait.go's delete condition)
    uids = {id(t): found.metadata.uid for t in targets if (found := ctx.store.find(t.rt, t.namespace, t.name))}
    waited = 0.0
    while targets and waited < MAX_WAIT_SECONDS:
        ctx.settle()
        if all(gone(ctx, t, uids.get(id(t))) for t in targets):
            return
        ctx.elapse(1.0)
        waited += 1.0


def gone(ctx: ExecContext, target: Target, uid: str | None) -> bool:
    found = ctx.store.find(target.rt, target.namespace, target.name)
    return found is None or (uid is not None and found.metadata.uid != uid)
