"""What /etc/resolv.conf says on each machine, as text and as resolver settings.

- **Pods, dnsPolicy ClusterFirst** (the default): the kubelet writes search
  `<ns>.svc.cluster.local svc.cluster.local cluster.local` followed by the host's
  search domains with duplicates removed, nameserver `clusterDNS`, `ndots:5`
  (`kubernetes:pkg/kubelet/network/dns/dns.go`); kubespray sets clusterDNS to
  nodelocaldns 169.254.25.10 and the host domains are `default.svc.cluster.local
  svc.cluster.local` (`resolved.conf.j2`), both dropped as duplicates. containerd
  writes search, nameserver, options in that order (`parseDNSOptions`). The
  lecture's `cat /etc/resolv.conf` shows exactly this file.
- **hostNetwork pods** get the host's settings unless `ClusterFirstWithHostNet`;
  **dnsPolicy Default** pods get the host's settings; **None** only `dnsConfig`.
  The "host's settings" are the kubelet's `resolvConf`
  (/run/systemd/resolve/resolv.conf on Ubuntu): resolved's DNS= (169.254.25.10)
  and the VirtualBox NAT DNS 10.0.2.3, with the two search domains.
- `dnsConfig` nameservers and searches are appended, options merged by name.
- **Nodes** (Ubuntu 20.04, systemd 245): the systemd-resolved stub file, with the
  Domains= kubespray configures.
- **The workstation**: the same stub file without cluster search domains.

Not modelled: the kubelet's limits (3 nameservers, 6 search domains) and its
warning events, and hosts whose DHCP adds search domains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.dns.servers import NODELOCALDNS_IP, RESOLVED_STUB_IP
from simulator.registry.kinds import by_kind
from simulator.vantage import Vantage

if TYPE_CHECKING:
    from simulator.registry.store import APIStore
    from simulator.objects import KubeObject

CLUSTER_DOMAIN = "cluster.local"
HOST_SEARCH = ("default.svc.cluster.local", "svc.cluster.local")
HOST_UPSTREAMS = (NODELOCALDNS_IP, "10.0.2.3")
STUB_HEADER = """\
# This file is managed by man:systemd-resolved(8). Do not edit.
#
# This is a dynamic resolv.conf file for connecting local clients to the
# internal DNS stub resolver of systemd-resolved. This file lists all
# configured search domains.
#
# Run "resolvectl status" to see details about the uplink DNS servers
# currently in use.
#
# Third party programs must not access this file directly, but only through the
# symlink at /etc/resolv.conf. To manage man:resolv.conf(5) in a different way,
# replace this symlink by a static file or a different symlink.
#
# See man:systemd-resolved.service(8) for details about the supported modes of
# operation for /etc/resolv.conf.

"""


@dataclass(frozen=True)
class ResolvConf:
    nameservers: tuple[str, ...]
    search: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    text: str = ""

    @property
    def ndots(self) -> int:
        """glibc's default is 1; the last `ndots:n` option wins (capped at 15)."""
        value = 1
        for option in self.options:
            if option.startswith("ndots:") and option[6:].isdigit():
                value = min(int(option[6:]), 15)
        return value

    @property
    def nameserver(self) -> str:
        return self.nameservers[0] if self.nameservers else "127.0.0.1"


def container_resolv_conf(nameservers, search, options) -> ResolvConf:
    """The file containerd writes for a pod sandbox."""
    text = ""
    if search:
        text += f"search {' '.join(search)}\n"
    if nameservers:
        text += "".join(f"nameserver {server}\n" for server in nameservers)
    if options:
        text += f"options {' '.join(options)}\n"
    return ResolvConf(tuple(nameservers), tuple(search), tuple(options), text)


def stub_resolv_conf(search: tuple[str, ...]) -> ResolvConf:
    text = STUB_HEADER + f"nameserver {RESOLVED_STUB_IP}\noptions edns0 trust-ad\n"
    if search:
        text += f"search {' '.join(search)}\n"
    return ResolvConf((RESOLVED_STUB_IP,), search, ("edns0", "trust-ad"), text)


def for_vantage(store: "APIStore", vantage: Vantage) -> ResolvConf:
    if vantage.kind == "remote":
        return stub_resolv_conf(())
    if vantage.kind == "node":
        return stub_resolv_conf(HOST_SEARCH)
    pod = store.find(by_kind("Pod"), vantage.namespace, vantage.name)
    if pod is None:
        return container_resolv_conf([NODELOCALDNS_IP], cluster_search(vantage.namespace or "default"), ["ndots:5"])
    return for_pod(pod)


def for_pod(pod: "KubeObject") -> ResolvConf:
    spec = pod.spec
    policy = spec.get("dnsPolicy") or "ClusterFirst"
    host_network = bool(spec.get("hostNetwork"))
    config = spec.get("dnsConfig") or {}
    if policy == "None":
        base_servers, base_search, base_options = [], [], []
    elif policy == "ClusterFirstWithHostNet" or (policy == "ClusterFirst" and not host_network):
        base_servers, base_search, base_options = [NODELOCALDNS_IP], cluster_search(pod.namespace or "default"), ["ndots:5"]
    else:
        base_servers, base_search, base_options = list(HOST_UPSTREAMS), list(HOST_SEARCH), []
    servers = _unique(base_servers + list(config.get("nameservers") or []))
    search = _unique(base_search + list(config.get("searches") or []))
    options = _merge_options(base_options, config.get("options") or [])
    return container_resolv_conf(servers, search, options)


def cluster_search(namespace: str) -> list[str]:
    own = [f"{namespace}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}", CLUSTER_DOMAIN]
    return _unique(own + list(HOST_SEARCH))


def _merge_options(base: list[str], extra: list[dict]) -> list[str]:
    """`mergeDNSOptions`: a dnsConfig option replaces the base option of the same name."""
    merged: dict[str, str] = {}
    for option in base:
        name, _, value = option.partition(":")
        merged[name] = option
    for option in extra:
        name, value = str(option.get("name", "")), option.get("value")
        if name:
            merged[name] = f"{name}:{value}" if value is not None else name
    return list(merged.values())


def _unique(items: list[str]) -> list[str]:
    seen, result = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            result.append(item)
    return result
