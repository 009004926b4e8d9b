"""The static pod manifests on the master's disk (/etc/kubernetes/manifests), as files.

kubeadm writes them and the kubelet runs what they say: editing `kube-apiserver.yaml` (week 10
turns on PodSecurityPolicy with `--enable-admission-plugins`) restarts the API server with the
new flags (`controllers/static_pod_files.py`); editing `kube-controller-manager.yaml` or
`kube-scheduler.yaml` restarts that component (`controllers/control_plane_files.py`). The texts are
in `static_manifests/` (their sources in `static_manifests/SOURCES.md`). Parsing here is what the kubelet and the API
server's flag parsing need: the command line of the manifest's one container.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from simulator.filesystem import Entry, Tree

MANIFESTS_DIR = "/etc/kubernetes/manifests"
APISERVER_MANIFEST = f"{MANIFESTS_DIR}/kube-apiserver.yaml"
APISERVER_NODE = "master"
# the components whose manifests kubeadm writes beside the API server's; each restarts when its file changes
COMPONENTS = ("kube-controller-manager", "kube-scheduler")
HERE = Path(__file__).parent / "static_manifests"
# kube-apiserver v1.23's AllOrderedPlugins (pkg/kubeapiserver/options/plugins.go): a name outside
# them stops it at start ("admission plugin X not found")
KNOWN_PLUGINS = frozenset((
    "AlwaysAdmit", "NamespaceAutoProvision", "NamespaceLifecycle", "NamespaceExists", "SecurityContextDeny",
    "LimitPodHardAntiAffinityTopology", "LimitRanger", "ServiceAccount", "NodeRestriction", "TaintNodesByCondition",
    "AlwaysPullImages", "ImagePolicyWebhook", "PodSecurity", "PodSecurityPolicy", "PodNodeSelector", "Priority",
    "DefaultTolerationSeconds", "PodTolerationRestriction", "EventRateLimit", "ExtendedResourceToleration",
    "PersistentVolumeLabel", "DefaultStorageClass", "StorageObjectInUseProtection", "OwnerReferencesPermissionEnforcement",
    "PersistentVolumeClaimResize", "RuntimeClass", "CertificateApproval", "CertificateSigning",
    "CertificateSubjectRestriction", "DefaultIngressClass", "DenyServiceExternalIPs", "MutatingAdmissionWebhook",
    "ValidatingAdmissionWebhook", "ResourceQuota", "AlwaysDeny"))


@cache
def manifest_text(component: str) -> str:
    return (HERE / f"{component}.yaml").read_text(encoding="utf-8")


def apiserver_manifest_text() -> str:
    return manifest_text("kube-apiserver")


def manifest_path(component: str) -> str:
    return f"{MANIFESTS_DIR}/{component}.yaml"


def seed_master_files(tree: Tree, now: float) -> None:
    """kubespray's directories and the control plane's manifests (0600 root, as kubeadm writes static pods)
    on the master's disk; vagrant may cd into the directory (the slides do) but not read the files."""
    for path, mode in (("/etc", 0o755), ("/etc/kubernetes", 0o755), (MANIFESTS_DIR, 0o755)):
        tree.entries.setdefault(path, Entry("d", mode, now))
    tree.entries[APISERVER_MANIFEST] = Entry("f", 0o600, now, apiserver_manifest_text())
    for component in COMPONENTS:
        tree.entries[manifest_path(component)] = Entry("f", 0o600, now, manifest_text(component))


def manifest_command(text: str) -> list[str] | None:
    """The command of the manifest's container; None when the kubelet could not read it as a pod."""
    import yaml  # here, not at the top: a command line's prompt waits for every module-level import

    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    try:
        command = document["spec"]["containers"][0]["command"]
    except (KeyError, IndexError, TypeError):
        return None
    if not isinstance(command, list) or not all(isinstance(part, (str, int, float, bool)) for part in command):
        return None
    return [str(part) for part in command]


def enabled_plugins(command: list[str]) -> frozenset[str] | None:
    """`--enable-admission-plugins` (the last one given wins, as pflag does); None when it names a
    plugin kube-apiserver does not have, which stops it at start."""
    names: list[str] = []
    for index, part in enumerate(command):
        if part.startswith("--enable-admission-plugins="):
            names = [n.strip() for n in part.split("=", 1)[1].split(",") if n.strip()]
        elif part == "--enable-admission-plugins" and index + 1 < len(command):
            names = [n.strip() for n in command[index + 1].split(",") if n.strip()]
    if any(name not in KNOWN_PLUGINS for name in names):
        return None
    return frozenset(names)
