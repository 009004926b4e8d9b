"""`kubectl create`: from files (`-f`, in from_files.py) or one of 1.23's generators.

Each generator builds the object as kubectl 1.23's `pkg/cmd/create/create_<kind>.go` does
and returns the dict that object serialises to (Go's omitempty: `creationTimestamp: null`,
`resources: {}`, `status: {}` where the typed object has them), so that a client dry run
prints exactly that. `submit` then honours `--dry-run` and `-o` as every mutating verb does
(`mutation.py`). The kinds they create are registered kinds like any other; nothing here
stores or prints a kind by hand.
"""

from __future__ import annotations

import base64
import json
from typing import Callable

from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_name
from simulator.shell.kubectl import from_files, mutation
from simulator.shell.kubectl.flags import Flag, FlagError, as_int, parse_flags, split_global_flags

COMMON = (Flag("dry-run"), Flag("output", "o"), Flag("save-config", "", False), Flag("validate"),
          Flag("field-manager"), Flag("show-managed-fields", "", False), Flag("template"),
          Flag("allow-missing-template-keys", "", False))
SOURCES = (Flag("from-literal", "", True, True), Flag("from-file", "", True, True),
           Flag("from-env-file", "", True, True), Flag("append-hash", "", False))
SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
                 "externalname": "ExternalName"}
ALIASES = {"deploy": "deployment", "svc": "service", "ns": "namespace", "cm": "configmap", "sa": "serviceaccount",
           "cj": "cronjob"}
RBAC_VERBS = ("*", "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use",
              "bind", "escalate", "impersonate")


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    leading, sub, rest = split_global_flags(argv[1:])
    if sub is None or any(word.startswith(("-f", "--filename")) for word in leading):
        return from_files.run(ctx, argv)
    generator = GENERATORS.get(ALIASES.get(sub, sub))
    if generator is None:
        return ToolResult(exit_code=1).err("Error: must specify one of -f and -k\n\n").err(
            f'error: unknown command "{sub}"\nSee \'kubectl create -h\' for help and examples\n')
    return generator(ctx, leading + rest)


def _parse(args: list[str], flags: tuple[Flag, ...], command: str):
    parsed = parse_flags(args, (*flags, *COMMON), command)
    mutation.check_output(parsed)
    return parsed


def _one_name(parsed, command: str) -> str:
    if len(parsed.positional) != 1:
        raise FlagError(f"error: exactly one NAME is required, got {len(parsed.positional)}\n"
                        f"See 'kubectl {command} -h' for help and examples")
    return parsed.positional[0]


def _required(*flags: str) -> FlagError:
    return FlagError("error: required flag(s) " + ", ".join(f'"{f}"' for f in flags) + " not set")


def _meta(name: str, parsed, **extra) -> dict:
    """ObjectMeta as kubectl sets it: the namespace only when `-n` was given (EnforceNamespace)."""
    meta: dict = {"creationTimestamp": None, **extra, "name": name}
    if parsed.get("namespace"):
        meta["namespace"] = parsed.get("namespace")
    return meta


def submit(ctx: ExecContext, document: dict, parsed) -> ToolResult:
    """Print a client dry run as built; otherwise send it (`dryRun=All` for a server dry run)."""
    dry_run = mutation.dry_run_mode(parsed)
    if dry_run == "client":
        return mutation.printed(document, parsed, "created", dry_run)
    obj = from_files.object_from_document(json.loads(json.dumps(document)), parsed.get("namespace"))
    if dry_run == "server":
        stored = mutation.server_dry_run_create(ctx, obj)
    else:
        stored = from_files.create(ctx, obj, bool(parsed.get("save-config")))
    return mutation.printed(stored, parsed, "created", dry_run)


# workloads -------------------------------------------------------------------


def _container_name(image: str) -> str:
    """create_deployment.go buildPodSpec: the image's last path part without tag or digest."""
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    return name.replace("_", "-").replace(".", "-")


def create_deployment(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (Flag("image", "", True, True), Flag("port"), Flag("replicas", "r")), "create deployment")
    name = _one_name(parsed, "create deployment")
    images = parsed.get("image") or []
    if not images:
        raise _required("image")
    containers = [{"image": image, "name": _container_name(image), "resources": {}} for image in images]
    port = as_int(parsed.get("port", -1), "port", "create deployment")
    if port >= 0:
        containers[0]["ports"] = [{"containerPort": port}]
    if parsed.command:
        containers[0]["command"] = list(parsed.command)
    labels = {"app": name}
    document = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": _meta(name, parsed, labels=labels),
        "spec": {"replicas": as_int(parsed.get("replicas", 1), "replicas", "create deployment"),
                 "selector": {"matchLabels": dict(labels)}, "strategy": {},
                 "template": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                              "spec": {"containers": containers}}},
        "status": {}}
    return submit(ctx, document, parsed)


def _pod_template(name: str, image: str, command: list[str], restart: str) -> dict:
    container: dict = {"image": image, "name": name, "resources": {}}
    if command:
        container["command"] = list(command)
    return {"metadata": {"creationTimestamp": None},
            "spec": {"containers": [container], "restartPolicy": restart}}


def create_job(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (Flag("image"), Flag("from")), "create job")
    name = _one_name(parsed, "create job")
    if parsed.get("from"):
        raise FlagError('error: "kubectl create job --from" is not simulated by KubeGrade yet')
    if not parsed.get("image"):
        raise FlagError("error: either --image or --from must be specified")
    document = {"apiVersion": "batch/v1", "kind": "Job", "metadata": _meta(name, parsed),
                "spec": {"template": _pod_template(name, parsed.get("image"), parsed.command, "Never")},
                "status": {}}
    return submit(ctx, document, parsed)


def create_cronjob(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (Flag("image"), Flag("schedule"), Flag("restart")), "create cronjob")
    missing = [flag for flag in ("image", "schedule") if not parsed.get(flag)]
    if missing:
        raise _required(*missing)
    name = _one_name(parsed, "create cronjob")
    restart = parsed.get("restart") or "OnFailure"
    if restart not in ("OnFailure", "Never"):
        raise FlagError(f"error: restart policy must be one of [OnFailure Never], got {restart}")
    template = _pod_template(name, parsed.get("image"), parsed.command, restart)
    document = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": _meta(name, parsed),
                "spec": {"jobTemplate": {"metadata": {"creationTimestamp": None, "name": name},
                                         "spec": {"template": template}},
                         "schedule": parsed.get("schedule")},
                "status": {}}
    return submit(ctx, document, parsed)


# services and namespaces -------------------------------------------------------


def create_service(ctx: ExecContext, args: list[str]) -> ToolResult:
    kind = next((word for word in args if not word.startswith("-")), "")
    service_type = SERVICE_TYPES.get(kind)
    if service_type is None:
        return ToolResult.failure(f"error: unknown command \"{kind}\"\nSee 'kubectl create service -h' for help "
                                  "and examples\n" if kind else "Error: must specify one of -f and -k\n\n")
    rest = list(args)
    rest.remove(kind)
    command = f"create service {kind}"
    parsed = _parse(rest, (Flag("tcp", "", True, True), Flag("node-port"), Flag("external-name"),
                           Flag("clusterip")), command)
    name = _one_name(parsed, command)
    spec: dict = {}
    if service_type == "ExternalName":
        if not parsed.get("external-name"):
            raise _required("external-name")
        spec = {"externalName": parsed.get("external-name"), "type": service_type}
    else:
        tcp = parsed.get("tcp") or []
        if not tcp and parsed.get("clusterip") != "None":
            raise _required("tcp")
        node_port = as_int(parsed.get("node-port", 0), "node-port", command)
        spec["ports"] = [_service_port(value, node_port, command) for value in tcp]
        spec["selector"] = {"app": name}
        if parsed.get("clusterip"):
            spec["clusterIP"] = parsed.get("clusterip")
        spec["type"] = service_type
        if not spec["ports"]:
            del spec["ports"]
    document = {"apiVersion": "v1", "kind": "Service", "metadata": _meta(name, parsed, labels={"app": name}),
                "spec": spec, "status": {"loadBalancer": {}}}
    return submit(ctx, document, parsed)


def _service_port(value: str, node_port: int, command: str) -> dict:
    """create_service.go parsePorts: `port[:target]`, the name is the flag value with `:` as `-`."""
    port, _, target = value.partition(":")
    number = as_int(port, "tcp", command)
    entry: dict = {"name": value.replace(":", "-")}
    if node_port:
        entry["nodePort"] = node_port
    entry.update({"port": number, "protocol": "TCP",
                  "targetPort": (int(target) if target.isdigit() else target) if target else number})
    return entry


def create_namespace(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (), "create namespace")
    name = _one_name(parsed, "create namespace")
    document = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"creationTimestamp": None, "name": name},
                "spec": {}, "status": {}}
    return submit(ctx, document, parsed)


def create_service_account(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (), "create serviceaccount")
    name = _one_name(parsed, "create serviceaccount")
    return submit(ctx, {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(name, parsed)}, parsed)


# configuration -----------------------------------------------------------------


def _literal(source: str) -> tuple[str, str]:
    """`util.ParseLiteralSource`: split at the first `=`, quotes around the value trimmed."""
    if source.startswith("=") or "=" not in source:
        raise FlagError(f"error: invalid literal source {source}, expected key=value")
    key, value = source.split("=", 1)
    return key, value.strip("\"'")


def _file_sources(ctx: ExecContext, sources: list[str]) -> list[tuple[str, bytes]]:
    """`--from-file=[key=]path`: a file under its base name (or key), or each regular file of a folder."""
    files = ctx.files
    found = []
    for source in sources:
        key, _, path = source.rpartition("=") if "=" in source else ("", "", source)
        if not files.exists(path):
            raise FlagError(f"error: error reading {path}: no such file or directory")
        if files.is_dir(path):
            if key:
                raise FlagError(f"error: cannot give a key name for a directory path {path}")
            for child in sorted(files.list_dir(path)):
                child_path = f"{path.rstrip('/')}/{child}"
                if not files.is_dir(child_path):
                    found.append((child, files.read(child_path)))
        else:
            found.append((key or path.rstrip("/").rsplit("/", 1)[-1], files.read(path)))
    return found


def _env_file(ctx: ExecContext, path: str) -> list[tuple[str, str]]:
    files = ctx.files
    if not files.exists(path):
        raise FlagError(f"error: error reading {path}: no such file or directory")
    pairs = []
    for line in files.read(path).decode(errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        pairs.append((key, value))
    return pairs


def _gather(ctx: ExecContext, parsed, kind: str, name: str) -> list[tuple[str, bytes]]:
    pairs: list[tuple[str, bytes]] = []
    pairs += _file_sources(ctx, parsed.get("from-file") or [])
    pairs += [(key, value.encode()) for key, value in map(_literal, parsed.get("from-literal") or [])]
    for path in parsed.get("from-env-file") or []:
        pairs += [(key, value.encode()) for key, value in _env_file(ctx, path)]
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise FlagError(f"error: cannot add key {key}, another key by that name already exists in "
                            f"{'Data' if kind == 'Secret' else 'data'} for {kind} \"{name}\"")
        seen.add(key)
    return pairs


def create_configmap(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, SOURCES, "create configmap")
    name = _one_name(parsed, "create configmap")
    data, binary = {}, {}
    for key, value in _gather(ctx, parsed, "ConfigMap", name):
        try:
            data[key] = value.decode("utf-8")
        except UnicodeDecodeError:
            binary[key] = base64.b64encode(value).decode()
    document: dict = {"apiVersion": "v1"}
    if binary:
        document["binaryData"] = binary
    if data:
        document["data"] = data
    document.update({"kind": "ConfigMap", "metadata": _meta(name, parsed)})
    return submit(ctx, document, parsed)


def create_secret(ctx: ExecContext, args: list[str]) -> ToolResult:
    sub = next((word for word in args if not word.startswith("-")), "")
    rest = list(args)
    if sub:
        rest.remove(sub)
    if sub == "generic":
        return _secret_generic(ctx, rest)
    if sub == "tls":
        return _secret_tls(ctx, rest)
    if sub == "docker-registry":
        return ToolResult.failure('error: "kubectl create secret docker-registry" is not simulated by KubeGrade yet\n')
    return ToolResult.failure(f"error: unknown command \"{sub}\"\nSee 'kubectl create secret -h' for help and examples\n"
                              if sub else "Error: must specify one of -f and -k\n\n")


def _secret_document(name: str, parsed, data: dict, secret_type: str | None) -> dict:
    document: dict = {"apiVersion": "v1"}
    if data:
        document["data"] = data
    document.update({"kind": "Secret", "metadata": _meta(name, parsed)})
    if secret_type:
        document["type"] = secret_type
    return document


def _secret_generic(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (*SOURCES, Flag("type")), "create secret generic")
    name = _one_name(parsed, "create secret generic")
    data = {key: base64.b64encode(value).decode() for key, value in _gather(ctx, parsed, "Secret", name)}
    return submit(ctx, _secret_document(name, parsed, data, parsed.get("type")), parsed)


def _secret_tls(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (Flag("cert"), Flag("key"), Flag("append-hash", "", False)), "create secret tls")
    name = _one_name(parsed, "create secret tls")
    files = ctx.files
    contents = {}
    for flag, key in (("cert", "tls.crt"), ("key", "tls.key")):
        path = parsed.get(flag) or ""
        if not path:
            raise _required(flag)
        if not files.exists(path):
            raise FlagError(f"error: Cannot read file {path}, open {path}: no such file or directory")
        contents[key] = base64.b64encode(files.read(path)).decode()
    return submit(ctx, _secret_document(name, parsed, contents, "kubernetes.io/tls"), parsed)


# rbac --------------------------------------------------------------------------


def create_role(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (Flag("verb", "", True, True), Flag("resource", "", True, True),
                           Flag("resource-name", "", True, True)), "create role")
    name = _one_name(parsed, "create role")
    verbs = parsed.get("verb") or []
    resources = parsed.get("resource") or []
    if not verbs:
        raise FlagError("error: at least one verb must be specified")
    if not resources:
        raise FlagError("error: at least one resource must be specified")
    for verb in verbs:
        if verb not in RBAC_VERBS:
            raise FlagError(f"error: invalid verb: '{verb}'")
    groups: dict[str, list[str]] = {}
    for resource in resources:
        plural, _, sub = resource.partition("/")
        rt = by_name(plural)
        if rt is None:
            raise FlagError(f'error: the server doesn\'t have a resource type "{plural}"')
        groups.setdefault(rt.group, []).append(rt.plural + (f"/{sub}" if sub else ""))
    rules = []
    for group, names in groups.items():
        rule: dict = {"apiGroups": [group], "resources": names}
        if parsed.get("resource-name"):
            rule["resourceNames"] = list(parsed.get("resource-name"))
        rule["verbs"] = list(verbs)
        rules.append(rule)
    document = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": _meta(name, parsed),
                "rules": rules}
    return submit(ctx, document, parsed)


def create_role_binding(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = _parse(args, (Flag("role"), Flag("clusterrole"), Flag("user", "", True, True),
                           Flag("group", "", True, True), Flag("serviceaccount", "", True, True)),
                    "create rolebinding")
    name = _one_name(parsed, "create rolebinding")
    role, cluster_role = parsed.get("role"), parsed.get("clusterrole")
    if bool(role) == bool(cluster_role):
        raise FlagError("error: exactly one of clusterrole or role must be specified")
    subjects = [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}
                for user in parsed.get("user") or []]
    subjects += [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": group}
                 for group in parsed.get("group") or []]
    for account in parsed.get("serviceaccount") or []:
        namespace, sep, account_name = account.partition(":")
        if not sep or not namespace or not account_name:
            raise FlagError("error: serviceaccount must be <namespace>:<name>")
        subjects.append({"kind": "ServiceAccount", "name": account_name, "namespace": namespace})
    document: dict = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                      "metadata": _meta(name, parsed),
                      "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role" if role else "ClusterRole",
                                  "name": role or cluster_role}}
    if subjects:
        document["subjects"] = subjects
    return submit(ctx, document, parsed)


Generator = Callable[[ExecContext, list[str]], ToolResult]
GENERATORS: dict[str, Generator] = {
    "deployment": create_deployment, "service": create_service, "namespace": create_namespace,
    "configmap": create_configmap, "secret": create_secret, "job": create_job, "cronjob": create_cronjob,
    "serviceaccount": create_service_account, "role": create_role, "rolebinding": create_role_binding,
}
