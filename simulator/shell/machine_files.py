"""The text files a simulated machine has: `/etc/hosts`, `/etc/hostname`, `/etc/resolv.conf`, a pod's cgroup files.

A pod sees the kubelet-managed `/etc/hosts`, its resolv.conf and what `touch` or a
download wrote in it; a node sees Ubuntu's files with the block kubespray writes; the
workstation reads the hands-on tree (the cluster's file source, where `kubectl -f`
reads) outside `/etc`.
"""

from __future__ import annotations

from simulator.machines import Machines
from simulator.programs.context import ExecContext
from simulator.registry.kinds import by_kind
from simulator.resources import cgroup_files, oom_score_adj
from simulator.printers.quantity import parse_quantity


def machine_files(ctx: ExecContext) -> dict[str, str]:
    """The text files this machine has, besides the workstation's hands-on tree."""
    vantage = ctx.vantage
    files = {"/etc/hostname": f"{vantage.name}\n"}
    dns = getattr(ctx.dns, "resolv_conf", None)
    if dns is not None:
        files["/etc/resolv.conf"] = dns(vantage)
    if vantage.kind == "pod":
        pod = current_pod(ctx)
        if pod is not None:
            files["/etc/hosts"] = pod_hosts_file(pod)
            containers = pod.spec.get("containers") or [{}]
            files.update(cgroup_files(containers[0]))  # the first container's: where `kubectl exec` goes
            files["/proc/1/oom_score_adj"] = f"{oom_score_adj(pod.spec, containers[0], node_memory(ctx, pod))}\n"
            files.update(ctx.machines.pod_files.get(pod.metadata.uid, {}))
    elif vantage.kind == "node":
        files["/etc/hosts"] = node_hosts_file(ctx.machines, vantage.name)
    return files


def node_memory(ctx: ExecContext, pod) -> int:
    """The machine's memory in bytes, as the kubelet's cadvisor reads it (the node's memory capacity)."""
    node = ctx.store.find(by_kind("Node"), None, pod.spec.get("nodeName") or "")
    capacity = ((node.status.get("capacity") or {}).get("memory") if node is not None else None) or 0
    return parse_quantity(capacity).whole()


def node_hosts_file(machines: Machines, node_name: str) -> str:
    """Ubuntu's defaults plus the block kubespray writes for every inventory host."""
    block = "".join(f"{machines.node_ip(n)} {n}.cluster.local {n}\n" for n in machines.names())
    return (f"127.0.0.1 localhost\n127.0.1.1 {node_name} {node_name}\n\n"
            "# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\n"
            "fe00::0 ip6-localnet\nff00::0 ip6-mcastprefix\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n"
            f"# Ansible inventory hosts BEGIN\n{block}# Ansible inventory hosts END\n")


def pod_hosts_file(pod) -> str:
    """The kubelet-managed /etc/hosts."""
    ip = pod.status.get("podIP", "")
    return ("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"
            f"{ip}\t{pod.name}\n")


def current_pod(ctx: ExecContext):
    """The pod the program runs in, or None on the workstation or a node."""
    if ctx.vantage.kind != "pod":
        return None
    return ctx.store.find(by_kind("Pod"), ctx.vantage.namespace, ctx.vantage.name)


def read_file(ctx: ExecContext, path: str) -> str | None:
    """A file's text as `cat` would print it, or None when there is no such file."""
    frame = ctx.shell.frame
    if frame.kind == "workstation" and not path.startswith("/etc/"):
        files = ctx.files
        try:
            if files.is_dir(path):
                return None
            return files.read(path).decode("utf-8", errors="replace")
        except (FileNotFoundError, IsADirectoryError, PermissionError, OSError):
            return None
    absolute = path if path.startswith("/") else ("/" if frame.cwd == "~" else frame.cwd.rstrip("/") + "/") + path
    return machine_files(ctx).get(absolute)
