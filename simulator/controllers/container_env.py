"""A container's environment as the kubelet makes it when the container starts
(kubelet_pods.go `makeEnvironmentVariables`, v1.23): the Service links of the pod's namespace
(`enableServiceLinks`), then `envFrom` (ConfigMaps and Secrets, with a prefix), then `env`
in order, each value with `$(VAR)` expanded against what came before, `valueFrom` read from
a ConfigMap key, a Secret key (decoded), a field of the pod (the downward API) or a resource.

A ConfigMap or Secret that is missing, or a key that is not in it, stops the container
(CreateContainerConfigError) with the kubelet's text, unless the reference is `optional`.
"""

from __future__ import annotations

import base64
import datetime as _dt
import math
import re

from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind
from simulator.printers.formats import parse_rfc3339
from simulator.printers.quantity import parse_quantity

REFERENCE = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)|\$\$")
KST = _dt.timezone(_dt.timedelta(hours=9))  # the nodes' clock (timedatectl on the course's VMs)
FIELD_KEY = re.compile(r"^metadata\.(labels|annotations)\['(.+)'\]$")


class ContainerConfigError(Exception):
    """Why the kubelet cannot make the container's config (`configmap "x" not found`)."""


def container_environment(store, pod: KubeObject, container: dict, node_allocatable: dict | None = None) -> list[tuple[str, str]]:
    env: dict[str, str] = {}
    if pod.spec.get("enableServiceLinks", True) is not False:
        env.update(service_links(store, pod.namespace))
    for source in container.get("envFrom") or []:
        prefix = source.get("prefix") or ""
        for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            if key in source:
                obj = referenced(store, kind, pod.namespace, source[key])
                for name, value in sorted(values_of(obj).items()) if obj is not None else ():
                    env[prefix + name] = value
    for variable in container.get("env") or []:
        name = variable.get("name", "")
        if "valueFrom" in variable:
            value = value_from(store, pod, container, variable["valueFrom"], node_allocatable or {})
            if value is None:
                continue
        else:
            value = expand(str(variable.get("value", "")), env)
        env[name] = value
    return list(env.items())


def referenced(store, kind: str, namespace: str, reference: dict) -> KubeObject | None:
    obj = store.find(by_kind(kind), namespace, reference.get("name", ""))
    if obj is None and not reference.get("optional"):
        raise ContainerConfigError(f'{kind.lower()} "{reference.get("name", "")}" not found')
    return obj


def values_of(obj: KubeObject) -> dict[str, str]:
    if obj.kind == "Secret":
        return {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in (obj.body.get("data") or {}).items()}
    return {**dict(obj.body.get("data") or {}),
            **{k: base64.b64decode(v).decode("utf-8", "replace") for k, v in (obj.body.get("binaryData") or {}).items()}}


def value_from(store, pod: KubeObject, container: dict, source: dict, allocatable: dict) -> str | None:
    for kind, key in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
        if key in source:
            reference = source[key]
            obj = referenced(store, kind, pod.namespace, reference)
            if obj is None:
                return None
            values = values_of(obj)
            if reference.get("key") not in values:
                if reference.get("optional"):
                    return None
                raise ContainerConfigError(f"couldn't find key {reference.get('key')} in {kind} "
                                           f"{pod.namespace}/{reference.get('name')}")
            return values[reference["key"]]
    if "fieldRef" in source:
        return pod_field(pod, source["fieldRef"].get("fieldPath", ""))
    if "resourceFieldRef" in source:
        return resource_field(container, source["resourceFieldRef"], allocatable)
    return ""


def pod_field(pod: KubeObject, path: str) -> str:
    """The downward API's fields (pkg/fieldpath)."""
    match = FIELD_KEY.match(path)
    if match:
        return str((pod.metadata.labels if match.group(1) == "labels" else kubelet_annotations(pod)).get(match.group(2), ""))
    if path in ("metadata.labels", "metadata.annotations"):
        values = pod.metadata.labels if path == "metadata.labels" else kubelet_annotations(pod)
        return "\n".join(f'{k}="{v}"' for k, v in sorted(values.items()))
    simple = {"metadata.name": pod.name, "metadata.namespace": pod.namespace, "metadata.uid": pod.metadata.uid,
              "spec.nodeName": pod.spec.get("nodeName", ""),
              "spec.serviceAccountName": pod.spec.get("serviceAccountName", ""),
              "status.hostIP": pod.status.get("hostIP", ""), "status.podIP": pod.status.get("podIP", ""),
              "status.podIPs": ",".join(p.get("ip", "") for p in pod.status.get("podIPs") or [])}
    return str(simple.get(path, ""))


def kubelet_annotations(pod: KubeObject) -> dict[str, str]:
    """The annotations as the kubelet's copy of the pod has them: the API's, plus when and where from
    it first saw the pod (`kubernetes.io/config.seen` in the node's time zone, KST on the course's VMs)."""
    seen = parse_rfc3339(pod.status.get("startTime")) or pod.metadata.creation_timestamp
    moment = _dt.datetime.fromtimestamp(int(seen), tz=KST)
    nanos = int(pod.metadata.uid.replace("-", "")[:8], 16) % 1_000_000_000
    return {**dict(pod.metadata.annotations),
            "kubernetes.io/config.seen": moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos:09d}+09:00",
            "kubernetes.io/config.source": "api"}


def resource_field(container: dict, reference: dict, allocatable: dict) -> str:
    """A request or limit, in units of the divisor, rounded up (an unset limit is the node's allocatable)."""
    resource = reference.get("resource", "")
    section, _, name = resource.partition(".")
    resources = container.get("resources") or {}
    raw = (resources.get(section) or {}).get(name)
    if raw is None and section == "limits":
        raw = allocatable.get(name)
    if raw is None:
        return "0"
    divisor = parse_quantity(str(reference.get("divisor") or "1")).value
    return str(math.ceil(parse_quantity(str(raw)).value / divisor)) if divisor else "0"


def service_links(store, namespace: str) -> dict[str, str]:
    """Docker-link style variables for each Service with a ClusterIP (kubelet `getServiceEnvVarMap`):
    the namespace's, and the master service `kubernetes` from default."""
    services = [s for s in store.list(by_kind("Service"), namespace)]
    if namespace != "default":
        master = store.find(by_kind("Service"), "default", "kubernetes")
        if master is not None:
            services.append(master)
    env: dict[str, str] = {}
    for service in sorted(services, key=lambda s: s.name):
        ip = service.spec.get("clusterIP")
        if not ip or ip == "None":
            continue
        prefix = service.name.upper().replace("-", "_")
        ports = service.spec.get("ports") or []
        env[f"{prefix}_SERVICE_HOST"] = ip
        if ports:
            env[f"{prefix}_SERVICE_PORT"] = str(ports[0].get("port"))
        for port in ports:
            if port.get("name"):
                env[f"{prefix}_SERVICE_PORT_{port['name'].upper().replace('-', '_')}"] = str(port.get("port"))
        if ports:
            first = ports[0]
            env[f"{prefix}_PORT"] = f"{first.get('protocol', 'TCP').lower()}://{ip}:{first.get('port')}"
        for port in ports:
            protocol = port.get("protocol", "TCP")
            stem = f"{prefix}_PORT_{port.get('port')}_{protocol}"
            env[stem] = f"{protocol.lower()}://{ip}:{port.get('port')}"
            env[f"{stem}_PROTO"] = protocol.lower()
            env[f"{stem}_PORT"] = str(port.get("port"))
            env[f"{stem}_ADDR"] = ip
    return env


def expand(text: str, env: dict[str, str]) -> str:
    """`$(VAR)` from the variables defined before; an unknown one stays as written; `$$` is `$`."""
    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        return env.get(match.group(1), match.group(0))
    return REFERENCE.sub(replace, text)


def command_output(container: dict, env: list[tuple[str, str]]) -> str:
    """What the container's own command writes to stdout when it is `echo` (`command: ["echo"]`,
    `args` with `$(VAR)` expanded by the kubelet from the container's environment), else ""."""
    values = dict(env)
    command = [expand(str(part), values) for part in (container.get("command") or []) + (container.get("args") or [])]
    if not command or command[0].rsplit("/", 1)[-1] != "echo":
        return ""
    words = command[1:]
    if words[:1] == ["-n"]:
        return " ".join(words[1:])
    return " ".join(words) + "\n"
