"""What every `kubectl create <generator>` shares: the flags, NAME, the metadata kubectl sets,
and sending the built object with `--dry-run` and `-o` honoured (`mutation.py`)."""

from __future__ import annotations

import json

from simulator.programs.context import ExecContext, ToolResult
from simulator.shell.kubectl import from_files, mutation
from simulator.shell.kubectl.flags import Flag, FlagError, parse_flags

COMMON = (Flag("dry-run"), Flag("output", "o"), Flag("save-config", "", False), Flag("validate"),
          Flag("field-manager"), Flag("show-managed-fields", "", False), Flag("template"),
          Flag("allow-missing-template-keys", "", False))
SOURCES = (Flag("from-literal", "", True, True), Flag("from-file", "", True, True),
           Flag("from-env-file", "", True, True), Flag("append-hash", "", False))


def parse(args: list[str], flags: tuple[Flag, ...], command: str):
    parsed = parse_flags(args, (*flags, *COMMON), command)
    mutation.check_output(parsed)
    return parsed


def one_name(parsed, command: str) -> str:
    if len(parsed.positional) != 1:
        raise FlagError(f"error: exactly one NAME is required, got {len(parsed.positional)}\n"
                        f"See 'kubectl {command} -h' for help and examples")
    return parsed.positional[0]


def required(*flags: str) -> FlagError:
    return FlagError("error: required flag(s) " + ", ".join(f'"{f}"' for f in flags) + " not set")


def meta(name: str, parsed, **extra) -> dict:
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
