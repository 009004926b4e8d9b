"""`kubectl`: pick the subcommand, turn core errors into kubectl's text and exit codes."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from simulator.errors import StatusError
from simulator.shell.kubectl.flags import FlagError
from simulator.shell.kubectl.help import ROOT_HELP, all_commands, suggest
from simulator.tools.base import ExecContext, ToolResult

if TYPE_CHECKING:
    from simulator.shell.session import Session

COMMANDS = {
    "get": "get", "describe": "describe",
    "create": "apply", "apply": "apply", "replace": "apply", "delete": "apply",
    "exec": "exec", "logs": "logs", "patch": "patch",
    "run": "imperative", "expose": "imperative", "scale": "imperative", "label": "imperative",
    "annotate": "imperative", "version": "info", "cluster-info": "info", "api-resources": "info",
    "explain": "info", "top": "info", "edit": "info",
}
NO_SERVER = "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"


def run(session: "Session", ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    if not args or args[0] in ("-h", "--help", "help"):
        return ToolResult().out(ROOT_HELP)
    if not _has_kubeconfig(session):
        return ToolResult(exit_code=1).err(NO_SERVER)
    command = args[0]
    module_name = COMMANDS.get(command)
    if module_name is None:
        if command in all_commands():
            return ToolResult.failure(f'error: "kubectl {command}" is not simulated by KubeGrade yet\n')
        return unknown_command(command)
    module = importlib.import_module(f"simulator.shell.kubectl.{module_name}")
    try:
        return module.run(session, ctx, command, args[1:])
    except FlagError as error:
        return ToolResult(exit_code=1).err(f"{error}\n")
    except StatusError as error:
        return ToolResult(exit_code=1).err(status_error_text(error) + "\n")


def _has_kubeconfig(session: "Session") -> bool:
    """Only the workstation and root on the control plane have an admin kubeconfig."""
    frame = session.frame
    if frame.kind == "workstation":
        return True
    return frame.kind == "ssh" and frame.user == "root" and frame.vantage.name == "master"


def unknown_command(command: str) -> ToolResult:
    text = f'error: unknown command "{command}" for "kubectl"\n'
    matches = suggest(command)
    if matches:
        text += "\nDid you mean this?\n" + "".join(f"\t{m}\n" for m in matches)
    text += "\nRun 'kubectl --help' for usage.\n"
    return ToolResult(exit_code=1).err(text)


def status_error_text(error: StatusError, verb: str | None = None, source: str | None = None) -> str:
    """kubectl's checkErr: Invalid errors as `The X "n" is invalid: ...`, others `Error from server`."""
    if error.reason == "Invalid":
        return f"The {error.message}"
    context = f'error when {verb} "{source}": ' if verb and source else ""
    return f"Error from server ({error.reason}): {context}{error.message}"
