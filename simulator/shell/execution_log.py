"""The session's own record of every program it ran: the truth graders read.

Whatever a student types, only programs that actually ran are recorded: a command in a
comment, in an `echo`, stored in a variable or on a branch that `&&`/`||` skipped never
reaches `record`. Each entry holds the program, its argv after expansion, where it ran
(the workstation, a node, or a pod and its namespace), its exit code and what it printed.
Nested runs are recorded each in their own right: `kubectl exec client -- curl URL`
records `curl` in the pod and `kubectl` on the workstation, in the order they started.

Beside the argv, a program says what it was pointed at and what it got, after its own
option parsing (`ExecContext.record`): one `targets` entry per URL curl or wget fetched
(scheme, host, port, path; the Referer, User-Agent, headers and data as fields of their
own; the address dialled, the Service and the way kube-proxy routed it, the pod that
answered, the reply), per DNS query nslookup or dig sent (the name, its type, the server,
the answers), per file `cat` read, per object `kubectl get` printed. Graders match those
fields (`scoring.executed`), never the joined argv: a name in a Referer header or in
dig's echoed command line is not a request for it.

The log is bounded: outputs are clipped and past `MAX_ENTRIES` further runs are only
counted, so a loop of commands cannot grow it without limit.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from simulator.vantage import Vantage

MAX_ENTRIES = 2000
MAX_OUTPUT = 16 * 1024  # characters of each program's output kept
MAX_TARGETS = 64  # records kept per run: `curl URL URL ...` cannot grow the log without limit

Field = str | tuple[str, ...]


@dataclass
class ExecutedProgram:
    program: str  # the basename: `/usr/bin/curl` ran as `curl`
    argv: list[str]  # after expansion, argv[0] as typed
    vantage: Vantage
    exit_code: int = 0
    output: str = ""  # stdout and stderr interleaved, as the terminal showed them
    finished: bool = False
    targets: list[dict[str, Field]] = field(default_factory=list)  # what it was pointed at and got

    def record(self, fields: dict[str, object]) -> None:
        """Keep one target: values as text, lists as tuples of text, `None` left out."""
        if len(self.targets) < MAX_TARGETS:
            self.targets.append({key: _field(value) for key, value in fields.items() if value is not None})

    @property
    def args(self) -> str:
        """The arguments as one shell-quoted string, for matching and quoting back."""
        return " ".join(shlex.quote(arg) for arg in self.argv[1:])

    @property
    def where(self) -> str:
        """`remote`, the node's name, or `pod NAMESPACE/NAME`."""
        if self.vantage.kind == "pod":
            return f"pod {self.vantage.namespace}/{self.vantage.name}"
        return self.vantage.name

    @property
    def command(self) -> str:
        return " ".join([self.program, self.args]).rstrip()

    def describe(self) -> str:
        """One line naming what ran where, e.g. `curl -s http://svc (in pod default/client, exit 0)`."""
        return f"{self.command}  [{self.where}, exit {self.exit_code}]"


@dataclass
class ExecutionLog:
    entries: list[ExecutedProgram] = field(default_factory=list)
    dropped: int = 0  # runs past MAX_ENTRIES, counted but not kept

    def start(self, program: str, argv: list[str], vantage: Vantage) -> ExecutedProgram | None:
        if len(self.entries) >= MAX_ENTRIES:
            self.dropped += 1
            return None
        entry = ExecutedProgram(program, list(argv), vantage)
        self.entries.append(entry)
        return entry

    @staticmethod
    def finish(entry: ExecutedProgram | None, exit_code: int, output: str) -> None:
        if entry is None:
            return
        entry.exit_code = exit_code
        entry.output = output if len(output) <= MAX_OUTPUT else output[:MAX_OUTPUT] + "\n[output clipped]\n"
        entry.finished = True

    def since(self, mark: int) -> list[ExecutedProgram]:
        return self.entries[mark:]

    def __len__(self) -> int:
        return len(self.entries)


def _field(value: object) -> Field:
    if isinstance(value, (list, tuple)):
        return tuple(_clip(str(item)) for item in value)
    return _clip(str(value))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_OUTPUT else text[:MAX_OUTPUT]
