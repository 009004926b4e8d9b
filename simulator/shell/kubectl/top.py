"""`kubectl top nodes|pods`, as kubectl 1.23 prints them.

Ported from staging/src/k8s.io/kubectl/pkg/cmd/top/top_node.go, top_pod.go and
pkg/metricsutil/metrics_printer.go: columns `NAME CPU(cores) CPU% MEMORY(bytes) MEMORY%` for nodes
(the percentages of the node's allocatable, truncated: `int64(fraction)`), `[NAMESPACE] [POD] NAME
CPU(cores) MEMORY(bytes)` for pods; CPU as `%vm` of MilliValue, memory as whole MiB; every cell
tab-terminated through GetNewTabWriter. Sorted by name (pods by namespace then name) unless
`--sort-by=cpu|memory` (largest first). Without the metrics.k8s.io group in discovery `error:
Metrics API not available`; with it but nothing scraped yet `error: metrics not available yet`.
"""

from __future__ import annotations

from simulator.apps import metrics_server
from simulator.apps.metrics_server import MIB, PodMetrics, Usage
from simulator.objects import match_label_selector
from simulator.printers.quantity import parse_quantity
from simulator.printers.tabwriter import GET_SETTINGS, render
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_kind
from simulator.shell.kubectl.flags import Flag, FlagError, parse_flags
from simulator.shell.kubectl.resources import parse_selector

FLAGS = (Flag("selector", "l"), Flag("all-namespaces", "A", False), Flag("containers", "", False),
         Flag("sort-by"), Flag("no-headers", "", False), Flag("use-protocol-buffers", "", False))
NODE_WORDS, POD_WORDS = ("node", "nodes", "no"), ("pod", "pods", "po")
NOT_AVAILABLE = "error: Metrics API not available\n"
NOT_YET = "error: metrics not available yet\n"
HELP = ("Display Resource (CPU/Memory) usage.\n\n The top command allows you to see the resource consumption for "
        "nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the "
        "server.\n\nAvailable Commands:\n  node        Display resource (CPU/memory) usage of nodes\n"
        "  pod         Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n\n"
        "Use \"kubectl <command> --help\" for more information about a given command.\n"
        "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n")
METRICS_CREATION_DELAY = 120.0  # top_pod.go metricsCreationDelay = 2 * time.Minute


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    if not args:  # cmdutil.DefaultSubCommandRun: the help on stderr, exit 1
        return ToolResult.failure(HELP)
    if args[0] not in NODE_WORDS + POD_WORDS:  # RequireNoArguments
        return ToolResult.failure(f'error: unknown command "{" ".join(args)}"\nSee \'kubectl top -h\' for help and examples\n')
    parsed = parse_flags(args[1:], FLAGS, "top")
    sort_by = parsed.get("sort-by") or ""
    if sort_by not in ("", "cpu", "memory"):
        raise FlagError("error: --sort-by accepts only cpu or memory")
    if not metrics_server.api_registered(ctx.store):
        return ToolResult.failure(NOT_AVAILABLE)
    if not metrics_server.api_available(ctx.store):  # the aggregator cannot proxy: 503
        plural = "nodes" if args[0] in NODE_WORDS else "pods"
        return ToolResult.failure("Error from server (ServiceUnavailable): the server is currently unable to handle "
                                  f"the request (get {plural}.metrics.k8s.io)\n")
    if args[0] in NODE_WORDS:
        return _nodes(ctx, parsed, sort_by)
    return _pods(ctx, parsed, sort_by)


def _ordered(items: list, sort_by: str, key_name) -> list:
    if sort_by == "cpu":
        return sorted(items, key=lambda m: -m.cpu_milli)
    if sort_by == "memory":
        return sorted(items, key=lambda m: -m.memory_bytes)
    return sorted(items, key=key_name)


def _cpu(milli: int) -> str:
    return f"{milli}m"


def _memory(memory_bytes: int) -> str:
    return f"{memory_bytes // MIB}Mi"


def _percent(used_milli: int, available_milli: int) -> str:
    return f"{int(used_milli / available_milli * 100) if available_milli else 0}%"


def _nodes(ctx: ExecContext, parsed, sort_by: str) -> ToolResult:
    nodes = ctx.store.list(by_kind("Node"), None, parse_selector(parsed.get("selector")) if parsed.get("selector") else None)
    if parsed.positional:
        nodes = [ctx.store.get(by_kind("Node"), None, parsed.positional[0])]
    usage = metrics_server.node_metrics(ctx.store, ctx.clock.now())
    metrics = [usage[n.name] for n in nodes if n.name in usage]
    if not metrics:
        return ToolResult.failure(NOT_YET)
    allocatable = {n.name: n.status.get("allocatable") or {} for n in nodes}
    text = "" if parsed.get("no-headers") else "NAME\tCPU(cores)\tCPU%\tMEMORY(bytes)\tMEMORY%\t\n"
    for m in _ordered(metrics, sort_by, lambda m: m.name):
        cpu = parse_quantity(allocatable[m.name].get("cpu", "0")).milli()
        memory = parse_quantity(allocatable[m.name].get("memory", "0")).milli()
        text += (f"{m.name}\t{_cpu(m.cpu_milli)}\t{_percent(m.cpu_milli, cpu)}\t"
                 f"{_memory(m.memory_bytes)}\t{_percent(m.memory_bytes * 1000, memory)}\t\n")
    return ToolResult().out(render(text, **GET_SETTINGS))


def _pods(ctx: ExecContext, parsed, sort_by: str) -> ToolResult:
    everywhere = bool(parsed.get("all-namespaces"))
    namespace = None if everywhere else (parsed.get("namespace") or "default")
    selector = parse_selector(parsed.get("selector")) if parsed.get("selector") else None
    pods = {(p.namespace, p.name): p for p in ctx.store.list(by_kind("Pod"), namespace)
            if selector is None or match_label_selector(selector, p.metadata.labels)}
    if parsed.positional:
        name = parsed.positional[0]
        if (namespace, name) not in pods:
            return ToolResult.failure(f'Error from server (NotFound): podmetrics.metrics.k8s.io "{namespace}/{name}" '
                                      "not found\n")
        pods = {(namespace, name): pods[(namespace, name)]}
    now = ctx.clock.now()
    metrics = [m for m in metrics_server.pod_metrics(ctx.store, now) if (m.namespace, m.name) in pods]
    if not metrics:
        return _no_metrics(pods, namespace, now)
    return ToolResult().out(_pod_table(metrics, everywhere, bool(parsed.get("containers")),
                                       bool(parsed.get("no-headers")), sort_by))


def _no_metrics(pods: dict, namespace: str | None, now: float) -> ToolResult:
    """top_pod.go verifyEmptyMetrics: a pod older than two minutes has lost its metrics; else not yet."""
    if not pods:
        where = "No resources found\n" if namespace is None else f"No resources found in {namespace} namespace.\n"
        return ToolResult().err(where)
    for (ns, name), pod in pods.items():
        age = now - (pod.metadata.creation_timestamp or now)
        if age > METRICS_CREATION_DELAY:
            return ToolResult.failure(f"error: Metrics not available for pod {ns}/{name}, age: {_go_duration(age)}\n")
    return ToolResult.failure(NOT_YET)


def _pod_table(metrics: list[PodMetrics], everywhere: bool, containers: bool, no_headers: bool, sort_by: str) -> str:
    lines = []
    if not no_headers:
        lines.append(("NAMESPACE\t" if everywhere else "") + ("POD\t" if containers else "")
                     + "NAME\tCPU(cores)\tMEMORY(bytes)\t")
    key = (lambda m: (m.namespace, m.name)) if everywhere else (lambda m: m.name)
    for m in _ordered(metrics, sort_by, key):
        prefix = f"{m.namespace}\t" if everywhere else ""
        rows: list[tuple[str, Usage | PodMetrics]] = (
            [(f"{m.name}\t{c.name}", c) for c in _ordered(list(m.containers), sort_by, lambda c: c.name)]
            if containers else [(m.name, m)])
        lines += [f"{prefix}{label}\t{_cpu(u.cpu_milli)}\t{_memory(u.memory_bytes)}\t" for label, u in rows]
    return render("".join(line + "\n" for line in lines), **GET_SETTINGS)


def _go_duration(seconds: float) -> str:
    """Go's time.Duration.String(): `2h3m4.5s`, the seconds' fraction without trailing zeros."""
    nanos = round(seconds * 1e9)
    hours, rest = divmod(nanos, 3600 * 10 ** 9)
    minutes, rest = divmod(rest, 60 * 10 ** 9)
    whole, fraction = divmod(rest, 10 ** 9)
    text = f"{whole}" + (f".{fraction:09d}".rstrip("0") if fraction else "") + "s"
    return (f"{hours}h" if hours else "") + (f"{minutes}m" if hours or minutes else "") + text
