"""Ingress (networking.k8s.io/v1, `ing`): rules routing HTTP by host and path to Services.

Table from `printers.go printIngress` (NAME CLASS HOSTS ADDRESS PORTS AGE: CLASS is
`spec.ingressClassName` or `<none>`, HOSTS `formatHosts` (at most three, then `+ N more...`, `*`
when no rule names a host), ADDRESS `loadBalancerStatusStringer`, PORTS `80, 443` with TLS else
`80`). Describe from `describe.go describeIngressV1` as of 1.23 (no `Ingress Class:` line yet; the
default backend is kube-system's `default-http-backend:80` when the Ingress has none, with the
error of reading its Endpoints). Validation from `pkg/apis/networking/validation` (a path's
`pathType` is required; Exact and Prefix paths are absolute; a backend names a Service with a port).
"""

from __future__ import annotations

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column
from simulator.printers.describe_writer import DescribeWriter
from simulator.printers.formats import format_endpoints
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("ingresses", "ingress", "Ingress", "networking.k8s.io", "v1", True, ("ing",))
PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")
CLASS_ANNOTATION = "kubernetes.io/ingress.class"
MAX_HOSTS = 3
MAX_ADDRESS_WIDTH = 16  # loadBalancerStatusStringer shortens longer lists outside -o wide


class IngressStrategy(Strategy):
    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec = obj.body.get("spec") or {}
        errors: list[FieldError] = []
        if spec.get("defaultBackend"):
            errors += _backend_errors(spec["defaultBackend"], "spec.defaultBackend")
        elif not spec.get("rules"):
            errors.append(FieldError("Invalid value", "spec", spec, "either `defaultBackend` or `rules` must be specified"))
        for r, rule in enumerate(spec.get("rules") or []):
            for p, path in enumerate(((rule or {}).get("http") or {}).get("paths") or []):
                where = f"spec.rules[{r}].http.paths[{p}]"
                path_type = path.get("pathType")
                if not path_type:
                    errors.append(FieldError("Required value", f"{where}.pathType", None, "pathType must be specified"))
                elif path_type not in PATH_TYPES:
                    supported = ", ".join(f'"{t}"' for t in PATH_TYPES)
                    errors.append(FieldError("Unsupported value", f"{where}.pathType", path_type,
                                             f"supported values: {supported}"))
                elif path_type in ("Exact", "Prefix") and not str(path.get("path") or "").startswith("/"):
                    errors.append(FieldError("Invalid value", f"{where}.path", path.get("path") or "",
                                             "must be an absolute path"))
                errors += _backend_errors(path.get("backend") or {}, f"{where}.backend")
        return errors


def _backend_errors(backend: dict, where: str) -> list[FieldError]:
    service = backend.get("service")
    if service is None and backend.get("resource") is None:
        return [FieldError("Invalid value", where, "", "one backend must be specified")]
    if service is None:
        return []
    errors = []
    if not service.get("name"):
        errors.append(FieldError("Required value", f"{where}.service.name"))
    port = service.get("port") or {}
    if not port.get("name") and not port.get("number"):
        errors.append(FieldError("Invalid value", f"{where}.service.port", port, "port name or number is required"))
    return errors


# the table -----------------------------------------------------------------------
def hosts(obj: KubeObject) -> str:
    rules = (obj.body.get("spec") or {}).get("rules") or []
    shown: list[str] = []
    more = False
    for rule in rules:
        if len(shown) == MAX_HOSTS:
            more = True
        if not more and (rule or {}).get("host"):
            shown.append(rule["host"])
    if not shown:
        return "*"
    text = ",".join(shown)
    return f"{text} + {len(rules) - MAX_HOSTS} more..." if more else text


def address(obj: KubeObject, wide: bool = True) -> str:
    ingress = (((obj.body.get("status") or {}).get("loadBalancer") or {}).get("ingress")) or []
    text = ",".join(entry.get("ip") or entry.get("hostname") or "" for entry in ingress if entry.get("ip") or entry.get("hostname"))
    if not wide and len(text) > MAX_ADDRESS_WIDTH:
        text = text[:MAX_ADDRESS_WIDTH - 3] + "..."
    return text


def ports(obj: KubeObject) -> str:
    return "80, 443" if (obj.body.get("spec") or {}).get("tls") else "80"


# describe ------------------------------------------------------------------------
def backend_text(backend: dict) -> str:
    """`serviceBackendStringer`: `name:number` or `name:portName`."""
    service = backend.get("service") or {}
    port = service.get("port") or {}
    return f"{service.get('name')}:{port.get('number') if port.get('number') else port.get('name', '')}"


def describe_backend(ctx, namespace: str, backend: dict) -> str:
    service_ref = backend.get("service")
    if service_ref is None:
        resource = backend.get("resource") or {}
        group = f"{resource['apiGroup']}, " if resource.get("apiGroup") else ""
        return f"APIGroup: {group}Kind: {resource.get('kind')}, Name: {resource.get('name')}"
    text = backend_text(backend)
    name = str(service_ref.get("name"))
    endpoints = ctx.read("endpoints", namespace, name) if ctx.read else None
    if endpoints is None:
        return f'{text} (<error: endpoints "{name}" not found>)'
    service = ctx.read("services", namespace, name)
    if service is None:
        return f'{text}(<error: services "{name}" not found>)'
    port = service_ref.get("port") or {}
    port_name = ""
    for service_port in service.spec.get("ports") or []:
        if (port.get("number") and port.get("number") == service_port.get("port")) or (
                port.get("name") and port.get("name") == service_port.get("name")):
            port_name = service_port.get("name") or ""
    return f"{text} ({format_endpoints(endpoints.body, {port_name})})"


def describe_ingress(obj: KubeObject, ctx) -> str:
    spec = obj.body.get("spec") or {}
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.labels("Labels", obj.labels)
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.write(0, f"Address:\t{address(obj)}\n")
    default, namespace = spec.get("defaultBackend"), obj.namespace
    if not default:
        default, namespace = {"service": {"name": "default-http-backend", "port": {"number": 80}}}, "kube-system"
    w.write(0, f"Default backend:\t{describe_backend(ctx, namespace, default)}\n")
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for tls in spec["tls"]:
            hosts_text = ",".join(tls.get("hosts") or [])
            w.write(1, f"{tls.get('secretName') or 'SNI'} {'terminates ' + hosts_text if hosts_text else ''}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        if not (rule or {}).get("http"):
            continue
        count += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in rule["http"].get("paths") or []:
            w.write(2, f"\t{path.get('path', '')} \t{describe_backend(ctx, obj.namespace, path.get('backend') or {})}\n")
    if count == 0:
        w.write(1, f"*\t*\t{describe_backend(ctx, namespace, default)}\n")
    w.annotations("Annotations", obj.metadata.annotations)
    w.events(ctx.events, ctx.now)
    return w.text()


def ingress_class(obj: KubeObject) -> str | None:
    """The class an Ingress asks for: `spec.ingressClassName`, else the deprecated annotation."""
    return (obj.body.get("spec") or {}).get("ingressClassName") or obj.metadata.annotations.get(CLASS_ANNOTATION)


KIND = Kind(
    resource=RESOURCE,
    strategy=IngressStrategy(),
    columns=(NAME,
             Column("Class", lambda i, ctx: str((i.body.get("spec") or {}).get("ingressClassName") or "<none>")),
             Column("Hosts", lambda i, ctx: hosts(i)), Column("Address", lambda i, ctx: address(i, ctx.wide)),
             Column("Ports", lambda i, ctx: ports(i)), AGE),
    describe=describe_ingress,
)
