"""Builders for API objects as the simulator stores them (KubeObject + ObjectMeta), for printer tests."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.clock import LECTURE_EPOCH, rfc3339
from simulator.objects import KubeObject, ObjectMeta

NOW = LECTURE_EPOCH
DAY, HOUR, MINUTE = 86400, 3600, 60


class ObjectFactory:
    """Makes pods, services, endpoints, workloads, nodes and namespaces with sensible 1.23 defaults."""

    def __init__(self, now: float) -> None:
        self.now = now
        self._uids = 0

    def meta(self, name: str, namespace: str | None = "default", *, labels: dict | None = None,
             annotations: dict | None = None, age: float = 0, owner: KubeObject | None = None) -> ObjectMeta:
        self._uids += 1
        owners = []
        if owner is not None:
            owners = [{"apiVersion": owner.api_version, "blockOwnerDeletion": True, "controller": True,
                       "kind": owner.kind, "name": owner.name, "uid": owner.metadata.uid}]
        return ObjectMeta(name, namespace, uid=f"uid-{self._uids:04d}", labels=dict(labels or {}),
                          annotations=dict(annotations or {}), creation_timestamp=self.now - age,
                          owner_references=owners, resource_version=1000 + self._uids)

    def pod(self, name: str, *, age: float = 60, ready: bool = True, ip: str = "10.233.103.66",
            node: str | None = "worker2", restarts: int = 0, finished_ago: float | None = None,
            waiting: str | None = None, phase: str | None = None, labels: dict | None = None,
            owner: KubeObject | None = None, image: str = "whatwant/node-web:1.0", namespace: str = "default",
            containers: list[dict] | None = None) -> KubeObject:
        containers = containers or [{"image": image, "name": "node-web",
                                     "ports": [{"containerPort": 8080, "protocol": "TCP"}]}]
        spec: dict[str, Any] = {"containers": containers, "restartPolicy": "Always"}
        if node:
            spec["nodeName"] = node
        status: dict[str, Any] = {"phase": phase or ("Pending" if waiting or not node else "Running")}
        if node and not waiting:
            status.update({"hostIP": "192.168.100.202", "podIP": ip, "podIPs": [{"ip": ip}],
                           "startTime": rfc3339(self.now - age)})
        container: dict[str, Any] = {"image": image, "imageID": "", "lastState": {}, "name": containers[0]["name"],
                                     "ready": ready and not waiting, "restartCount": restarts}
        if waiting:
            container["state"] = {"waiting": {"reason": waiting}}
        else:
            container["state"] = {"running": {"startedAt": rfc3339(self.now - age)}}
        if finished_ago is not None:
            container["lastState"] = {"terminated": {"exitCode": 255, "finishedAt": rfc3339(self.now - finished_ago),
                                                     "reason": "Unknown", "startedAt": rfc3339(self.now - age)}}
        if node:
            status["containerStatuses"] = [container]
            status["conditions"] = [{"lastProbeTime": None, "status": "True" if c != "Ready" or ready else "False",
                                     "type": c} for c in ("Initialized", "Ready", "ContainersReady", "PodScheduled")]
        return KubeObject("v1", "Pod", self.meta(name, namespace, labels=labels or {"app": "node-web"}, age=age,
                                                 owner=owner), {"spec": spec, "status": status})

    def service(self, name: str, *, kind: str = "ClusterIP", cluster_ip: str | None = "10.233.12.34",
                ports: list[dict] | None = None, selector: dict | None = None, age: float = 60,
                external_name: str | None = None, labels: dict | None = None, **spec_extra: Any) -> KubeObject:
        spec: dict[str, Any] = {"type": kind, "sessionAffinity": "None"}
        if ports is None:
            ports = [] if kind == "ExternalName" else [{"port": 80, "protocol": "TCP", "targetPort": 8080}]
        if ports:
            spec["ports"] = ports
        if selector:
            spec["selector"] = selector
        if kind == "ExternalName":
            spec["externalName"] = external_name
        else:
            spec.update({"clusterIP": cluster_ip, "clusterIPs": [cluster_ip], "ipFamilies": ["IPv4"],
                         "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"})
        if kind in ("NodePort", "LoadBalancer"):
            spec["externalTrafficPolicy"] = "Cluster"
        spec.update(spec_extra)
        return KubeObject("v1", "Service", self.meta(name, labels=labels, age=age),
                          {"spec": spec, "status": {"loadBalancer": {}}})

    def endpoints(self, name: str, addresses: list[str], *, port: int = 8080, port_name: str | None = None,
                  not_ready: list[str] | None = None, age: float = 60, annotations: dict | None = None) -> KubeObject:
        body: dict[str, Any] = {}
        if addresses or not_ready:
            ports = [{"port": port, "protocol": "TCP", **({"name": port_name} if port_name else {})}]
            subset: dict[str, Any] = {"ports": ports}
            if addresses:
                subset["addresses"] = [{"ip": ip} for ip in addresses]
            if not_ready:
                subset["notReadyAddresses"] = [{"ip": ip} for ip in not_ready]
            body["subsets"] = [subset]
        return KubeObject("v1", "Endpoints", self.meta(name, annotations=annotations, age=age), body)

    def template(self, labels: dict, image: str = "whatwant/node-web:1.0", name: str = "node-web") -> dict:
        return {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                "spec": {"containers": [{"image": image, "imagePullPolicy": "IfNotPresent", "name": name,
                                         "ports": [{"containerPort": 8080, "protocol": "TCP"}]}],
                         "restartPolicy": "Always"}}

    def replicaset(self, name: str, *, replicas: int = 3, ready: int | None = None, age: float = 300,
                   labels: dict | None = None, owner: KubeObject | None = None,
                   selector: dict | None = None) -> KubeObject:
        selector = selector or {"app": "node-web"}
        ready = replicas if ready is None else ready
        body = {"spec": {"replicas": replicas, "selector": {"matchLabels": selector},
                         "template": self.template(selector)},
                "status": {"availableReplicas": ready, "fullyLabeledReplicas": replicas, "observedGeneration": 1,
                           "readyReplicas": ready, "replicas": replicas}}
        return KubeObject("apps/v1", "ReplicaSet", self.meta(name, labels=labels, age=age, owner=owner), body)

    def deployment(self, name: str, *, replicas: int = 3, age: float = 300, selector: dict | None = None,
                   image: str = "whatwant/node-web:1.0", namespace: str = "default") -> KubeObject:
        selector = selector or {"app": name}
        body = {"spec": {"progressDeadlineSeconds": 600, "replicas": replicas, "revisionHistoryLimit": 10,
                         "selector": {"matchLabels": selector},
                         "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                                      "type": "RollingUpdate"},
                         "template": self.template(selector, image=image, name=name)},
                "status": {"availableReplicas": replicas, "observedGeneration": 1, "readyReplicas": replicas,
                           "replicas": replicas, "updatedReplicas": replicas}}
        return KubeObject("apps/v1", "Deployment", self.meta(name, namespace, labels=selector, age=age), body)

    def node(self, name: str, ip: str, *, master: bool = False, age: float = 19 * DAY + 22 * HOUR) -> KubeObject:
        labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
        if master:
            labels.update({"node-role.kubernetes.io/control-plane": "", "node-role.kubernetes.io/master": ""})
        status = {"addresses": [{"address": ip, "type": "InternalIP"}, {"address": name, "type": "Hostname"}],
                  "allocatable": {"cpu": "1900m", "memory": "3823360Ki", "pods": "110"},
                  "capacity": {"cpu": "2", "memory": "4030208Ki", "pods": "110"},
                  "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                  "message": "kubelet is posting ready status. AppArmor enabled",
                                  "lastHeartbeatTime": rfc3339(self.now - 30),
                                  "lastTransitionTime": rfc3339(self.now - 32 * MINUTE)}],
                  "nodeInfo": {"architecture": "amd64", "containerRuntimeVersion": "containerd://1.6.4",
                               "kernelVersion": "5.4.0-122-generic", "kubeProxyVersion": "v1.23.7",
                               "kubeletVersion": "v1.23.7", "operatingSystem": "linux",
                               "osImage": "Ubuntu 20.04.4 LTS"}}
        return KubeObject("v1", "Node", self.meta(name, None, labels=labels, age=age), {"spec": {}, "status": status})

    def namespace(self, name: str, *, age: float = 20 * DAY) -> KubeObject:
        return KubeObject("v1", "Namespace", self.meta(name, None, labels={"kubernetes.io/metadata.name": name},
                                                       age=age),
                          {"spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})


@pytest.fixture
def now() -> float:
    return NOW


@pytest.fixture
def make(now: float) -> ObjectFactory:
    return ObjectFactory(now)
