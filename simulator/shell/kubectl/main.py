"""`kubectl`: find the verb past the global flags, dispatch once, print errors as kubectl 1.23.7 does.

Every verb is a program of its own signature, `run(ctx, argv)` with `argv[0]` the verb
(`["get", "pods", "-n", "x"]`); `VERBS` maps each verb kubectl 1.23 has and the simulator
serves to it. Global flags may stand before the verb as cobra allows (`kubectl -n
kube-system get pods`): they are moved behind it, where every verb's flag parser reads them.

Errors: a verb raises `FlagError` with kubectl's text or lets a `StatusError` from the
API store rise; both become kubectl's text here and only here (`cmdutil.CheckErr`), with
`error_text.status_error_text` for the API's errors. 1.23.7 silences cobra's own error
printing (`cli.RunNoErrOutput`), so no `Run 'kubectl --help' for usage.` follows.
"""

from __future__ import annotations

from typing import Callable

from simulator.errors import StatusError
from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.kubectl import create, delete, describe, edit, exec as exec_verb, from_files, get, imperative
from simulator.shell.kubectl import auth, explain, info, logs, patch, port_forward, proxy, rollout, set_verb, top
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import FlagError, split_global_flags
from simulator.shell.kubectl.help import ROOT_HELP, all_commands, suggest

Verb = Callable[[ExecContext, list[str]], ToolResult]
VERBS: dict[str, Verb] = {
    "get": get.run, "describe": describe.run, "create": create.run, "apply": from_files.run,
    "replace": from_files.run, "delete": delete.run, "edit": edit.run, "patch": patch.run,
    "label": imperative.label, "annotate": imperative.annotate, "run": imperative.run_pod,
    "expose": imperative.expose, "scale": imperative.scale, "rollout": rollout.run, "set": set_verb.run,
    "exec": exec_verb.run, "logs": logs.run, "version": info.version, "cluster-info": info.cluster_info,
    "api-resources": info.api_resources, "explain": explain.run, "top": top.run,
    "auth": auth.run, "proxy": proxy.run, "port-forward": port_forward.run,
}
NO_SERVER = "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n"
CONTEXT = "kubernetes-admin@cluster.local"  # the context kubespray writes into admin.conf


@program("kubectl")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    leading, verb, rest = split_global_flags(argv[1:])
    if verb is None or verb == "help" or any(word in ("-h", "--help") for word in leading):
        return ToolResult().out(ROOT_HELP)
    if not _has_kubeconfig(ctx):
        return ToolResult(exit_code=1).err(NO_SERVER)
    if ctx.machines.apiserver_down(ctx.now()):  # the master's kube-apiserver is restarting (its manifest changed)
        server = "127.0.0.1:6443" if ctx.vantage.kind == "node" else "192.168.100.200:6443"  # kubespray's admin.conf
        return ToolResult(exit_code=1).err(NO_SERVER.replace("localhost:8080", server))
    handler = VERBS.get(verb)
    if handler is None:
        if verb in all_commands():
            return ToolResult.failure(f'error: "kubectl {verb}" is not simulated by KubeGrade yet\n')
        return unknown_command(verb)
    try:
        check_context([*leading, *rest])
        return handler(ctx, [verb, *leading, *rest])
    except FlagError as error:
        return ToolResult(exit_code=1).err(f"{error}\n")
    except StatusError as error:
        return ToolResult(exit_code=1).err(status_error_text(error) + "\n")


def check_context(args: list[str]) -> None:
    """`--context` must name a context of the kubeconfig (clientcmd's validation text)."""
    for index, word in enumerate(args):
        if word == "--":
            return
        name = None
        if word == "--context" and index + 1 < len(args):
            name = args[index + 1]
        elif word.startswith("--context="):
            name = word.split("=", 1)[1]
        if name and name != CONTEXT:
            raise FlagError(f"error: context was not found for specified context: {name}")


def _has_kubeconfig(ctx: ExecContext) -> bool:
    """Only the workstation and root on the control plane have an admin kubeconfig."""
    if ctx.shell is None:
        return True
    frame = ctx.shell.frame
    if frame.kind == "workstation":
        return True
    return frame.kind == "ssh" and frame.user == "root" and frame.vantage.name == "master"


def unknown_command(command: str) -> ToolResult:
    """cobra's `unknown command` error with its suggestions, as `CheckErr` prints it."""
    text = f'error: unknown command "{command}" for "kubectl"\n'
    matches = suggest(command)
    if matches:
        text += "\nDid you mean this?\n" + "".join(f"\t{m}\n" for m in matches)
    return ToolResult(exit_code=1).err(text)
