"""NFS as the course serves it (slides 476-515 of week 6): the workstation (or any VM) installs
nfs-kernel-server, lists directories in /etc/exports and restarts the service; a node that mounts
an `nfs` volume needs nfs-common (mount.nfs) installed.

The course's rs-nfs.yaml names the server 192.168.100.250: the workstation's address on the
host-only network in that cohort ("Working 用 Ubuntu PC", outside the cluster). The simulated
workstation is `vantage.REMOTE_IP`; both addresses reach it.

Exports follow exports(5): `path client(options) ...`, a client being `*`, an address, a wildcard
(`192.168.100.*`, matched against the client's address as nfs-utils does when it has no name for
it) or a CIDR block. What the server serves is what /etc/exports said when the service last
(re)started or `exportfs -ra` ran.
"""

from __future__ import annotations

import fnmatch
import ipaddress
from typing import TYPE_CHECKING

from simulator.filesystem import Entry, Tree, normal
from simulator.vantage import REMOTE_IP
from simulator.workstation_keys import KEY_PATH, workstation_private_key

if TYPE_CHECKING:
    from simulator.machines import Machines

WORKSTATION = "remote"
WORKSTATION_ADDRESSES = (REMOTE_IP, "192.168.100.250")
WORKSTATION_HOME = "/home/remote"
SERVER_PACKAGE, CLIENT_PACKAGE = "nfs-kernel-server", "nfs-common"
# what the nfs-kernel-server package puts in a new /etc/exports (Ubuntu 20.04)
DEFAULT_EXPORTS = """# /etc/exports: the access control list for filesystems which may be exported
#\t\tto NFS clients.  See exports(5).
#
# Example for NFSv2 and NFSv3:
# /srv/homes       hostname1(rw,sync,no_subtree_check) hostname2(ro,sync,no_subtree_check)
#
# Example for NFSv4:
# /srv/nfs4        gss/krb5i(rw,sync,fsid=0,crossmnt,no_subtree_check)
# /srv/nfs4/homes  gss/krb5i(rw,sync,no_subtree_check)
#
"""
BAD_OPTION = ("mount: {target}: bad option; for several filesystems (e.g. nfs, cifs) you might need a "
              "/sbin/mount.<type> helper program.\n")


def workstation_tree(machines: "Machines", now: float) -> Tree:
    """The workstation's own disk: the student's home, /tmp, /srv, /etc, /mnt (Ubuntu 20.04's layout)."""
    tree = machines.trees.get("workstation")
    if tree is None:
        tree = machines.trees["workstation"] = Tree(now)
        tree.mkdir(WORKSTATION_HOME, now, parents=True)
        tree.entries[WORKSTATION_HOME].owner = "vagrant"  # the workstation's login, as on the nodes
        tree.entries["/tmp"] = Entry("d", 0o1777, now)
        tree.mkdir(f"{WORKSTATION_HOME}/.ssh", now, mode=0o700, user="vagrant")  # as ssh-keygen made it
        tree.write(f"{WORKSTATION_HOME}/{KEY_PATH}", workstation_private_key(), now, mode=0o600, user="vagrant")
    for directory in ("/srv", "/etc", "/mnt"):
        if tree.get(directory) is None:
            tree.entries[directory] = Entry("d", 0o755, now)
    return tree


def machine_at(machines: "Machines", address: str) -> str | None:
    """The VM (or the workstation) that answers at `address`."""
    if address in WORKSTATION_ADDRESSES:
        return WORKSTATION
    return next((name for name in machines.names() if machines.node_ip(name) == address), None)


def tree_of(machines: "Machines", machine: str, now: float) -> Tree:
    return workstation_tree(machines, now) if machine == WORKSTATION else machines.node_tree(machine, now)


def installed(machines: "Machines", machine: str, package: str) -> bool:
    return package in machines.packages.get(machine, set())


def parse_exports(text: str) -> list[tuple[str, str]]:
    """(path, `client(options)`) pairs from /etc/exports, comments and blank lines skipped."""
    exports = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        path, clients = words[0], words[1:] or ["*"]
        exports.extend((normal(path), client) for client in clients)
    return exports


def reload_exports(machines: "Machines", machine: str, now: float) -> None:
    """The server (re)reads /etc/exports: what `service nfs-kernel-server restart` and `exportfs -ra` do."""
    entry = tree_of(machines, machine, now).get("/etc/exports")
    machines.nfs_exports[machine] = parse_exports(entry.content if entry is not None and entry.kind == "f" else "")
    machines.files_revision += 1  # the kubelets retry their mounts


def client_matches(client: str, address: str) -> bool:
    host = client.split("(", 1)[0] or "*"
    if "/" in host:
        try:
            return ipaddress.ip_address(address) in ipaddress.ip_network(host, strict=False)
        except ValueError:
            return False
    return fnmatch.fnmatchcase(address, host)


def options_of(client: str) -> set[str]:
    _, _, rest = client.partition("(")
    return {option.strip() for option in rest.rstrip(")").split(",") if option.strip()}


def export_for(machines: "Machines", server: str, path: str, client_address: str) -> str | None:
    """The `client(options)` of the export serving `path` to that address, or None (access denied)."""
    path = normal(path)
    for directory, client in machines.nfs_exports.get(server, []):
        if (path == directory or path.startswith(directory.rstrip("/") + "/")) and client_matches(client, client_address):
            return client
    return None


def read_only(machines: "Machines", server: str, path: str, client_address: str) -> bool:
    client = export_for(machines, server, path, client_address)
    return client is not None and "rw" not in options_of(client)


def mount_output(machines: "Machines", node: str, source: dict) -> str | None:
    """What `mount -t nfs server:path` prints on the node when it fails (`{target}` left to fill), or None."""
    if not installed(machines, node, CLIENT_PACKAGE):
        return BAD_OPTION
    address, path = str(source.get("server") or ""), normal(str(source.get("path") or "/"))
    server = machine_at(machines, address)
    if server is None:
        return "mount.nfs: Connection timed out\n"
    if server not in machines.nfs_exports:
        return "mount.nfs: Connection refused\n"
    if export_for(machines, server, path, machines.node_ip(node)) is None:
        return f"mount.nfs: access denied by server while mounting {address}:{path}\n"
    if tree_of(machines, server, 0.0).get(path) is None:
        return f"mount.nfs: mounting {address}:{path} failed, reason given by server: No such file or directory\n"
    return None
