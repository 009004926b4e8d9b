"""The lecture's cluster as it stands when the hands-on starts.

Three kubespray nodes (master, worker1, worker2) about 20 days old, Calico with a /24
block per node, the `kubernetes` and `coredns` Services, and the kube-system pods the
lecture lists under their real names, restarted 32 minutes ago when the VMs booted.
Fixed names and addresses: the seed only changes what students create.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from simulator.clock import rfc3339
from simulator.apiserver.policy import default_objects as default_policy
from simulator.objects import KubeObject, ObjectMeta
from simulator.registry.allocators import NodeBlockIPAM
from simulator.registry.kinds import by_kind
from simulator.resources import qos_class

if TYPE_CHECKING:
    from simulator.controllers.context import ControllerContext

STATIC_MANIFESTS = Path(__file__).parent / "static_manifests"
DAY, HOUR, MINUTE = 86400, 3600, 60
BOOT_AGO = 32 * MINUTE  # the VMs were started 32 minutes before the session
CLUSTER_AGE = 20 * DAY + 2 * HOUR
NODE_AGE = 19 * DAY + 22 * HOUR

NODES = (
    # name, InternalIP, pod block, next free ordinal in the block
    ("master", "192.168.100.200", "10.233.70.0/24", 19),
    ("worker1", "192.168.100.201", "10.233.110.0/24", 21),
    ("worker2", "192.168.100.202", "10.233.103.0/24", 65),
)
MACHINE_IPS = {name: ip for name, ip, _, _ in NODES}  # the VMs; they outlive their Node objects
# The course's Vagrantfile (course/02-Pod-Namespace/hands-on/Vagrantfile): vb.cpus, vb.memory (MiB)
VM_RESOURCES = {"master": (2, 2048), "worker1": (1, 1280), "worker2": (1, 1280)}
# kubespray roles/kubernetes/node/defaults/main.yml: kube_master_cpu_reserved 200m and
# kube_master_memory_reserved 512Mi on the control plane, kube_cpu_reserved 100m and
# kube_memory_reserved 256Mi elsewhere; the Week-10 slides' `describe nodes master` shows them applied.
RESERVED = {"master": (200, 512), "worker": (100, 256)}  # (millicores, MiB)
EVICTION_HARD_MI = 100  # the kubelet's default evictionHard memory.available<100Mi
# What Ubuntu 20.04's kernel keeps out of MemTotal: the page structs (64 bytes per 4 KiB page)
# and a fixed part, derived from the Week-10 slides: a 2048 MiB VM shows `memory: 2030728Ki`.
KERNEL_FIXED_KI = 33656
DISK_KI = 25155844  # the box's root filesystem, ephemeral-storage in the Week-10 slides
NODEFS_EVICTION = 0.10000000149011612  # evictionHard nodefs.available<10%, a Go float32 0.1 as the kubelet holds it
MASTER_TAINT = {"effect": "NoSchedule", "key": "node-role.kubernetes.io/master"}
TOLERATE_ALL = [{"operator": "Exists"}]
# The kubelet's applyDefaults (pkg/kubelet/config/common.go, v1.23) gives a pod read from a file this
# toleration, "so they are not evicted when there are node problems"; DefaultTolerationSeconds then adds none.
STATIC_POD_TOLERATION = {"operator": "Exists", "effect": "NoExecute"}
COREDNS_IP = "10.233.0.3"
NODELOCALDNS_IP = "169.254.25.10"

# Deployments: name, replicas, container, image, selector label, template hash
DEPLOYMENTS = (
    ("calico-kube-controllers", "calico-kube-controllers", "quay.io/calico/kube-controllers:v3.22.3",
     "calico-kube-controllers", "6dd874f784", True),
    ("coredns", "coredns", "k8s.gcr.io/coredns/coredns:v1.8.6", "kube-dns", "76b4fb4578", False),
    ("dns-autoscaler", "autoscaler", "k8s.gcr.io/cpa/cluster-proportional-autoscaler-amd64:1.8.5",
     "dns-autoscaler", "7979fb6659", False),
)
DAEMONSETS = (
    ("calico-node", "calico-node", "quay.io/calico/node:v3.22.3", "calico-node"),
    ("kube-proxy", "kube-proxy", "k8s.gcr.io/kube-proxy:v1.23.7", "kube-proxy"),
    ("nodelocaldns", "node-cache", "k8s.gcr.io/dns/k8s-dns-node-cache:1.21.1", "nodelocaldns"),
)
# kube-system's own ServiceAccounts and who runs as each (serviceAccountName in the workload's template):
# kubespray v2.19.1's roles/kubernetes-apps/ansible/templates/{coredns,dns-autoscaler,nodelocaldns}-sa.yml.j2
# (labelled addonmanager.kubernetes.io/mode: Reconcile), roles/network_plugin/calico/templates/calico-node-sa.yml.j2,
# roles/kubernetes-apps/policy_controller/calico/templates/calico-kube-sa.yml.j2, and kubeadm's kube-proxy
# (cmd/kubeadm/app/phases/addons/proxy: KubeProxyServiceAccountName), each named by its workload's manifest.
ADDON_LABELS = {"addonmanager.kubernetes.io/mode": "Reconcile"}
SERVICE_ACCOUNTS = {"calico-kube-controllers": {}, "calico-node": {}, "coredns": ADDON_LABELS,
                    "dns-autoscaler": ADDON_LABELS, "kube-proxy": {}, "nodelocaldns": ADDON_LABELS}
# kube-controller-manager runs each controller with its own account (kubeadm's --use-service-account-credentials),
# made in kube-system by its client builder when the controller starts: v1.23.1's cmd/kube-controller-manager/app
# `ClientBuilder.ClientOrDie|ConfigOrDie("<name>")` for the controllers that start here (kubeadm's
# --controllers=*,bootstrapsigner,tokencleaner, no cloud provider: no route-controller; the service controller
# asks for its client before failing; no storage-version-gc, its gates are off).
CONTROLLER_ACCOUNTS = (
    "attachdetach-controller", "bootstrap-signer", "certificate-controller", "clusterrole-aggregation-controller",
    "cronjob-controller", "daemon-set-controller", "deployment-controller", "disruption-controller",
    "endpoint-controller", "endpointslice-controller", "endpointslicemirroring-controller",
    "ephemeral-volume-controller", "expand-controller", "generic-garbage-collector", "horizontal-pod-autoscaler",
    "job-controller", "namespace-controller", "node-controller", "persistent-volume-binder", "pod-garbage-collector",
    "pv-protection-controller", "pvc-protection-controller", "replicaset-controller", "replication-controller",
    "resourcequota-controller", "root-ca-cert-publisher", "service-account-controller", "service-controller",
    "statefulset-controller", "token-cleaner", "ttl-after-finished-controller", "ttl-controller")
WORKLOAD_ACCOUNTS = {"calico-kube-controllers": "calico-kube-controllers", "coredns": "coredns",
                     "dns-autoscaler": "dns-autoscaler", "calico-node": "calico-node", "kube-proxy": "kube-proxy",
                     "nodelocaldns": "nodelocaldns"}
# Pods: name, owner kind/name (or None for static pods), node, IP (None: host network), restarts
PODS = (
    ("calico-kube-controllers-6dd874f784-rjxtz", ("ReplicaSet", "calico-kube-controllers-6dd874f784"), "worker2", None, 11),
    ("calico-node-599ck", ("DaemonSet", "calico-node"), "master", None, 8),
    ("calico-node-qlhvf", ("DaemonSet", "calico-node"), "worker2", None, 8),
    ("calico-node-tpwvg", ("DaemonSet", "calico-node"), "worker1", None, 18),
    ("coredns-76b4fb4578-kc7vm", ("ReplicaSet", "coredns-76b4fb4578"), "master", "10.233.70.18", 8),
    ("coredns-76b4fb4578-zbtvb", ("ReplicaSet", "coredns-76b4fb4578"), "worker1", "10.233.110.20", 7),
    ("dns-autoscaler-7979fb6659-p5fpm", ("ReplicaSet", "dns-autoscaler-7979fb6659"), "master", "10.233.70.17", 8),
    ("kube-apiserver-master", None, "master", None, 9),
    ("kube-controller-manager-master", None, "master", None, 9),
    ("kube-proxy-2w5rk", ("DaemonSet", "kube-proxy"), "master", None, 8),
    ("kube-proxy-dqjmx", ("DaemonSet", "kube-proxy"), "worker1", None, 8),
    ("kube-proxy-z8vfl", ("DaemonSet", "kube-proxy"), "worker2", None, 8),
    ("kube-scheduler-master", None, "master", None, 9),
    ("nginx-proxy-worker1", None, "worker1", None, 8),  # kubespray's API server proxy on every worker
    ("nginx-proxy-worker2", None, "worker2", None, 8),
    ("nodelocaldns-8bvtg", ("DaemonSet", "nodelocaldns"), "master", None, 8),
    ("nodelocaldns-kx9wq", ("DaemonSet", "nodelocaldns"), "worker1", None, 8),
    ("nodelocaldns-m5h2z", ("DaemonSet", "nodelocaldns"), "worker2", None, 8),
)
STATIC_IMAGES = {
    "kube-apiserver": "k8s.gcr.io/kube-apiserver:v1.23.7",
    "kube-controller-manager": "k8s.gcr.io/kube-controller-manager:v1.23.7",
    "kube-scheduler": "k8s.gcr.io/kube-scheduler:v1.23.7",
    "nginx-proxy": "docker.io/library/nginx:1.21.4",  # kubespray v2.19.1 nginx_image_tag
}
# Each system container's resources as kubespray v2.19.1 renders them (tag v2.19.1, 453dbce): the defaults of
# roles/network_plugin/calico (calico_node_*), roles/kubernetes-apps/policy_controller/calico
# (calico_policy_controller_*), roles/kubernetes-apps/ansible (dns_*, nodelocaldns_*, dns_autoscaler_*) and
# roles/kubernetes/node (loadbalancer_apiserver_* for nginx-proxy), in the fields each template sets;
# the control plane's cpu requests are kubeadm v1.23's (`ComponentResources("250m")` etc. in
# cmd/kubeadm/app/phases/controlplane/manifests.go); kubeadm's kube-proxy DaemonSet sets none.
# The Week-10 slides' `describe nodes master` shows the calico rows (slide lines 37-38).
RESOURCES = {
    "calico-node": {"limits": {"cpu": "300m", "memory": "500M"}, "requests": {"cpu": "150m", "memory": "64M"}},
    "calico-kube-controllers": {"limits": {"cpu": "1", "memory": "256M"}, "requests": {"cpu": "30m", "memory": "64M"}},
    "coredns": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
    "autoscaler": {"requests": {"cpu": "20m", "memory": "10Mi"}},
    "node-cache": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
    "kube-apiserver": {"requests": {"cpu": "250m"}},
    "kube-controller-manager": {"requests": {"cpu": "200m"}},
    "kube-scheduler": {"requests": {"cpu": "100m"}},
    "nginx-proxy": {"requests": {"cpu": "25m", "memory": "32M"}},
}
# kubespray roles/kubernetes/node/templates/manifests/nginx-proxy.manifest.j2: labels and priority
NGINX_PROXY_LABELS = {"addonmanager.kubernetes.io/mode": "Reconcile", "k8s-app": "kube-nginx"}


def build_lecture_cluster(parts: "ControllerContext") -> None:
    now = parts.clock.now()
    born = now - CLUSTER_AGE
    for name in ("default", "kube-node-lease", "kube-public", "kube-system"):
        _create(parts, KubeObject("v1", "Namespace", ObjectMeta(
            name, labels={"kubernetes.io/metadata.name": name}, creation_timestamp=born),
            {"spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}))
    for name, ip, block, next_ordinal in NODES:
        parts.machines.pod_ipam[name] = NodeBlockIPAM(block, next_ordinal)
        _create(parts, node_object(name, ip, block, now - NODE_AGE))
    for obj in default_policy(born):
        _create(parts, obj)
    _create_service_accounts(parts, born)
    _create_kubespray_rbac(parts, born)
    _create_services(parts, born)
    _create(parts, kube_proxy_config_map(born))
    owners = _create_workloads(parts, born)
    for pod_name, owner, node, ip, restarts in PODS:
        pod = _create(parts, system_pod(parts, pod_name, owners.get(owner), node, ip, restarts, born, now))
        if owner is None:  # a static pod: the kubelet keeps its manifest and re-posts the mirror pod
            parts.machines.static_pods.setdefault(node, []).append(pod.clone())


def node_object(name: str, ip: str, block: str, created: float) -> KubeObject:
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    spec: dict = {"podCIDR": block, "podCIDRs": [block]}
    if name == "master":
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node-role.kubernetes.io/master"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        spec["taints"] = [dict(MASTER_TAINT)]
    status = {
        "addresses": [{"address": ip, "type": "InternalIP"}, {"address": name, "type": "Hostname"}],
        "allocatable": node_allocatable(name),
        "capacity": node_capacity(name),
        "conditions": node_conditions(created + NODE_AGE - BOOT_AGO),
        "nodeInfo": {
            "architecture": "amd64",
            "containerRuntimeVersion": "containerd://1.6.4",
            "kernelVersion": "5.4.0-122-generic",
            "kubeProxyVersion": "v1.23.7",
            "kubeletVersion": "v1.23.7",
            "operatingSystem": "linux",
            "osImage": "Ubuntu 20.04.4 LTS",
        },
    }
    return KubeObject("v1", "Node", ObjectMeta(name, labels=labels, creation_timestamp=created),
                      {"spec": spec, "status": status})


def node_capacity(name: str) -> dict:
    """What the kubelet reads from the VM: its CPUs, MemTotal, the root disk, 110 pods."""
    cpus, mib = VM_RESOURCES[name]
    mem_total_ki = mib * 1024 - mib * 1024 // 64 - KERNEL_FIXED_KI
    return {"cpu": str(cpus), "ephemeral-storage": f"{DISK_KI}Ki", "hugepages-2Mi": "0",
            "memory": f"{mem_total_ki}Ki", "pods": "110"}


def node_allocatable(name: str) -> dict:
    """Capacity minus kube-reserved minus the hard eviction thresholds, as the kubelet's
    `GetNodeAllocatableReservation` computes it (pkg/kubelet/cm/node_container_manager_linux.go)."""
    capacity = node_capacity(name)
    cpu_reserved, memory_reserved_mi = RESERVED["master" if name == "master" else "worker"]
    millicores = int(capacity["cpu"]) * 1000 - cpu_reserved
    memory_ki = int(capacity["memory"][:-2]) - (memory_reserved_mi + EVICTION_HARD_MI) * 1024
    disk_bytes = DISK_KI * 1024
    return {**capacity, "cpu": f"{millicores}m", "ephemeral-storage": str(disk_bytes - int(disk_bytes * NODEFS_EVICTION)),
            "memory": f"{memory_ki}Ki"}


def node_conditions(booted: float) -> list[dict]:
    """The kubelet's node conditions, all fine since the VMs booted; heartbeats are recent."""
    from simulator.clock import rfc3339

    since, beat = rfc3339(booted), rfc3339(booted + BOOT_AGO - 40)
    pressures = (("NetworkUnavailable", "False", "CalicoIsUp", "Calico is running on this node"),
                 ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                 ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                 ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                 ("Ready", "True", "KubeletReady", "kubelet is posting ready status. AppArmor enabled"))
    return [{"lastHeartbeatTime": since if kind == "NetworkUnavailable" else beat, "lastTransitionTime": since,
             "message": message, "reason": reason, "status": status, "type": kind}
            for kind, status, reason, message in pressures]


def _create_services(parts: "ControllerContext", born: float) -> None:
    kubernetes = KubeObject("v1", "Service", ObjectMeta(
        "kubernetes", "default", labels={"component": "apiserver", "provider": "kubernetes"}, creation_timestamp=born),
        {"spec": {"clusterIP": "10.233.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]}})
    _create(parts, kubernetes)
    _create(parts, KubeObject("v1", "Endpoints", ObjectMeta(
        "kubernetes", "default", labels={"endpointslice.kubernetes.io/skip-mirror": "true"}, creation_timestamp=born),
        {"subsets": [{"addresses": [{"ip": "192.168.100.200"}],
                      "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}]}))
    coredns = KubeObject("v1", "Service", ObjectMeta(
        "coredns", "kube-system",
        labels={"addonmanager.kubernetes.io/mode": "Reconcile", "k8s-app": "kube-dns",
                "kubernetes.io/name": "coredns"},
        annotations={"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}, creation_timestamp=born),
        {"spec": {"clusterIP": COREDNS_IP, "selector": {"k8s-app": "kube-dns"}, "ports": [
            {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
            {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
            {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]}})
    _create(parts, coredns)


def _create_service_accounts(parts: "ControllerContext", born: float) -> None:
    """kube-system's accounts with their legacy token Secrets, named from a stream of their own so the
    names the rest of a session generates stay as they were."""
    from simulator.controllers.serviceaccounts import token_secret

    names = parts.rng.stream("bootstrap-token-names")
    for name, labels in sorted({**SERVICE_ACCOUNTS, **{a: {} for a in CONTROLLER_ACCOUNTS}}.items()):
        meta = ObjectMeta(name, "kube-system", labels=dict(labels), creation_timestamp=born)
        account = _create(parts, KubeObject("v1", "ServiceAccount", meta, {}))
        suffix = "".join(names.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
        secret = _create(parts, token_secret(account, f"{name}-token-{suffix}"))
        listed = account.clone()
        listed.body["secrets"] = [{"name": secret.name}]
        parts.store.update(listed)


# kubespray's own RBAC (tools/render_kubespray_rbac.py); week 9's `get clusterroles` (slides 606-607) dates calico's
# two roles 67 s and 82 s after the API server's; the others take the nearest known time in kubespray's order.
KUBESPRAY_RBAC = Path(__file__).parent / "apps" / "data" / "kubespray-v2.19.1-rbac.yaml"
KUBESPRAY_RBAC_DELAY = {"calico-node": 67, "calico-kube-controllers": 82, "system:coredns": 82, "system:dns-autoscaler": 82}


def _create_kubespray_rbac(parts: "ControllerContext", born: float) -> None:
    from simulator.registry.decoding import decode_object

    for document in yaml.safe_load_all(KUBESPRAY_RBAC.read_text()):
        obj = decode_object(document, parts.store.types)
        obj.metadata.creation_timestamp = born + KUBESPRAY_RBAC_DELAY.get(obj.name, 0)
        _create(parts, obj)


def _pod_template(workload: str, container: str, image: str, app: str, host_network: bool,
                  ports: list | None = None) -> dict:
    resources = {"resources": RESOURCES[container]} if container in RESOURCES else {}
    spec: dict = {"containers": [{"name": container, "image": image, **({"ports": ports} if ports else {}), **resources}],
                  "tolerations": list(TOLERATE_ALL), "priorityClassName": "system-cluster-critical",
                  "serviceAccountName": WORKLOAD_ACCOUNTS[workload]}
    if host_network:
        spec["hostNetwork"] = True
    return {"metadata": {"labels": {"k8s-app": app}}, "spec": spec}


def _create_workloads(parts: "ControllerContext", born: float) -> dict:
    owners: dict = {}
    for name, container, image, app, template_hash, host_network in DEPLOYMENTS:
        ports = [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                 {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                 {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}] if name == "coredns" else None
        template = _pod_template(name, container, image, app, host_network, ports)
        replicas = 2 if name == "coredns" else 1
        deployment = _create(parts, KubeObject("apps/v1", "Deployment", ObjectMeta(
            name, "kube-system", labels={"k8s-app": app}, creation_timestamp=born),
            {"spec": {"replicas": replicas, "selector": {"matchLabels": {"k8s-app": app}}, "template": template}}))
        from simulator.controllers.deployment import new_replica_set  # avoids an import cycle at module load

        rs = new_replica_set(deployment, template, template_hash, replicas)
        rs.metadata.creation_timestamp = born
        owners[("ReplicaSet", rs.name)] = _create(parts, rs)
    for name, container, image, app in DAEMONSETS:
        template = _pod_template(name, container, image, app, True)
        owners[("DaemonSet", name)] = _create(parts, KubeObject("apps/v1", "DaemonSet", ObjectMeta(
            name, "kube-system", labels={"k8s-app": app}, creation_timestamp=born),
            {"spec": {"selector": {"matchLabels": {"k8s-app": app}}, "template": template}}))
    return owners


def system_pod(parts: "ControllerContext", name: str, owner: KubeObject | None, node: str, ip: str | None,
               restarts: int, born: float, now: float) -> KubeObject:
    from simulator.controllers.daemonset import add_daemon_pod_tolerations
    from simulator.controllers.owners import controller_ref
    from simulator.controllers.replicaset import pod_from_template

    if owner is not None:
        pod = pod_from_template(owner, owner.name + "-")
        pod.metadata.name = name
        pod.metadata.generate_name = owner.name + "-"
        if owner.kind == "DaemonSet":
            add_daemon_pod_tolerations(pod.spec)
    else:
        component = name.rsplit("-" + node, 1)[0]
        labels = dict(NGINX_PROXY_LABELS) if component == "nginx-proxy" else {"component": component,
                                                                               "tier": "control-plane"}
        template = {"metadata": {"labels": labels},
                    "spec": {"containers": [{"name": component, "image": STATIC_IMAGES[component],
                                             "resources": RESOURCES[component]}],
                             "hostNetwork": True, "priorityClassName": "system-node-critical",
                             "tolerations": [dict(STATIC_POD_TOLERATION)]}}
        pod = KubeObject("v1", "Pod", ObjectMeta(name, labels=template["metadata"]["labels"]), {"spec": template["spec"]})
        node_obj = parts.store.get(by_kind("Node"), None, node)
        pod.metadata.owner_references = [{**controller_ref(node_obj), "blockOwnerDeletion": None}]
        pod.metadata.owner_references[0].pop("blockOwnerDeletion")
    pod.metadata.namespace = "kube-system"
    pod.metadata.creation_timestamp = born
    pod.spec["nodeName"] = node
    node_ip = parts.machines.node_ip(node)
    pod_ip = ip or node_ip
    if ip:
        parts.machines.pod_ipam[node].reserve(ip)
    started, finished = rfc3339(now - BOOT_AGO + 20), rfc3339(now - BOOT_AGO)
    container = pod.spec["containers"][0]
    pod.body["status"] = {
        "phase": "Running", "hostIP": node_ip, "podIP": pod_ip, "podIPs": [{"ip": pod_ip}],
        "startTime": rfc3339(born), "qosClass": qos_class(pod.spec),
        "conditions": [{"lastProbeTime": None, "lastTransitionTime": started, "status": "True", "type": t}
                       for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")],
        "containerStatuses": [{
            "containerID": "containerd://" + parts.rng.stream("container-ids").getrandbits(256).to_bytes(32, "big").hex(),
            "image": container["image"], "imageID": "", "name": container["name"], "ready": True,
            "restartCount": restarts, "started": True,
            "lastState": {"terminated": {"exitCode": 255, "reason": "Unknown", "startedAt": rfc3339(born),
                                         "finishedAt": finished}},
            "state": {"running": {"startedAt": started}},
        }],
    }
    return pod


def kube_proxy_config_map(born: float) -> KubeObject:
    """kube-system/kube-proxy as kubeadm wrote it for kubespray (static_manifests/SOURCES.md): the
    week-5 slides describe it to show `mode: iptables`, the mode the simulated kube-proxy runs."""
    document = yaml.safe_load((STATIC_MANIFESTS / "kube-proxy-configmap.yaml").read_text(encoding="utf-8"))
    meta = document["metadata"]
    return KubeObject("v1", "ConfigMap", ObjectMeta(meta["name"], meta["namespace"], labels=meta["labels"],
                                                    creation_timestamp=born), {"data": document["data"]})


def _create(parts: "ControllerContext", obj: KubeObject) -> KubeObject:
    return parts.store.create(obj)  # keeps a creationTimestamp set here (the boot ages)
