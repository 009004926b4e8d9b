"""`kubectl create`: from files (`-f`, in from_files.py) or one of 1.23's generators.

Each generator builds the object as kubectl 1.23's `pkg/cmd/create/create_<kind>.go` does
and returns the dict that object serialises to (Go's omitempty: `creationTimestamp: null`,
`resources: {}`, `status: {}` where the typed object has them), so that a client dry run
prints exactly that. `create_common.submit` then honours `--dry-run` and `-o` as every mutating verb does
(`mutation.py`). The kinds they create are registered kinds like any other; nothing here
stores or prints a kind by hand.
"""

from __future__ import annotations

from typing import Callable

from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl import create_common as common, from_files
from simulator.shell.kubectl.create_config import create_configmap, create_secret
from simulator.shell.kubectl.create_rbac import (create_cluster_role, create_cluster_role_binding, create_role,
                                                 create_role_binding)
from simulator.shell.kubectl.flags import Flag, FlagError, as_int, split_global_flags, unknown_subcommand

SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
                 "externalname": "ExternalName"}
CREATE_BOOL_FLAGS = frozenset({"-h", "--help", "--save-config", "--edit", "--windows-line-endings", "-R",
                               "--recursive", "--validate", "--show-managed-fields", "--allow-missing-template-keys",
                               "--dry-run", "--raw"})  # create's flags with no value of their own (NoOptDefVal)
ALIASES = {"deploy": "deployment", "svc": "service", "ns": "namespace", "cm": "configmap", "sa": "serviceaccount",
           "cj": "cronjob"}


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    leading, sub, rest = split_global_flags(argv[1:], CREATE_BOOL_FLAGS)
    if sub is None or any(word.startswith(("-f", "--filename")) for word in leading + rest):
        return from_files.run(ctx, argv)
    generator = GENERATORS.get(ALIASES.get(sub, sub))
    if generator is None:
        return ToolResult(exit_code=1).err("Error: must specify one of -f and -k\n\n").err(
            unknown_subcommand("create", [sub, *rest]))
    return generator(ctx, leading + rest)


# workloads -------------------------------------------------------------------


def _container_name(image: str) -> str:
    """create_deployment.go buildPodSpec: the image's last path part without tag or digest."""
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    return name.replace("_", "-").replace(".", "-")


def create_deployment(ctx: ExecContext, args: list[str]) -> ToolResult:
    flags = (Flag("image", "", True, True), Flag("port"), Flag("replicas", "r"))
    parsed = common.parse(args, flags, "create deployment")
    name = common.one_name(parsed, "create deployment")
    images = parsed.get("image") or []
    if not images:
        raise common.required("image")
    containers = [{"image": image, "name": _container_name(image), "resources": {}} for image in images]
    port = as_int(parsed.get("port", -1), "port", "create deployment")
    if port >= 0:
        containers[0]["ports"] = [{"containerPort": port}]
    if parsed.command:
        containers[0]["command"] = list(parsed.command)
    labels = {"app": name}
    document = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": common.meta(name, parsed, labels=labels),
        "spec": {"replicas": as_int(parsed.get("replicas", 1), "replicas", "create deployment"),
                 "selector": {"matchLabels": dict(labels)}, "strategy": {},
                 "template": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                              "spec": {"containers": containers}}},
        "status": {}}
    return common.submit(ctx, document, parsed)


def _pod_template(name: str, image: str, command: list[str], restart: str) -> dict:
    container: dict = {"image": image, "name": name, "resources": {}}
    if command:
        container["command"] = list(command)
    return {"metadata": {"creationTimestamp": None},
            "spec": {"containers": [container], "restartPolicy": restart}}


def create_job(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = common.parse(args, (Flag("image"), Flag("from")), "create job")
    name = common.one_name(parsed, "create job")
    if parsed.get("from"):
        raise FlagError('error: "kubectl create job --from" is not simulated by KubeGrade yet')
    if not parsed.get("image"):
        raise FlagError("error: either --image or --from must be specified")
    document = {"apiVersion": "batch/v1", "kind": "Job", "metadata": common.meta(name, parsed),
                "spec": {"template": _pod_template(name, parsed.get("image"), parsed.command, "Never")},
                "status": {}}
    return common.submit(ctx, document, parsed)


def create_cronjob(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = common.parse(args, (Flag("image"), Flag("schedule"), Flag("restart")), "create cronjob")
    missing = [flag for flag in ("image", "schedule") if not parsed.get(flag)]
    if missing:
        raise common.required(*missing)
    name = common.one_name(parsed, "create cronjob")
    restart = parsed.get("restart") or "OnFailure"
    if restart not in ("OnFailure", "Never"):
        raise FlagError(f"error: restart policy must be one of [OnFailure Never], got {restart}")
    template = _pod_template(name, parsed.get("image"), parsed.command, restart)
    document = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": common.meta(name, parsed),
                "spec": {"jobTemplate": {"metadata": {"creationTimestamp": None, "name": name},
                                         "spec": {"template": template}},
                         "schedule": parsed.get("schedule")},
                "status": {}}
    return common.submit(ctx, document, parsed)


# services and namespaces -------------------------------------------------------


def create_service(ctx: ExecContext, args: list[str]) -> ToolResult:
    kind = next((word for word in args if not word.startswith("-")), "")
    service_type = SERVICE_TYPES.get(kind)
    if service_type is None:
        return ToolResult.failure(unknown_subcommand("create service", args) if kind else
                                  "error: a service type is required: clusterip, externalname, loadbalancer or "
                                  "nodeport\nSee 'kubectl create service -h' for help and examples\n")
    rest = list(args)
    rest.remove(kind)
    command = f"create service {kind}"
    parsed = common.parse(rest, (Flag("tcp", "", True, True), Flag("node-port"), Flag("external-name"),
                           Flag("clusterip")), command)
    name = common.one_name(parsed, command)
    spec: dict = {}
    if service_type == "ExternalName":
        if not parsed.get("external-name"):
            raise common.required("external-name")
        spec = {"externalName": parsed.get("external-name"), "type": service_type}
    else:
        tcp = parsed.get("tcp") or []
        if not tcp and parsed.get("clusterip") != "None":
            raise common.required("tcp")
        node_port = as_int(parsed.get("node-port", 0), "node-port", command)
        spec["ports"] = [_service_port(value, node_port, command) for value in tcp]
        spec["selector"] = {"app": name}
        if parsed.get("clusterip"):
            spec["clusterIP"] = parsed.get("clusterip")
        spec["type"] = service_type
        if not spec["ports"]:
            del spec["ports"]
    document = {"apiVersion": "v1", "kind": "Service", "metadata": common.meta(name, parsed, labels={"app": name}),
                "spec": spec, "status": {"loadBalancer": {}}}
    return common.submit(ctx, document, parsed)


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
    parsed = common.parse(args, (), "create namespace")
    name = common.one_name(parsed, "create namespace")
    document = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"creationTimestamp": None, "name": name},
                "spec": {}, "status": {}}
    return common.submit(ctx, document, parsed)


def create_service_account(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = common.parse(args, (), "create serviceaccount")
    name = common.one_name(parsed, "create serviceaccount")
    document = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": common.meta(name, parsed)}
    return common.submit(ctx, document, parsed)


Generator = Callable[[ExecContext, list[str]], ToolResult]
GENERATORS: dict[str, Generator] = {
    "deployment": create_deployment, "service": create_service, "namespace": create_namespace,
    "configmap": create_configmap, "secret": create_secret, "job": create_job, "cronjob": create_cronjob,
    "serviceaccount": create_service_account, "role": create_role, "rolebinding": create_role_binding,
    "clusterrole": create_cluster_role, "clusterrolebinding": create_cluster_role_binding,
}
