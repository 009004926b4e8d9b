"""`kubectl describe`: the object, its Endpoints or pods, and its events, via the describe printers."""

from __future__ import annotations


from simulator.errors import StatusError
from simulator.objects import match_label_selector
from simulator.programs.context import ExecContext, ToolResult
from simulator.printers.describe_generic import describe_generic
from simulator.registry.kinds import by_kind
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import Flag, parse_flags
from simulator.shell.kubectl.get import api_reads
from simulator.shell.kubectl.resources import parse_resource_args, parse_selector

FLAGS = (Flag("selector", "l"), Flag("all-namespaces", "A", False), Flag("show-events", "", True),
         Flag("filename", "f", True, True))
USAGE = ("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of "
         "supported resources.\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples\n")


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, FLAGS, "describe")
    requests = parse_resource_args(parsed.positional, "describe", ctx.store.types)
    if not requests:
        return ToolResult.failure(USAGE)
    namespace = None if parsed.get("all-namespaces") else (parsed.get("namespace") or "default")
    store = api_reads(ctx)  # ComponentStatuses are probed, not stored
    result = ToolResult()
    texts = []
    for request in requests:
        if request.names:
            objects = []
            for name in request.names:
                try:
                    objects.append(store.get(request.rt, namespace or "default", name))
                except StatusError as error:
                    result.err(status_error_text(error) + "\n")
                    result.exit_code = 1
        else:
            selector = parse_selector(parsed.get("selector")) if parsed.has("selector") else None
            objects = store.list(request.rt, namespace if request.rt.namespaced else None, selector)
            if not objects and not texts:
                where = f" in {namespace} namespace" if namespace and request.rt.namespaced else ""
                result.err(f"No resources found{where}.\n")
        texts.extend(describe_object(ctx, obj) for obj in objects)
    if texts:
        output = "\n\n".join(texts)  # each ends in a newline: kubectl leaves two blank lines between
        result.chunks.insert(0, ("stdout", output))
        result.stdout = output + result.stdout
    return result


def describe_object(ctx: ExecContext, obj) -> str:
    from simulator.printers import describe as describe_printer

    endpoints = None
    pods, replica_sets = [], []
    if obj.kind == "Deployment":
        replica_sets = [rs for rs in ctx.store.list(by_kind("ReplicaSet"), obj.namespace)
                        if rs.metadata.owner_uid() == obj.metadata.uid]
    if obj.kind == "Service":
        endpoints = ctx.store.find(by_kind("Endpoints"), obj.namespace, obj.name)
    elif obj.kind in ("ReplicaSet", "Deployment", "DaemonSet"):
        pods = [p for p in ctx.store.list(by_kind("Pod"), obj.namespace)
                if match_label_selector(obj.spec.get("selector"), p.labels)]
    elif obj.kind == "Node":
        pods = [p for p in ctx.store.list(by_kind("Pod")) if p.spec.get("nodeName") == obj.name]
    elif obj.kind == "PersistentVolumeClaim":  # getPodsForPVC: the namespace's pods whose volumes name it
        pods = [p for p in ctx.store.list(by_kind("Pod"), obj.namespace)
                if any((v.get("persistentVolumeClaim") or {}).get("claimName") == obj.name
                       for v in p.spec.get("volumes") or [])]
    secrets = ctx.store.list(by_kind("Secret"), obj.namespace) if obj.kind == "ServiceAccount" else []
    quotas, limit_ranges = [], []
    if obj.kind == "Namespace":
        quotas = ctx.store.list(by_kind("ResourceQuota"), obj.name)
        limit_ranges = [{"spec": lr.spec} for lr in ctx.store.list(by_kind("LimitRange"), obj.name)]
    events = ctx.events.for_object(obj.namespace, obj.kind, obj.name)
    context = describe_printer.DescribeContext(now=ctx.now(), events=events, endpoints=endpoints, pods=pods,
                                               replica_sets=replica_sets, secrets=secrets, read=_reader(ctx),
                                               resource_quotas=quotas, limit_ranges=limit_ranges)
    found = ctx.store.types.declared(obj.kind, obj.api_version)
    if found is not None and found.describe is not None:
        return found.describe(obj, context)
    if found is not None:
        return describe_generic(obj, context)
    return describe_printer.describe(obj, context)




def _reader(ctx):
    def read(plural: str, namespace: str | None, name: str):
        rt = ctx.store.types.by_name(plural)
        return ctx.store.find(rt, namespace, name) if rt is not None else None

    return read
