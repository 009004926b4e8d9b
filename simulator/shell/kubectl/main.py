"""`kubectl`: pick the subcommand, turn core errors into kubectl's text and exit codes.

`VERBS` is the dispatch table: to add a verb, write `run(session, ctx, verb, args)` in
its own module (see `logs.py` for a small one) and map the verb to it here; `help.py`
lists the verbs kubectl 1.23 has, so one not in `VERBS` says it is not simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from simulator.errors import StatusError
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.kubectl import describe, edit, exec as exec_verb, from_files, get, imperative, info, logs, patch
from simulator.shell.kubectl import rollout
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import FlagError
from simulator.shell.kubectl.help import ROOT_HELP, all_commands, suggest

if TYPE_CHECKING:
    from simulator.programs.context import Shell

Verb = Callable[["Shell", ExecContext, str, list[str]], ToolResult]
VERBS: dict[str, Verb] = {
    "get": get.run, "describe": describe.run,
    "create": from_files.run, "apply": from_files.run, "replace": from_files.run, "delete": from_files.run,
    "exec": exec_verb.run, "logs": logs.run, "patch": patch.run, "rollout": rollout.run,
    "run": imperative.run, "expose": imperative.run, "scale": imperative.run, "label": imperative.run,
    "annotate": imperative.run, "version": info.run, "cluster-info": info.run, "api-resources": info.run,
    "explain": info.run, "top": info.run, "edit": edit.run,
}
NO_SERVER = "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"


@program("kubectl")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    if not args or args[0] in ("-h", "--help", "help"):
        return ToolResult().out(ROOT_HELP)
    session = ctx.shell
    if not _has_kubeconfig(session):
        return ToolResult(exit_code=1).err(NO_SERVER)
    verb = args[0]
    handler = VERBS.get(verb)
    if handler is None:
        if verb in all_commands():
            return ToolResult.failure(f'error: "kubectl {verb}" is not simulated by KubeGrade yet\n')
        return unknown_command(verb)
    try:
        return handler(session, ctx, verb, args[1:])
    except FlagError as error:
        return ToolResult(exit_code=1).err(f"{error}\n")
    except StatusError as error:
        return ToolResult(exit_code=1).err(status_error_text(error) + "\n")


def _has_kubeconfig(session: "Shell") -> bool:
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
