"""Container, volume and toleration sections of `kubectl describe`, shared by Pods and pod templates.

Follows kubectl 1.23 `pkg/describe/describe.go` describeContainers (basic info,
command, state, resources, probes, environment, mounts), describeVolumes and
printTolerationsMultilineWithIndent. Only the common volume sources are described
(projected, secret, configMap, emptyDir, hostPath, persistentVolumeClaim,
downwardAPI); others print `<unknown>`, as kubectl does for sources it does not know.
"""

from __future__ import annotations

from typing import Any

from simulator.objects import KubeObject
from simulator.printers.describe_writer import DescribeContext, DescribeWriter
from simulator.printers.formats import int_or_string, parse_rfc3339, spec_of, status_of
from simulator.printers.quantity import parse_quantity
from simulator.resources import qos_class as pod_qos_class

PROBE_DEFAULTS = {"initialDelaySeconds": 0, "timeoutSeconds": 1, "periodSeconds": 10,
                  "successThreshold": 1, "failureThreshold": 3}


def qos_class(pod: KubeObject) -> str:
    return pod_qos_class(spec_of(pod))


# containers ----------------------------------------------------------------


def describe_containers(w: DescribeWriter, ctx: DescribeContext, label: str, containers: list[dict],
                statuses: list[dict] | None, pod: KubeObject | None, space: str = "") -> None:
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    for container in containers:
        status = by_name.get(container.get("name"))
        _container_basics(w, container, status, space)
        _command(w, container)
        if status is not None:
            _container_state(w, ctx, status)
        _resources(w, container.get("resources") or {})
        _probes(w, container)
        if container.get("envFrom"):
            _env_from(w, container["envFrom"])
        _env(w, container.get("env") or [], pod)
        _mounts(w, container)


def _container_basics(w: DescribeWriter, container: dict, status: dict | None, space: str) -> None:
    w.write(1, f"{' ' if space else ''}{container.get('name')}:\n")
    if status is not None:
        w.write(2, f"Container ID:\t{status.get('containerID') or ''}\n")
    w.write(2, f"Image:\t{container.get('image') or ''}\n")
    if status is not None:
        w.write(2, f"Image ID:\t{status.get('imageID') or ''}\n")
    ports = container.get("ports") or []
    for label, key in (("Port", "containerPort"), ("Host Port", "hostPort")):
        text = ", ".join(f"{p.get(key, 0)}/{p.get('protocol') or 'TCP'}" for p in ports)
        w.write(2, f"{label}s:\t{text}\n" if "," in text else f"{label}:\t{text or '<none>'}\n")


def _command(w: DescribeWriter, container: dict) -> None:
    for key, label in (("command", "Command"), ("args", "Args")):
        if container.get(key):
            w.write(2, f"{label}:\n")
            for item in container[key]:
                for line in str(item).split("\n"):
                    w.write(3, f"{line}\n")


def _container_state(w: DescribeWriter, ctx: DescribeContext, status: dict) -> None:
    _state(w, ctx, "State", status.get("state") or {})
    if (status.get("lastState") or {}).get("terminated"):
        _state(w, ctx, "Last State", status["lastState"])
    w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
    w.write(2, f"Restart Count:\t{int(status.get('restartCount') or 0)}\n")


def _state(w: DescribeWriter, ctx: DescribeContext, label: str, state: dict) -> None:
    """`describeStatus`."""
    if state.get("running") is not None:
        w.write(2, f"{label}:\tRunning\n")
        w.write(3, f"Started:\t{ctx.time(parse_rfc3339(state['running'].get('startedAt')))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{label}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        done = state["terminated"]
        w.write(2, f"{label}:\tTerminated\n")
        for key, title in (("reason", "Reason"), ("message", "Message")):
            if done.get(key):
                w.write(3, f"{title}:\t{done[key]}\n")
        w.write(3, f"Exit Code:\t{int(done.get('exitCode') or 0)}\n")
        if done.get("signal"):
            w.write(3, f"Signal:\t{done['signal']}\n")
        w.write(3, f"Started:\t{ctx.time(parse_rfc3339(done.get('startedAt')))}\n")
        w.write(3, f"Finished:\t{ctx.time(parse_rfc3339(done.get('finishedAt')))}\n")
    else:
        w.write(2, f"{label}:\tWaiting\n")


def _resources(w: DescribeWriter, resources: dict) -> None:
    for key, title in (("limits", "Limits"), ("requests", "Requests")):
        values = resources.get(key) or {}
        if values:
            w.write(2, f"{title}:\n")
        for name in sorted(values):
            w.write(3, f"{name}:\t{parse_quantity(values[name])}\n")


def _probes(w: DescribeWriter, container: dict) -> None:
    for key, title in (("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")):
        if container.get(key):
            w.write(2, f"{title}:\t{describe_probe(container[key])}\n")


def describe_probe(probe: dict) -> str:
    """`DescribeProbe`, with the API's defaults for fields the object leaves out."""
    p = {**PROBE_DEFAULTS, **probe}
    attrs = (f"delay={p['initialDelaySeconds']}s timeout={p['timeoutSeconds']}s period={p['periodSeconds']}s "
             f"#success={p['successThreshold']} #failure={p['failureThreshold']}")
    if p.get("exec") is not None:
        return f"exec [{' '.join(str(c) for c in p['exec'].get('command') or [])}] {attrs}"
    if p.get("httpGet") is not None:
        get = p["httpGet"]
        host, port = get.get("host") or "", int_or_string(get.get("port"))
        where = (f"[{host}]:{port}" if ":" in host else f"{host}:{port}") if port else host
        return f"http-get {str(get.get('scheme') or 'HTTP').lower()}://{where}{get.get('path', '/')} {attrs}"
    if p.get("tcpSocket") is not None:
        socket = p["tcpSocket"]
        return f"tcp-socket {socket.get('host') or ''}:{int_or_string(socket.get('port'))} {attrs}"
    if p.get("grpc") is not None:
        return f"grpc <pod>:{p['grpc'].get('port')} {p['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _env_from(w: DescribeWriter, sources: list[dict]) -> None:
    w.write(2, "Environment Variables from:\n")
    for source in sources:
        if source.get("configMapRef"):
            kind, ref = "ConfigMap", source["configMapRef"]
        else:
            kind, ref = "Secret", source.get("secretRef") or {}
        optional = "true" if ref.get("optional") else "false"
        prefix = f" with prefix '{source['prefix']}'" if source.get("prefix") else ""
        w.write(3, f"{ref.get('name', '')}\t{kind}{prefix}\tOptional: {optional}\n")


FIELD_PATHS = {"metadata.name": lambda p: p.name, "metadata.namespace": lambda p: p.namespace or "",
               "metadata.uid": lambda p: p.metadata.uid, "spec.nodeName": lambda p: spec_of(p).get("nodeName", ""),
               "spec.serviceAccountName": lambda p: spec_of(p).get("serviceAccountName", ""),
               "status.podIP": lambda p: status_of(p).get("podIP", ""),
               "status.hostIP": lambda p: status_of(p).get("hostIP", "")}


def _env(w: DescribeWriter, env: list[dict], pod: KubeObject | None) -> None:
    w.write(2, "Environment:\n" if env else "Environment:\t<none>\n")
    for var in env:
        name, source = var.get("name", ""), var.get("valueFrom")
        if source is None:
            for index, line in enumerate(str(var.get("value", "")).split("\n")):
                w.write(3, f"{name}:\t{line}\n" if index == 0 else f"\t{line}\n")
        elif source.get("fieldRef"):
            ref = source["fieldRef"]
            resolve = FIELD_PATHS.get(ref.get("fieldPath", ""))
            value = resolve(pod) if pod is not None and resolve else ""
            w.write(3, f"{name}:\t{value} ({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath')})\n")
        elif source.get("resourceFieldRef"):
            w.write(3, f"{name}:\t ({source['resourceFieldRef'].get('resource')})\n")
        elif source.get("secretKeyRef") or source.get("configMapKeyRef"):
            ref = source.get("secretKeyRef") or source["configMapKeyRef"]
            secret = source.get("secretKeyRef") is not None
            where = f"in secret '{ref.get('name')}'" if secret else f"of config map '{ref.get('name')}'"
            optional = "true" if ref.get("optional") else "false"
            w.write(3, f"{name}:\t<set to the key '{ref.get('key')}' {where}>\tOptional: {optional}\n")


def _mounts(w: DescribeWriter, container: dict) -> None:
    mounts = sorted(container.get("volumeMounts") or [], key=lambda m: m.get("mountPath", ""))
    w.write(2, "Mounts:\n" if mounts else "Mounts:\t<none>\n")
    for mount in mounts:
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f'path="{mount["subPath"]}"')
        w.write(3, f"{mount.get('mountPath')} from {mount.get('name')} ({','.join(flags)})\n")


# volumes and tolerations -----------------------------------------------------


def describe_volumes(w: DescribeWriter, volumes: list[dict], space: str) -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in volumes:
        w.write(1, f"{' ' if space else ''}{volume.get('name')}:\n")
        _volume_source(w, volume)


def _volume_source(w: DescribeWriter, volume: dict) -> None:
    if volume.get("projected") is not None:
        w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
        for source in volume["projected"].get("sources") or []:
            if source.get("secret") is not None:
                w.write(2, f"SecretName:\t{source['secret'].get('name')}\n"
                           f"    SecretOptionalName:\t{_go_bool_pointer(source['secret'].get('optional'))}\n")
            elif source.get("downwardAPI") is not None:
                w.write(2, "DownwardAPI:\ttrue\n")
            elif source.get("configMap") is not None:
                w.write(2, f"ConfigMapName:\t{source['configMap'].get('name')}\n"
                           f"    ConfigMapOptional:\t{_go_bool_pointer(source['configMap'].get('optional'))}\n")
            elif source.get("serviceAccountToken") is not None:
                w.write(2, f"TokenExpirationSeconds:\t{source['serviceAccountToken'].get('expirationSeconds', 3600)}\n")
    elif volume.get("secret") is not None:
        secret = volume["secret"]
        w.write(2, f"Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{secret.get('secretName')}\n"
                   f"    Optional:\t{'true' if secret.get('optional') else 'false'}\n")
    elif volume.get("configMap") is not None:
        config = volume["configMap"]
        w.write(2, f"Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{config.get('name')}\n"
                   f"    Optional:\t{'true' if config.get('optional') else 'false'}\n")
    elif volume.get("emptyDir") is not None:
        empty = volume["emptyDir"]
        w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                   f"    Medium:\t{empty.get('medium', '')}\n    SizeLimit:\t{empty.get('sizeLimit') or '<unset>'}\n")
    elif volume.get("hostPath") is not None:
        describe_host_path_source(w, volume["hostPath"])
    elif volume.get("nfs") is not None:
        describe_nfs_source(w, volume["nfs"])
    elif volume.get("persistentVolumeClaim") is not None:
        claim = volume["persistentVolumeClaim"]
        w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                   f"    ClaimName:\t{claim.get('claimName')}\n"
                   f"    ReadOnly:\t{'true' if claim.get('readOnly') else 'false'}\n")
    elif volume.get("downwardAPI") is not None:
        w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
        for item in volume["downwardAPI"].get("items") or []:
            ref = item.get("fieldRef") or item.get("resourceFieldRef") or {}
            w.write(3, f"{ref.get('fieldPath') or ref.get('resource')} -> {item.get('path')}\n")
    else:
        w.write(1, "<unknown>\n")


def _go_bool_pointer(value: bool | None) -> str:
    """How 1.23 prints a `*bool` with `%v`: `<nil>` when unset."""
    return "<nil>" if value is None else ("true" if value else "false")


def describe_tolerations(w: DescribeWriter, tolerations: list[dict], indent: str = "") -> None:
    w.write(0, f"{indent}Tolerations:\t")
    if not tolerations:
        w.write(0, "<none>\n")
        return
    for index, toleration in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        if index:
            w.write(0, indent + "\t")
        key, value, effect = toleration.get("key", ""), toleration.get("value", ""), toleration.get("effect", "")
        text = key + (f"={value}" if value else "") + (f":{effect}" if effect else "")
        if toleration.get("operator") == "Exists" and not value:
            text += " op=Exists" if key or effect else "op=Exists"
        if toleration.get("tolerationSeconds") is not None:
            text += f" for {toleration['tolerationSeconds']}s"
        w.write(0, text + "\n")


# Shared with the PersistentVolume describer, as describe.go's printHostPathVolumeSource and
# printNFSVolumeSource serve both a pod's volumes and a PV's source.

def describe_host_path_source(w: DescribeWriter, host: dict) -> None:
    w.write(2, f"Type:\tHostPath (bare host directory volume)\n    Path:\t{host.get('path')}\n"
               f"    HostPathType:\t{host.get('type') or '<none>'}\n")


def describe_nfs_source(w: DescribeWriter, nfs: dict) -> None:
    w.write(2, f"Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{nfs.get('server')}\n"
               f"    Path:\t{nfs.get('path')}\n    ReadOnly:\t{'true' if nfs.get('readOnly') else 'false'}\n")
