"""`kubectl create configmap|secret generic|tls|docker-registry`: data from `--from-literal`, `--from-file`, `--from-env-file`
(`pkg/cmd/create/create_configmap.go`, `create_secret.go`, `create_secret_tls.go`, `util/hash`'s
sources). Text that is not UTF-8 goes to a ConfigMap's `binaryData`; Secret values are base64."""

from __future__ import annotations

import base64
import json

from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl import create_common as common
from simulator.shell.kubectl.flags import Flag, FlagError, unknown_subcommand


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
        written = _workstation_file(ctx, path)
        if written is not None:  # a file of the workstation's own disk (~/.ssh/id_rsa, what a command wrote)
            found.append((key or path.rstrip("/").rsplit("/", 1)[-1], written))
            continue
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


def _workstation_file(ctx: ExecContext, path: str) -> bytes | None:
    """A regular file on the workstation's disk that the hands-on tree does not have, as bytes."""
    from simulator.shell import mounts

    if ctx.files is None or ctx.files.exists(path) or ctx.vantage.kind != "remote":
        return None
    place = mounts.workstation_place(ctx, path)
    entry = place.tree.get(place.path)
    return entry.content.encode() if entry is not None and entry.kind == "f" else None


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
    parsed = common.parse(args, common.SOURCES, "create configmap")
    name = common.one_name(parsed, "create configmap")
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
    document.update({"kind": "ConfigMap", "metadata": common.meta(name, parsed)})
    return common.submit(ctx, document, parsed)


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
        return _secret_docker_registry(ctx, rest)
    return ToolResult.failure(unknown_subcommand("create secret", args) if sub else
                              "error: a secret type is required: docker-registry, generic or tls\n"
                              "See 'kubectl create secret -h' for help and examples\n")


def _secret_document(name: str, parsed, data: dict, secret_type: str | None) -> dict:
    document: dict = {"apiVersion": "v1"}
    if data:
        document["data"] = data
    document.update({"kind": "Secret", "metadata": common.meta(name, parsed)})
    if secret_type:
        document["type"] = secret_type
    return document


def _secret_generic(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = common.parse(args, (*common.SOURCES, Flag("type")), "create secret generic")
    name = common.one_name(parsed, "create secret generic")
    data = {key: base64.b64encode(value).decode() for key, value in _gather(ctx, parsed, "Secret", name)}
    return common.submit(ctx, _secret_document(name, parsed, data, parsed.get("type")), parsed)


def _secret_tls(ctx: ExecContext, args: list[str]) -> ToolResult:
    parsed = common.parse(args, (Flag("cert"), Flag("key"), Flag("append-hash", "", False)), "create secret tls")
    name = common.one_name(parsed, "create secret tls")
    files = ctx.files
    contents = {}
    for flag, key in (("cert", "tls.crt"), ("key", "tls.key")):
        path = parsed.get(flag) or ""
        if not path:
            raise common.required(flag)
        if not files.exists(path):
            raise FlagError(f"error: Cannot read file {path}, open {path}: no such file or directory")
        contents[key] = base64.b64encode(files.read(path)).decode()
    return common.submit(ctx, _secret_document(name, parsed, contents, "kubernetes.io/tls"), parsed)


def _secret_docker_registry(ctx: ExecContext, args: list[str]) -> ToolResult:
    """create_secret_docker_registry.go: `.dockerconfigjson` holding {"auths": {server: {username,
    password, email, auth}}}, json.Marshal's field order and no spaces; or the files given."""
    parsed = common.parse(args, (Flag("docker-username"), Flag("docker-password"), Flag("docker-email"),
                                 Flag("docker-server"), Flag("from-file", "", True, True),
                                 Flag("append-hash", "", False)), "create secret docker-registry")
    name = common.one_name(parsed, "create secret docker-registry")
    if parsed.get("from-file"):
        data = {key: base64.b64encode(value).decode() for key, value in _file_sources(ctx, parsed.get("from-file"))}
    else:
        user, password = parsed.get("docker-username") or "", parsed.get("docker-password") or ""
        if not user or not password:
            raise FlagError("error: either --from-file or the combination of --docker-username, --docker-password "
                            "and --docker-server is required")
        entry = {"username": user, "password": password}
        if parsed.get("docker-email"):
            entry["email"] = parsed.get("docker-email")
        entry["auth"] = base64.b64encode(f"{user}:{password}".encode()).decode()
        server = parsed.get("docker-server") or "https://index.docker.io/v1/"
        config = json.dumps({"auths": {server: entry}}, separators=(",", ":"))
        data = {".dockerconfigjson": base64.b64encode(config.encode()).decode()}
    return common.submit(ctx, _secret_document(name, parsed, data, "kubernetes.io/dockerconfigjson"), parsed)
