"""A container's shell script as a process on the simulated clock (`sh -c 'while true; do ...; sleep 5; done'`).

A container whose command is a shell with `-c` and a loop (`command: ["sh", "-c", "..."]`, the args
form too) runs its script in the simulator's own interpreter, in the container: its frame is the
pod's exec frame (the image's shell flavour: busybox ash in busybox), its variables the container's
environment as the kubelet built it (downward API and configMap env included), its file writes go
where the container's writes go (its own filesystem and its volumes). What it prints is appended to
the container's log, which `kubectl logs` reads.

The script is a runner: a generator that yields a `Wait` when time must pass. `sleep 5` suspends
it until the clock reaches that moment; the cluster's `next_wake` includes each process's wake, so
`Session.pass_time` and `Cluster.tick` stop there and `step` runs it at that instant (`date` prints
the right time). Nothing here moves the clock, and nothing is written to the student's execution
log: the process has a session of its own whose log is dropped after each step.

Bounds: at most MAX_STEPS_PER_SECOND waits per process in one simulated second (a busier loop
waits for the next second); a loop with no wait at all (`while true; do :; done`) is stopped by
the interpreter's MAX_COMMANDS_AT_ONCE and is then a CPU burner: the container stays Running, and
its script prints nothing more; the log keeps its newest LOG_LIMIT characters (the kubelet's
containerLogMaxSize, 10 MiB). The script ending ends the container: its exit code goes to the
kubelet as a batch process's does (`machines.processes`), so restartPolicy applies.

Not yet: a pickled cluster (a workspace snapshot is postponed while a process runs, see
`Session.holds_runners`; the grader's setup cache) keeps each process's log but not its runner, so a
restored cluster's loops print nothing more. Finite scripts (`echo hi; exit 3`) are still read by
`apps.batch_work.shell_script`; the user is root whatever `runAsUser` says.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from simulator.apps.batch_work import shell_script
from simulator.printers.formats import parse_rfc3339
from simulator.programs.context import ToolResult
from simulator.shell import grammar
from simulator.shell.execution_log import ExecutionLog
from simulator.shell.frames import Frame
from simulator.shell.interpreter import Interpreter
from simulator.shell.parser import ParseError
from simulator.shell.runtime import LineStopped, ScriptExit, Wait
from simulator.shell.session import Session
from simulator.vantage import pod_vantage

SHELLS = ("sh", "bash", "ash")
LOOPS = ("while true", "while :")  # what batch_work reads as a loop without end; servers stay theirs
SERVERS = ("nc ", "httpd", "tail -f")
LOG_LIMIT = 10 * 1024 * 1024  # the kubelet's containerLogMaxSize: older lines rotate away
MAX_STEPS_PER_SECOND = 1000  # waits one process may make in one simulated second


def loop_script(container: dict) -> tuple[str, str, list[str]] | None:
    """(shell, script, positional parameters) of a container whose command is `sh -c` with a loop."""
    command = [str(part) for part in (container.get("command") or []) + (container.get("args") or [])]
    if not command or command[0].rsplit("/", 1)[-1] not in SHELLS or "-c" not in command[1:]:
        return None
    at = command.index("-c")
    if at + 1 >= len(command):
        return None
    script = command[at + 1]
    if not any(loop in script for loop in LOOPS) or any(server in script for server in SERVERS):
        return None
    if shell_script(script)[0] is not None:
        return None
    return command[0], script, command[at + 2:]


class ProcessHost:
    """The cluster as a process's session sees it, with random sources of its own: starting a
    process must not move the student's shell's pid numbers."""

    def __init__(self, host, seed: str) -> None:
        self._host, self._seed = host, seed

    def random(self, stream: str) -> random.Random:
        return random.Random(f"{self._seed}/{stream}")

    def __getattr__(self, name: str):
        return getattr(self._host, name)


class ProcessSession(Session):
    """A container process's own shell: time a nested run would pass (`$(sleep 1)`) is owed to the
    process instead of moving everyone's clock, and its execution log is never the student's."""

    owed = 0.0

    def pass_time(self, seconds: float) -> None:
        self.owed += max(0.0, float(seconds))


@dataclass
class Process:
    key: str  # "<pod uid>/<container>", as machines.container_logs keys it
    container_id: str
    wake: float
    runner: Any = field(default=None, repr=False)
    session: Any = field(default=None, repr=False)
    interpreter: Any = field(default=None, repr=False)
    status: int | None = None  # exit status once its script ended
    burning: bool = False  # stopped by the command bound with no time passing: a CPU burner
    steps_at: tuple[float, int] = (0.0, 0)  # (simulated second, waits made in it)

    @property
    def alive(self) -> bool:
        return self.runner is not None and self.status is None and not self.burning


class ContainerProcesses:
    """Every node's running container scripts: (pod uid, container) -> its process."""

    def __init__(self) -> None:
        self.processes: dict[str, Process] = {}
        self.synced_at = -1  # the store revision the table was last matched against
        self.stepping = False  # a script's own program may settle the cluster: not re-entered

    def __getstate__(self) -> dict:
        """Generators cannot be pickled: a restored process keeps its place but no runner."""
        kept = {key: Process(p.key, p.container_id, p.wake, status=p.status, burning=p.burning)
                for key, p in self.processes.items()}
        return {"processes": kept, "synced_at": -1, "stepping": False}

    def running(self) -> bool:
        return any(p.alive for p in self.processes.values())

    def next_wake(self, now: float) -> float | None:
        return min((p.wake for p in self.processes.values() if p.alive and p.wake > now), default=None)

    def step(self, host) -> bool:
        """Match the table with the pods, then run each process whose wake has come; whether any ended."""
        if self.stepping:
            return False
        self.stepping = True
        try:
            return self._step(host)
        finally:
            self.stepping = False

    def _step(self, host) -> bool:
        if host.store.revision != self.synced_at:
            self.match_pods(host)
            self.synced_at = host.store.revision
        now = host.clock.now()
        ended = False
        for process in list(self.processes.values()):
            if process.alive and process.wake <= now:
                run_until_waiting(process, host, now)
                if process.status is not None:
                    uid, name = process.key.split("/", 1)
                    host.machines.processes[(uid, name)] = (now, process.status, "")  # the kubelet ends it
                    ended = True
        return ended

    def match_pods(self, host) -> None:
        """Start a process for each running loop container, stop those whose container is gone."""
        from simulator.registry.kinds import by_kind

        live: set[str] = set()
        for pod in host.store.list(by_kind("Pod")):
            if pod.metadata.deletion_timestamp is not None:
                continue
            containers = {c.get("name"): c for c in pod.spec.get("containers") or []}
            for status in pod.status.get("containerStatuses") or []:
                running = (status.get("state") or {}).get("running")
                container = containers.get(status.get("name"))
                found = loop_script(container) if running and container else None
                if found is None:
                    continue
                key = f"{pod.metadata.uid}/{status.get('name')}"
                live.add(key)
                known = self.processes.get(key)
                if known is None or known.container_id != status.get("containerID"):
                    self.stop(key)
                    started = parse_rfc3339(running.get("startedAt")) or host.clock.now()
                    self.processes[key] = start(host, pod, status.get("name"), status.get("containerID"), found, started)
        for key in [key for key in self.processes if key not in live]:
            self.stop(key)

    def stop(self, key: str) -> None:
        """The container is killed: its script stops where it waits."""
        process = self.processes.pop(key, None)
        if process is not None and process.runner is not None:
            process.runner.close()


def start(host, pod, name: str, container_id: str, found: tuple[str, str, list[str]], started: float) -> Process:
    shell, script, positional = found
    key = f"{pod.metadata.uid}/{name}"
    process = Process(key, container_id, started)
    vantage = pod_vantage(pod.name, pod.namespace, pod.status.get("podIP", ""), pod.spec.get("nodeName", ""))
    session = ProcessSession(ProcessHost(host, key), vantage)
    session.frames = [Frame(vantage, "exec", "root", "/", name, shell="sh" if shell.endswith("sh") else shell)]
    session.env = dict(host.machines.container_env.get(key) or [])
    dialect = "bash" if shell.rsplit("/", 1)[-1] == "bash" else session.shell_dialect(shell)
    interpreter = Interpreter(session, dialect=dialect, arg0=positional[0] if positional else shell,
                              positional=positional[1:], deferred=True, script=True, sink=ToolResult())
    try:
        tree = grammar.parse_script(script)
    except grammar.ShellSyntaxError as error:
        append_log(host, key, error.dialect_text(dialect) + "\n")
        process.status = 2
        return process
    except ParseError as error:
        append_log(host, key, f"{error}\n")
        process.status = 2
        return process
    process.session, process.interpreter = session, interpreter
    process.runner = interpreter.run_sequence(tree)
    return process


def run_until_waiting(process: Process, host, now: float) -> None:
    """Run the script from where it waits until it waits for a later moment, or ends."""
    second, steps = process.steps_at
    if second != int(now):
        second, steps = int(now), 0
    try:
        while process.wake <= now:
            if steps >= MAX_STEPS_PER_SECOND:
                process.wake = second + 1.0  # a busy loop: the rest waits for the next second
                break
            steps += 1
            wait = next(process.runner)
            seconds = wait.seconds if isinstance(wait, Wait) else float(wait)
            process.wake = now + max(0.0, seconds) + process.session.owed
            process.session.owed = 0.0
    except StopIteration as stop:
        process.status = stop.value if stop.value is not None else process.interpreter.status
    except ScriptExit as exited:
        process.status = exited.status
    except LineStopped:
        process.burning = True  # no time passes in its loop: it burns a CPU and prints no more here
    finally:
        process.steps_at = (second, steps)
        flush(process, host)


def flush(process: Process, host) -> None:
    sink = process.interpreter.sink_override
    if sink.chunks:
        append_log(host, process.key, sink.combined)
        process.interpreter.sink_override = ToolResult()
    process.session.executed = ExecutionLog()  # the process's commands are not what the student typed


def append_log(host, key: str, text: str) -> None:
    log = host.machines.container_logs.get(key, "") + text
    if len(log) > LOG_LIMIT:
        log = log[len(log) - LOG_LIMIT:]
        log = log[log.find("\n") + 1:] if "\n" in log else log  # rotation keeps whole lines
    host.machines.container_logs[key] = log
