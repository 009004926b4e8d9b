"""Tab completion: what bash with the bash-completion package and kubectl's completion script
offers for the word that ends the line.

- The first word of a command (after `|`, `;`, `&&`, `||`): the programs this machine has
  and bash's builtins (`cur` -> `curl`), as `compgen -c` would offer what is on the PATH.
- kubectl 1.23 completes through cobra's Go completion (`kubectl __complete`): subcommands;
  flags after `-` (`--name` and the shorthand); flag values for `-n` (namespaces), `-o`
  (formats) and `-f` (files ending .json, .yaml, .yml and folders); and arguments as
  `ResourceTypeAndNameCompletionFunc` gives them: the first argument is a resource type
  from `kubectl api-resources -o name --cached --verbs=get` (so `pods`, and
  `deployments.apps` with its group), later ones names of that type in the namespace of
  `-n` (names already typed left out), and `TYPE/` prefixes names as `TYPE/NAME`. Verbs
  that take pods (`logs`, `exec`, `attach`, `port-forward`) offer pod names; `scale` and
  `rollout` their own types first.
- `ssh [user@]`: the hosts of the lecture's inventory, as bash-completion's `_known_hosts_real`
  reads them from /etc/hosts (names only).
- Anything else: file names in the working directory, readline's default.

Only what the simulator serves is offered: its resource types, its programs, its flags.
What this does not do yet: completion inside quotes, `$VAR` names, and files on a node or
in a pod.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.registry.kinds import RESOURCE_TYPES, by_kind, by_name

if TYPE_CHECKING:
    from simulator.shell.session import Session

SEPARATORS = re.compile(r"\|\||&&|[|;&]")
POD_VERBS = ("logs", "exec", "attach", "port-forward")
TYPE_AND_NAME_VERBS = ("get", "describe", "delete", "edit", "label", "annotate", "patch")
OWN_TYPES = {"scale": ("deployment", "replicaset", "replicationcontroller", "statefulset"),
             "rollout": ("deployment", "daemonset", "statefulset")}
ROLLOUT_COMMANDS = ("history", "pause", "restart", "resume", "status", "undo")
MANIFEST_SUFFIXES = (".json", ".yaml", ".yml")  # kubectl marks -f with these (MarkFlagFilename)


@dataclass
class Completion:
    start: int  # where the completed word begins in the line
    candidates: list[str]


def complete(session: "Session", line: str) -> Completion:
    segment = SEPARATORS.split(line)[-1]
    words = segment.split()
    current = "" if not segment or segment[-1].isspace() else words.pop()
    start = len(line) - len(current)
    if not words:
        return Completion(start, _programs(session, current))
    program = words[0].rsplit("/", 1)[-1]
    if program == "kubectl":
        return Completion(start, sorted(set(_kubectl(session, words[1:], current))))
    if program == "ssh" and not current.startswith("-"):
        return Completion(start, _ssh_hosts(session, current))
    return Completion(start, _files(session, current))


def _programs(session: "Session", prefix: str) -> list[str]:
    from simulator.shell.dispatch import programs_at

    if "/" in prefix:
        return _files(session, prefix)
    return sorted(name for name in programs_at(session) if name.startswith(prefix))


def _files(session: "Session", prefix: str, suffixes: tuple[str, ...] = ()) -> list[str]:
    """Names in the workstation's working directory (folders end in `/`), as readline lists them."""
    if session.frame.kind != "workstation":
        return []
    files = session.cluster.files
    folder, _, stem = prefix.rpartition("/")
    where = folder or "."
    if not files.is_dir(where):
        return []
    found = []
    for name in files.list_dir(where):
        path = f"{folder}/{name}" if folder else name
        if not name.startswith(stem) or (name.startswith(".") and not stem.startswith(".")):
            continue
        if files.is_dir(path):
            found.append(path + "/")
        elif not suffixes or name.endswith(suffixes):
            found.append(path)
    return sorted(found)


def _ssh_hosts(session: "Session", current: str) -> list[str]:
    user, at, host = current.rpartition("@")
    cluster = session.cluster
    names = {"localhost"} | {name for machine in cluster.machine_names() for name in (machine, f"{machine}.cluster.local")}
    return sorted(f"{user}{at}{name}" for name in names if name.startswith(host))


# kubectl ----------------------------------------------------------------------
@dataclass
class KubectlLine:
    positional: list[str]
    namespace: str
    pending_flag: str | None  # the flag whose value is being typed


def _kubectl(session: "Session", args: list[str], current: str) -> list[str]:
    typed = _read_kubectl(args)
    verb = typed.positional[0] if typed.positional else None
    if typed.pending_flag:
        return _flag_values(session, typed.pending_flag, current)
    if current.startswith("-"):
        return _flag_names(verb, current)
    if verb is None:
        from simulator.shell.kubectl.help import all_commands

        return [name for name in all_commands() if name.startswith(current)]
    arguments = typed.positional[1:]
    if verb == "rollout":
        if not arguments:
            return [name for name in ROLLOUT_COMMANDS if name.startswith(current)]
        arguments = arguments[1:]
    if verb in OWN_TYPES and not arguments:
        return [kind for kind in OWN_TYPES[verb] if kind.startswith(current)]
    if verb in POD_VERBS:
        return _object_names(session, "pods", typed.namespace, current) if not arguments else []
    if verb == "explain":
        return _resource_types(current) if not arguments else []
    if verb in TYPE_AND_NAME_VERBS or verb in OWN_TYPES:
        return _types_and_names(session, arguments, typed.namespace, current)
    return []


def _read_kubectl(args: list[str]) -> KubectlLine:
    valued = {f"--{flag.name}" for flag in _all_flags() if flag.takes_value}
    valued |= {f"-{flag.short}" for flag in _all_flags() if flag.takes_value and flag.short}
    positional, namespace, pending = [], "default", None
    for arg in args:
        if pending:
            namespace = arg if pending in ("-n", "--namespace") else namespace
            pending = None
        elif arg.startswith("--namespace=") or (arg.startswith("-n") and len(arg) > 2 and arg[2] != "-"):
            namespace = arg.split("=", 1)[1] if arg.startswith("--") else arg[2:].lstrip("=")
        elif arg in valued:
            pending = arg
        elif not arg.startswith("-"):
            positional.append(arg)
    return KubectlLine(positional, namespace, pending)


def _all_flags():
    from simulator.shell.kubectl.flags import GLOBAL_FLAGS

    flags = list(GLOBAL_FLAGS)
    for module in _verb_modules().values():
        flags.extend(getattr(module, "FLAGS", ()))
    return flags


def _verb_modules() -> dict:
    from simulator.shell.kubectl.main import VERBS

    modules = {}
    for verb, handler in VERBS.items():
        module = __import__(handler.__module__, fromlist=["FLAGS"])
        modules[verb] = module
    return modules


def _flag_names(verb: str | None, current: str) -> list[str]:
    """cobra's getFlagNameCompletions: `--name` when it matches, `-x` too when only `-` is typed."""
    from simulator.shell.kubectl.flags import GLOBAL_FLAGS

    module = _verb_modules().get(verb) if verb else None
    flags = [*GLOBAL_FLAGS, *(getattr(module, "FLAGS", ()) if module else ())]
    names = [f"--{flag.name}" for flag in flags] + [f"-{flag.short}" for flag in flags if flag.short]
    return [name for name in names if name.startswith(current) and name not in ("-v", "--v")]


def _flag_values(session: "Session", flag: str, current: str) -> list[str]:
    if flag in ("-n", "--namespace"):
        return _object_names(session, "namespaces", None, current)
    if flag in ("-o", "--output"):
        from simulator.shell.kubectl.output import FORMATS

        return [fmt for fmt in FORMATS if fmt.startswith(current)]
    if flag in ("-f", "--filename"):
        return _files(session, current, MANIFEST_SUFFIXES)
    return []


def _resource_types(prefix: str) -> list[str]:
    """`kubectl api-resources -o name`: the plural, with `.group` outside the core group."""
    names = [rt.group_resource for rt in RESOURCE_TYPES if "get" in getattr(rt, "verbs", ("get",))]
    comma = prefix.rfind(",")
    head, tail = prefix[:comma + 1], prefix[comma + 1:]
    return [head + name for name in names if name.startswith(tail)]


def _types_and_names(session: "Session", arguments: list[str], namespace: str, current: str) -> list[str]:
    if arguments and "/" not in arguments[0]:
        names = _object_names(session, arguments[0], namespace, current)
        return [name for name in names if name not in arguments[1:]]
    if "/" in current:
        kind, _, stem = current.partition("/")
        return [f"{kind}/{name}" for name in _object_names(session, kind, namespace, stem)]
    if not arguments:
        return _resource_types(current)
    return [f"{name}/" for name in _resource_types(current)]


def _object_names(session: "Session", resource: str, namespace: str | None, prefix: str) -> list[str]:
    rt = by_name(resource) or by_kind(resource)
    if rt is None:
        return []
    objects = session.cluster.store.list(rt, namespace if rt.namespaced else None)
    return [obj.name for obj in objects if obj.name.startswith(prefix)]
