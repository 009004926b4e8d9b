"""Services: defaulting, validation (`pkg/apis/core/validation.ValidateService`) and allocation."""

from __future__ import annotations

from simulator.errors import FieldError, invalid
from simulator.objects import KubeObject
from simulator.registry.allocators import AllocationError
from simulator.registry.names import (
    DNS1123_LABEL,
    DNS1123_LABEL_MSG,
    DNS1123_SUBDOMAIN,
    DNS1123_SUBDOMAIN_MSG,
    validate_labels,
    validate_port_name,
    validate_port_number,
)
from simulator.registry.strategy import APIStore, Strategy


SERVICE_TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")
PROTOCOLS = ("TCP", "UDP", "SCTP")


def uses_node_ports(spec: dict) -> bool:
    return spec.get("type") in ("NodePort", "LoadBalancer")


def is_headless(spec: dict) -> bool:
    return spec.get("clusterIP") == "None"


def wants_cluster_ip(spec: dict) -> bool:
    return spec.get("type") != "ExternalName" and not is_headless(spec)


class ServiceStrategy(Strategy):
    name_rule = "dns1035"

    def default(self, obj: KubeObject) -> None:
        spec = obj.spec
        spec.setdefault("type", "ClusterIP")
        spec.setdefault("sessionAffinity", "None")
        for port in spec.get("ports") or []:
            if isinstance(port, dict):
                port.setdefault("protocol", "TCP")
                if "targetPort" not in port and "port" in port:
                    port["targetPort"] = port["port"]
        if spec.get("type") != "ExternalName":
            spec.setdefault("ipFamilies", ["IPv4"])
            spec.setdefault("ipFamilyPolicy", "SingleStack")
            spec.setdefault("internalTrafficPolicy", "Cluster")
        if uses_node_ports(spec):
            spec.setdefault("externalTrafficPolicy", "Cluster")
        if spec.get("sessionAffinity") == "ClientIP":
            config = spec.setdefault("sessionAffinityConfig", {}).setdefault("clientIP", {})
            config.setdefault("timeoutSeconds", 10800)
        if spec.get("type") == "LoadBalancer":
            spec.setdefault("allocateLoadBalancerNodePorts", True)
            obj.status.setdefault("loadBalancer", {})
        else:
            obj.body.setdefault("status", {"loadBalancer": {}})

    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec = obj.spec
        errors: list[FieldError] = []
        service_type = spec.get("type")
        if service_type not in SERVICE_TYPES:
            return [FieldError("Unsupported value", "spec.type", service_type,
                               'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"')]
        errors += self._validate_ports(spec)
        errors += validate_labels(spec.get("selector") or {}, "spec.selector")
        if service_type == "ExternalName":
            errors += self._validate_external_name(spec)
        if spec.get("sessionAffinity") not in ("None", "ClientIP"):
            errors.append(FieldError("Unsupported value", "spec.sessionAffinity", spec.get("sessionAffinity"),
                                     'supported values: "ClientIP", "None"'))
        policy = spec.get("externalTrafficPolicy")
        if policy is not None and not uses_node_ports(spec):
            errors.append(FieldError("Invalid value", "spec.externalTrafficPolicy", policy,
                                     "may only be set when `type` is 'NodePort' or 'LoadBalancer'"))
        elif policy not in (None, "Cluster", "Local"):
            errors.append(FieldError("Unsupported value", "spec.externalTrafficPolicy", policy,
                                     'supported values: "Cluster", "Local"'))
        return errors

    def _validate_ports(self, spec: dict) -> list[FieldError]:
        ports = spec.get("ports") or []
        errors: list[FieldError] = []
        if not ports and spec.get("type") != "ExternalName" and not is_headless(spec):
            return [FieldError("Required value", "spec.ports")]
        seen_names: set[str] = set()
        seen_ports: set[tuple] = set()
        for index, port in enumerate(ports):
            path = f"spec.ports[{index}]"
            name = port.get("name") or ""
            if len(ports) > 1 and not name:
                errors.append(FieldError("Required value", f"{path}.name"))
            elif name:
                if not DNS1123_LABEL.match(name) or len(name) > 63:
                    errors.append(FieldError("Invalid value", f"{path}.name", name, DNS1123_LABEL_MSG))
                if name in seen_names:
                    errors.append(FieldError("Duplicate value", f"{path}.name", name))
                seen_names.add(name)
            errors += validate_port_number(port.get("port"), f"{path}.port")
            protocol = port.get("protocol")
            if protocol not in PROTOCOLS:
                errors.append(FieldError("Unsupported value", f"{path}.protocol", protocol,
                                         'supported values: "SCTP", "TCP", "UDP"'))
            key = (port.get("port"), protocol)
            if key in seen_ports:
                errors.append(FieldError("Duplicate value", f"{path}", {"port": str(key[0]), "protocol": str(protocol)}))
            seen_ports.add(key)
            errors += self._validate_target_port(port.get("targetPort"), f"{path}.targetPort")
            node_port = port.get("nodePort")
            if node_port and not uses_node_ports(spec):
                errors.append(FieldError("Forbidden", f"{path}.nodePort", None,
                                         "may not be used when `type` is 'ClusterIP'"
                                         if spec.get("type") == "ClusterIP" else
                                         f"may not be used when `type` is '{spec.get('type')}'"))
        return errors

    def _validate_target_port(self, target, path: str) -> list[FieldError]:
        if isinstance(target, str):
            return validate_port_name(target, path)
        return validate_port_number(target, path)

    def _validate_external_name(self, spec: dict) -> list[FieldError]:
        name = str(spec.get("externalName") or "").rstrip(".")
        if not name:
            return [FieldError("Required value", "spec.externalName")]
        if len(name) > 253 or not DNS1123_SUBDOMAIN.match(name):
            return [FieldError("Invalid value", "spec.externalName", name, DNS1123_SUBDOMAIN_MSG)]
        return []

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        old_ip, new_ip = old.spec.get("clusterIP"), new.spec.get("clusterIP")
        if wants_cluster_ip(old.spec) and wants_cluster_ip(new.spec) and new_ip and new_ip != old_ip:
            return [FieldError("Invalid value", "spec.clusterIPs[0]", [new_ip], "may not change once set")]
        if is_headless(old.spec) and new.spec.get("type") != "ExternalName" and new_ip != "None":
            return [FieldError("Invalid value", "spec.clusterIPs[0]", [new_ip or ""], "may not change once set")]
        return []

    # allocation ------------------------------------------------------------
    def allocate(self, obj: KubeObject, store: "APIStore") -> None:
        taken_ip = None
        try:
            taken_ip = self._allocate_cluster_ip(obj, store)
            self._allocate_node_ports(obj, store, keep={})
            self._allocate_health_check_port(obj, store)
        except StatusErrorWrapper as wrapper:
            if taken_ip:
                store.cluster_ips.release(taken_ip)
            raise wrapper.error from None

    def _allocate_cluster_ip(self, obj: KubeObject, store: "APIStore") -> str | None:
        spec = obj.spec
        if spec.get("type") == "ExternalName":
            spec.pop("clusterIP", None)
            spec.pop("clusterIPs", None)
            return None
        requested = spec.get("clusterIP")
        if requested == "None":
            spec["clusterIPs"] = ["None"]
            return None
        if requested:
            try:
                store.cluster_ips.allocate(requested)
            except AllocationError as exc:
                raise StatusErrorWrapper(invalid(obj.kind, obj.name, [FieldError(
                    "Invalid value", "spec.clusterIPs", [requested], f"failed to allocate IP {requested}: {exc}")]))
            ip = requested
        else:
            try:
                ip = store.cluster_ips.allocate_next()
            except AllocationError as exc:
                raise StatusErrorWrapper(invalid(obj.kind, obj.name, [FieldError(
                    "Invalid value", "spec.clusterIPs", [], f"failed to allocate a serviceIP: {exc}")]))
        spec["clusterIP"] = ip
        spec["clusterIPs"] = [ip]
        return ip

    def _allocate_node_ports(self, obj: KubeObject, store: "APIStore", keep: dict[int, int]) -> None:
        """Allocate every port's nodePort; `keep` maps port numbers to nodePorts already held."""
        if not uses_node_ports(obj.spec):
            return
        taken: list[int] = []
        try:
            for index, port in enumerate(obj.spec.get("ports") or []):
                wanted = port.get("nodePort")
                if wanted and keep.get(port.get("port")) == wanted:
                    continue
                if not wanted and port.get("port") in keep:
                    port["nodePort"] = keep[port["port"]]
                    continue
                try:
                    if wanted:
                        store.node_ports.allocate(wanted)
                    else:
                        port["nodePort"] = store.node_ports.allocate_next()
                except AllocationError as exc:
                    raise StatusErrorWrapper(invalid(obj.kind, obj.name, [FieldError(
                        "Invalid value", f"spec.ports[{index}].nodePort", wanted, str(exc))]))
                taken.append(port["nodePort"])
        except StatusErrorWrapper:
            for node_port in taken:
                store.node_ports.release(node_port)
            raise

    def reallocate(self, old: KubeObject, new: KubeObject, store: "APIStore") -> None:
        """Patch allocated values forward (1.23's patchAllocatedValues), then fix up type changes."""
        if wants_cluster_ip(old.spec) and wants_cluster_ip(new.spec):
            new.spec["clusterIP"] = old.spec["clusterIP"]
            new.spec["clusterIPs"] = list(old.spec.get("clusterIPs") or [old.spec["clusterIP"]])
        elif is_headless(old.spec) and is_headless(new.spec):
            new.spec["clusterIPs"] = ["None"]
        else:
            self._release_cluster_ip(old, store)
            try:
                self._allocate_cluster_ip(new, store)
            except StatusErrorWrapper as wrapper:
                raise wrapper.error from None
        old_ports = self._held_node_ports(old)
        keep = old_ports if uses_node_ports(new.spec) else {}
        try:
            self._allocate_node_ports(new, store, keep=keep)
        except StatusErrorWrapper as wrapper:
            raise wrapper.error from None
        still_held = set(self._held_node_ports(new).values())
        for node_port in old_ports.values():
            if node_port not in still_held:
                store.node_ports.release(node_port)

    def release(self, obj: KubeObject, store: "APIStore") -> None:
        self._release_cluster_ip(obj, store)
        for node_port in self._held_node_ports(obj).values():
            store.node_ports.release(node_port)
        if obj.spec.get("healthCheckNodePort"):
            store.node_ports.release(obj.spec["healthCheckNodePort"])

    def _allocate_health_check_port(self, obj: KubeObject, store: "APIStore") -> None:
        """A LoadBalancer with `externalTrafficPolicy: Local` gets `healthCheckNodePort` from the NodePort
        range (`rest.go` `allocHealthCheckNodePort`), where kube-proxy answers the load balancer's checks.
        Not yet: allocating or releasing it when an update changes the type or the policy."""
        spec = obj.spec
        if spec.get("type") != "LoadBalancer" or spec.get("externalTrafficPolicy") != "Local":
            return
        if spec.get("healthCheckNodePort"):
            store.node_ports.allocate(spec["healthCheckNodePort"])
        else:
            spec["healthCheckNodePort"] = store.node_ports.allocate_next()

    def _release_cluster_ip(self, obj: KubeObject, store: "APIStore") -> None:
        if wants_cluster_ip(obj.spec) and obj.spec.get("clusterIP"):
            store.cluster_ips.release(obj.spec["clusterIP"])

    def _held_node_ports(self, obj: KubeObject) -> dict[int, int]:
        if not uses_node_ports(obj.spec):
            return {}
        return {p.get("port"): p["nodePort"] for p in obj.spec.get("ports") or [] if p.get("nodePort")}


class StatusErrorWrapper(Exception):
    """Carries a StatusError out of nested allocation so partial allocations can be undone."""

    def __init__(self, error) -> None:
        super().__init__(str(error))
        self.error = error
