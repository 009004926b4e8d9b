"""`kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...` as kubectl 1.23 runs it.

From staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go (Complete, RunPortForward)
and client-go tools/portforward/portforward.go (parsePorts, listenOnPort, handleConnection):
the object is found (a pod, or the first active pod a Service or controller selects), a
Service port becomes the pod's target port and a named port its number; the pod must be
Running; then kubectl listens at each local port on each address of `--address` (parseAddresses:
`localhost`, the default, is 127.0.0.1 and [::1], of which one bind is enough; every IP given
must bind; sorted, duplicates dropped), prints `Forwarding from 127.0.0.1:8080 -> 8080` for
each listener, and runs on, a process of the shell
(its job with `&`, the held terminal without), until a signal ends it. While it runs, a
connection to that local port reaches the pod (`network.forwards`); each prints
`Handling connection for 8080`. A connection to a port nothing in the pod listens on is
an error on the stream, after which 1.23 closes the connection to the kubelet and exits
(kubernetes#103526).
"""

from __future__ import annotations

import ipaddress
from typing import Generator

from simulator.network.forwards import LocalForward, host_of
from simulator.network.listeners import OpenSocket, node_listener
from simulator.objects import KubeObject
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_kind
from simulator.shell.kubectl.flags import Flag, FlagError, parse_flags
from simulator.shell.kubectl.resources import parse_resource_args
from simulator.shell.runtime import MAX_LINE_SECONDS, Wait

FLAGS = (Flag("address", "", True, True), Flag("pod-running-timeout"))
PODS = by_kind("Pod")
USAGE = ("error: TYPE/NAME and list of ports are required for port-forward\n"
         "See 'kubectl port-forward -h' for help and examples")
POD_RUNNING_TIMEOUT = 60.0  # --pod-running-timeout's default (1m): how long GetFirstPod waits for a pod
EPHEMERAL_PORTS = (32768, 60999)  # Linux's ip_local_port_range, for a local port of 0 (`:8080`)


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    parsed = parse_flags(argv[1:], FLAGS, "port-forward")
    if len(parsed.positional) < 2:
        raise FlagError(USAGE)
    namespace = parsed.get("namespace") or "default"
    obj = _object(ctx, parsed.positional[0], namespace)
    pod, problem = _forwardable_pod(ctx, obj, namespace)
    if problem:
        return ToolResult.failure(problem)
    try:
        ports = _remote_ports(obj, pod, parsed.positional[1:])
        pod = ctx.store.get(PODS, namespace, pod.name)
    except PortError as error:
        return ToolResult.failure(f"error: {error}\n")
    if pod.status.get("phase") != "Running":
        return ToolResult.failure("error: unable to forward port because pod is not running. "
                                  f"Current status={pod.status.get('phase') or ''}\n")
    try:  # NewOnAddresses: the addresses, then the ports
        addresses = listen_addresses(parsed.get("address") or ["localhost"])
        pairs = [_parse_port(local, remote) for local, remote in ports]
    except PortError as error:
        return ToolResult.failure(f"error: {error}\n")
    return _listen(ctx, pod, pairs, addresses)


class PortError(Exception):
    """A port kubectl or client-go refuses, in their words."""


def _object(ctx: ExecContext, typed: str, namespace: str) -> KubeObject:
    """`builder.ResourceNames("pods", name)`: a bare name is a pod; TYPE/NAME is looked up by its type."""
    if "/" not in typed:
        return ctx.store.get(PODS, namespace, typed)
    (request,) = parse_resource_args([typed], "port-forward", ctx.store.types)
    rt = request.rt
    return ctx.store.get(rt, namespace if rt.namespaced else None, request.names[0])


def _forwardable_pod(ctx: ExecContext, obj: KubeObject, namespace: str) -> tuple[KubeObject | None, str]:
    """polymorphichelpers.attachablePodForObject: the pod itself, or the first pod the selector finds,
    most active first (GetFirstPod sorts by sort.Reverse(ActivePods))."""
    if obj.kind == "Pod":
        return obj, ""
    spec = obj.spec or {}
    if obj.kind == "Service":
        if not spec.get("selector"):
            return None, f"error: invalid service '{obj.name}': Service is defined without a selector\n"
        selector = {"matchLabels": dict(spec["selector"])}
    elif isinstance(spec.get("selector"), dict) and obj.kind in ("ReplicaSet", "Deployment", "StatefulSet",
                                                                "DaemonSet", "Job", "ReplicationController"):
        selector = spec["selector"] if obj.kind != "ReplicationController" else {"matchLabels": spec["selector"]}
    else:
        return None, f"error: cannot attach to *v1.{obj.kind}: selector for *v1.{obj.kind} not implemented\n"
    pods = [pod for pod in ctx.store.list(PODS, namespace, selector) if not pod.metadata.deletion_timestamp]
    if not pods:
        ctx.elapse(POD_RUNNING_TIMEOUT)
        return None, "error: timed out waiting for the condition\n"
    return min(pods, key=_most_active_first), ""


def _most_active_first(pod: KubeObject) -> tuple:
    status = pod.status or {}
    ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or [])
    restarts = sum(int(c.get("restartCount") or 0) for c in status.get("containerStatuses") or [])
    rank = {"Running": 0, "Unknown": 1, "Pending": 2}.get(status.get("phase", ""), 3)
    return (not pod.spec.get("nodeName"), rank, not ready, restarts, pod.metadata.creation_timestamp or "", pod.name)


def _remote_ports(obj: KubeObject, pod: KubeObject, typed: list[str]) -> list[tuple[str, str]]:
    """translateServicePortToTargetPort for a Service, convertPodNamedPortToNumber otherwise."""
    ports = []
    for text in typed:
        local, remote = _split_port(text)
        if obj.kind == "Service":
            local, remote = _service_target(obj, pod, local, remote)
        elif remote == "":
            raise PortError("remote port cannot be empty")
        elif not remote.isdigit():
            remote = str(_named_container_port(pod, remote))
        ports.append((local, remote))
    return ports


def _split_port(text: str) -> tuple[str, str]:
    parts = text.split(":")
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], parts[0])


def _service_target(svc: KubeObject, pod: KubeObject, local: str, remote: str) -> tuple[str, str]:
    service_ports = svc.spec.get("ports") or []
    if remote.isdigit():
        number = int(remote)
    else:
        named = [p for p in service_ports if p.get("name") == remote]
        if not named:
            raise PortError(f"Service '{svc.name}' does not have a named port '{remote}'")
        number = int(named[0]["port"])
        local = str(number) if local == remote else local
    for port in service_ports:
        if int(port.get("port", 0)) != number:
            continue
        target = port.get("targetPort")
        if target in (None, 0, ""):
            return local, str(number)
        if isinstance(target, int) or str(target).isdigit():
            return local, str(target)
        return local, str(_named_container_port(pod, str(target)))
    raise PortError(f"Service {svc.name} does not have a service port {number}")


def _named_container_port(pod: KubeObject, name: str) -> int:
    for container in pod.spec.get("containers") or []:
        for port in container.get("ports") or []:
            if port.get("name") == name:
                return int(port["containerPort"])
    raise PortError(f"Pod '{pod.name}' does not have a named port '{name}'")


def listen_addresses(values: list[str]) -> list[tuple[str, str, str]]:
    """client-go's parseAddresses over the flag's values (a string slice: repeated, or comma
    separated): (address, tcp4 or tcp6, failure mode), sorted by address. `localhost` gives both
    loopbacks in mode "all" (the port fails only if neither binds); an IP is mode "any". Python's
    ipaddress reads the IPs; it refuses the leading zeros (`010.0.0.1`) that ParseIPSloppy takes."""
    given = [address for value in values for address in str(value).split(",") if address != ""]
    if not given:
        raise PortError("you must specify at least 1 address")
    parsed: dict[str, tuple[str, str, str]] = {}
    for address in given:
        if address == "localhost":
            parsed.setdefault("127.0.0.1", ("127.0.0.1", "tcp4", "all"))
            parsed.setdefault("::1", ("::1", "tcp6", "all"))
            continue
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            raise PortError(f"{address} is not a valid IP") from None
        v4 = ip.version == 4 or ip.ipv4_mapped is not None  # net.IP.To4()
        parsed[address] = (address, "tcp4" if v4 else "tcp6", "any")
    return sorted(parsed.values())


def _parse_port(local: str, remote: str) -> tuple[int, int]:
    """client-go's parsePorts, with strconv.ParseUint's errors."""
    local = local or "0"
    return _uint16(local, "local"), _remote_number(remote)


def _remote_number(text: str) -> int:
    number = _uint16(text, "remote")
    if number == 0:
        raise PortError("remote port must be > 0")
    return number


def _uint16(text: str, which: str) -> int:
    if not text.isdigit():
        raise PortError(f"error parsing {which} port '{text}': strconv.ParseUint: parsing \"{text}\": invalid syntax")
    if int(text) > 65535:
        raise PortError(f"error parsing {which} port '{text}': strconv.ParseUint: parsing \"{text}\": value out of range")
    return int(text)


def _listen(ctx: ExecContext, pod: KubeObject, pairs: list[tuple[int, int]],
            addresses: list[tuple[str, str, str]]) -> ToolResult:
    """listenOnPort for each port: a listener on each address, each bind refused in the kernel's
    words; `Forwarding from` for each that bound. A port fails when an IP of its own did not bind,
    or neither loopback of `localhost` did; the listeners it did open stay open, as client-go's do."""
    result = ToolResult()
    host = host_of(ctx.vantage)
    forwards, listening = [], False
    for local, remote in pairs:
        if local == 0:
            local = _free_port(ctx, host)
        bound, errors, failed = [], [], {"all": 0, "any": 0}
        for address, protocol, mode in addresses:
            why = _bind_error(ctx, host, address, local, bound)
            if why:
                errors.append(f"unable to create listener: Error listen {protocol} {_join(address, local)}: bind: {why}")
                failed[mode] += 1
                continue
            bound.append(address)
            result.out(f"Forwarding from {_join(address, local)} -> {remote}\n")
        if bound:
            forwards.append(LocalForward(host, local, pod.namespace, pod.name, remote, _pid(ctx), _announcer(ctx),
                                         addresses=tuple(bound)))
        localhost_bound = any(mode == "all" and address in bound for address, _, mode in addresses)
        if failed["any"] or (failed["all"] and not localhost_bound):
            result.err(f"Unable to listen on port {local}: Listeners failed to create with the following errors: "
                       f"[{' '.join(errors)}]\n")
        else:
            listening = True
    if not listening:  # ForwardPorts returns the error; its deferred Close() closes what did bind
        ports = " ".join(f"{{{local} {remote}}}" for local, remote in pairs)
        result.exit_code = 1
        return result.err(f"error: unable to listen on any of the requested ports: [{ports}]\n")
    result.process = _forwarding(ctx, forwards)
    return result


def _overlap(one, other) -> bool:
    """Two listeners of one family on one port collide when one of them is the wildcard."""
    return one.version == other.version and (one.is_unspecified or other.is_unspecified or one == other)


def _join(address: str, port: int) -> str:
    """net.JoinHostPort: an IPv6 address in brackets."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _bind_error(ctx: ExecContext, host: str, address: str, port: int, bound: list[str]) -> str:
    """The kernel's bind() in its order: an address not the machine's, a port below 1024 for a
    user who is not root, a port taken: by another process (one forward per port, whatever its
    addresses), or by this one's own listener on an overlapping address (0.0.0.0 and 127.0.0.1)."""
    ip = ipaddress.ip_address(address)
    if not (ip.is_loopback or ip.is_unspecified or address == ctx.vantage.ip):
        return "cannot assign requested address"
    if port < 1024 and not ctx.vantage.kind == "pod":
        return "permission denied"  # the workstation's and a node's login user is not root
    if ctx.network.forwards.in_use(host, port) or ctx.network.sockets.taken(host, port):
        return "address already in use"
    if any(_overlap(ip, ipaddress.ip_address(other)) for other in bound):
        return "address already in use"
    if ctx.vantage.kind == "node" and node_listener(ctx.network.topology, ctx.vantage.name, port, loopback=True):
        return "address already in use"
    return ""


def _free_port(ctx: ExecContext, host: str) -> int:
    rng = ctx.random("port-forward")
    while True:
        port = rng.randint(*EPHEMERAL_PORTS)
        if not ctx.network.forwards.in_use(host, port) and not ctx.network.sockets.taken(host, port):
            return port


def _pid(ctx: ExecContext) -> int:
    """A process in a background job is the job's (its pid was given when `&` started it)."""
    shell = ctx.shell
    if shell is None:
        return 0
    return shell.last_background_pid if hasattr(ctx, "owed") and shell.last_background_pid else shell.jobs.allocate_pid()


def _announcer(ctx: ExecContext):
    """kubectl's own writes while it runs go to the terminal of the shell that started it."""
    shell = ctx.shell

    def announce(text: str, stream: str = "stdout") -> None:
        terminal = getattr(shell, "terminal", None)
        if terminal is not None:
            (terminal.out if stream == "stdout" else terminal.err)(text)
    return announce


def _forwarding(ctx: ExecContext, forwards: list[LocalForward]) -> Generator[float, None, int]:
    """The process after its first lines: it listens until a signal closes it, or until a failed
    stream closed its connection to the kubelet (then 1.23's forward() returns nil: exit 0)."""
    network = ctx.network
    for forward in forwards:  # bound on the host's socket table too, so `kubectl proxy` finds the port taken
        network.forwards.add(forward)
        network.sockets.open(forward.host, forward.local_port, OpenSocket("kubectl-port-forward"))
    def lost() -> bool:
        return any(forward.lost for forward in forwards)

    try:
        while not lost():  # asleep until a stream fails: idle hours cost one step, not one per second
            yield Wait(MAX_LINE_SECONDS, holds_terminal=True, until=lost)
        return 0
    finally:
        for forward in forwards:
            network.forwards.remove(forward)
            network.sockets.close(forward.host, forward.local_port)
