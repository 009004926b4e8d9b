"""Pods: container defaulting and the validation kubectl users run into most."""

from __future__ import annotations

from simulator.errors import FieldError
from simulator.objects import KubeObject
from simulator.registry.names import DNS1123_LABEL, DNS1123_LABEL_MSG, validate_port_name, validate_port_number
from simulator.registry.strategies.pod_env import validate_container_env, validate_downward_volumes
from simulator.registry.strategy import Strategy
from simulator.registry.strategies.resourcequota import canonical_quantities
from simulator.resources import default_requests_from_limits, qos_class

POD_UPDATE_FORBIDDEN = (
    "pod updates may not change fields other than `spec.containers[*].image`, "
    "`spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` "
    "(only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` "
    "(allow it to be set to 1 if it was previously negative)"
)


def default_pod_spec(spec: dict) -> None:
    """Defaults shared by pods and pod templates."""
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("schedulerName", "default-scheduler")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("securityContext", {})
    _convert_deprecated_service_account(spec)
    for container in spec.get("containers") or []:
        if not isinstance(container, dict):
            continue
        image = str(container.get("image") or "")
        latest = ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest")
        container.setdefault("imagePullPolicy", "Always" if latest else "IfNotPresent")
        container.setdefault("terminationMessagePath", "/dev/termination-log")
        container.setdefault("terminationMessagePolicy", "File")
        resources = container.setdefault("resources", {})
        if isinstance(resources, dict):  # quantities are stored canonical (`0.5` becomes `500m`)
            for field in ("limits", "requests"):
                stored = canonical_quantities(resources.get(field))
                if field in resources and stored != resources[field]:
                    resources[field] = stored
        for port in container.get("ports") or []:
            if isinstance(port, dict):
                port.setdefault("protocol", "TCP")
        for env in container.get("env") or []:
            _default_field_ref(((env or {}).get("valueFrom") or {}) if isinstance(env, dict) else {})
        _default_probes_and_handlers(container)
    for volume in spec.get("volumes") or []:
        if isinstance(volume, dict):
            _default_volume_source(volume)


def _convert_deprecated_service_account(spec: dict) -> None:
    """v1.23 conversion.go: v1 -> internal takes `serviceAccount` when `serviceAccountName` is empty, and
    internal -> v1 writes the name back into the deprecated alias, so every stored PodSpec carries both
    (the Deployment controller's template hash prints DeprecatedServiceAccount too)."""
    name = spec.get("serviceAccountName") or spec.get("serviceAccount")
    for field in ("serviceAccountName", "serviceAccount"):
        if name and spec.get(field) != name:  # written only when it changes: defaulting twice is harmless
            spec[field] = name


PROBE_DEFAULTS = (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3))


def _default_probes_and_handlers(container: dict) -> None:
    """SetDefaults_Probe (the zero thresholds and periods) and SetDefaults_HTTPGetAction (path `/`, scheme
    HTTP), which reaches every HTTPGetAction: the probes' and the lifecycle hooks'."""
    handlers = []
    for field in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = container.get(field)
        if isinstance(probe, dict):
            for name, value in PROBE_DEFAULTS:
                if not probe.get(name):  # unset or 0, as Go's zero value
                    probe[name] = value
            handlers.append(probe)
    lifecycle = container.get("lifecycle") if isinstance(container.get("lifecycle"), dict) else {}
    handlers += [hook for hook in (lifecycle.get("postStart"), lifecycle.get("preStop")) if isinstance(hook, dict)]
    for handler in handlers:
        action = handler.get("httpGet")
        for name, value in (("path", "/"), ("scheme", "HTTP")):
            if isinstance(action, dict) and not action.get(name):
                action[name] = value


def _default_field_ref(holder: dict) -> None:
    """v1.23 defaults.go SetDefaults_ObjectFieldSelector: a fieldRef's apiVersion is v1."""
    if isinstance(holder, dict) and isinstance(holder.get("fieldRef"), dict):
        holder["fieldRef"].setdefault("apiVersion", "v1")


def _default_volume_source(volume: dict) -> None:
    """SetDefaults_SecretVolumeSource, _ConfigMapVolumeSource, _DownwardAPIVolumeSource and
    _ProjectedVolumeSource: defaultMode 0644 (420); the downward API's items get their fieldRef's v1."""
    for kind in ("secret", "configMap", "downwardAPI", "projected"):
        source = volume.get(kind)
        if isinstance(source, dict):
            source.setdefault("defaultMode", 0o644)
    for item in ((volume.get("downwardAPI") or {}).get("items") or []) if isinstance(volume.get("downwardAPI"), dict) else []:
        _default_field_ref(item)
    projected = volume.get("projected") if isinstance(volume.get("projected"), dict) else {}
    for projection in projected.get("sources") or []:
        for item in (((projection or {}).get("downwardAPI") or {}).get("items") or []) if isinstance(projection, dict) else []:
            _default_field_ref(item)


def validate_pod_spec(spec: dict, path: str) -> list[FieldError]:
    errors: list[FieldError] = validate_downward_volumes(spec, path)  # ValidatePodSpec: volumes first
    containers = spec.get("containers") or []
    if not containers:
        return [*errors, FieldError("Required value", f"{path}.containers")]
    names: set[str] = set()
    for index, container in enumerate(containers):
        cpath = f"{path}.containers[{index}]"
        container = container if isinstance(container, dict) else {}
        name = container.get("name") or ""
        if not name:
            errors.append(FieldError("Required value", f"{cpath}.name"))
        elif not DNS1123_LABEL.match(name):
            errors.append(FieldError("Invalid value", f"{cpath}.name", name, DNS1123_LABEL_MSG))
        elif name in names:
            errors.append(FieldError("Duplicate value", f"{cpath}.name", name))
        names.add(name)
        if not container.get("image"):
            errors.append(FieldError("Required value", f"{cpath}.image"))
        errors += validate_container_env(container, cpath)
        for pindex, port in enumerate(container.get("ports") or []):
            ppath = f"{cpath}.ports[{pindex}]"
            port = port if isinstance(port, dict) else {}
            errors += validate_port_number(port.get("containerPort"), f"{ppath}.containerPort")
            if port.get("name"):
                errors += validate_port_name(port["name"], f"{ppath}.name")
    policy = spec.get("restartPolicy")
    if policy not in ("Always", "OnFailure", "Never"):
        errors.append(FieldError("Unsupported value", f"{path}.restartPolicy", policy,
                                 'supported values: "Always", "OnFailure", "Never"'))
    return errors


class PodStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        default_pod_spec(obj.spec)
        default_requests_from_limits(obj.spec)  # pods only: a template keeps its requests unset
        obj.status.setdefault("phase", "Pending")
        obj.status.setdefault("qosClass", qos_class(obj.spec))

    def validate(self, obj: KubeObject) -> list[FieldError]:
        return validate_pod_spec(obj.spec, "spec")

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        def mutable_view(spec: dict) -> dict:
            view = {k: v for k, v in spec.items() if k not in ("activeDeadlineSeconds", "tolerations", "nodeName")}
            view["containers"] = [{k: v for k, v in c.items() if k != "image"} for c in spec.get("containers") or []]
            return view

        if mutable_view(old.spec) != mutable_view(new.spec):
            return [FieldError("Forbidden", "spec", None, POD_UPDATE_FORBIDDEN)]
        return []
