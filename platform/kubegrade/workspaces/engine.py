"""The workspace's bridge to the simulator and the scoring engine (the platform reaches
`scoring` only through adapter modules like this one).

A `Live` is a workspace's running `(cluster, session)`: built from the assignment's
post-setup cluster (`scoring.replay.build_cluster`, the one the grader starts from) with
the starter files, then driven one event at a time. Every step is deterministic given
the event's stored inputs (the line, the file text, the simulated seconds), so replaying
the log rebuilds the same cluster. Commands run under the grader's time and memory
budget (`scoring.budget`).

The interactive parts of the session (watches, `kubectl edit`, completion) come from the
simulator's interactive session; where a simulator without them is installed, a watch
never starts, an edit never opens and completion offers nothing.
"""

from __future__ import annotations

import pickle
import posixpath
import zlib
from dataclasses import dataclass, field

from kubegrade.courses.bank import bank_assignment

BUDGET_SECONDS = 10.0
BUDGET_MEMORY_MB = 256.0
TYPING_SECONDS = 2.0  # what Session.run lets pass itself (simulator.cluster.SECONDS_PER_COMMAND)


@dataclass
class StepResult:
    """What one event printed and left behind."""

    output: str = ""
    exit_code: int | None = None
    prompt: str = ""
    next_prompt: str = ""
    following: bool = False
    edit_path: str = ""
    edit_content: str = ""


@dataclass(frozen=True)
class ApiReply:
    """What the workspace's API server answered one request (`Live.api_request`)."""

    status: int
    content_type: str
    body: str
    headers: tuple = ()


@dataclass
class Live:
    cluster: object
    session: object
    files: dict[str, str] = field(default_factory=dict)

    # the terminal ---------------------------------------------------------
    def run_line(self, line: str, elapsed: float) -> StepResult:
        self._let_time_pass(elapsed)
        prompt = self.session.prompt
        with _budget() as guard:
            self.session.guard = guard.check
            try:
                result = self.session.run(line)
            finally:
                self.session.guard = None
        return self._step(result, prompt)

    def follow(self, seconds: float) -> StepResult:
        follow = getattr(self.session, "follow", None)
        if follow is None:
            return self._idle()
        return self._step(follow(seconds), self.session.prompt)

    def interrupt(self) -> StepResult:
        interrupt = getattr(self.session, "interrupt", None)
        if interrupt is None:
            return StepResult(output="", exit_code=130, prompt=self.session.prompt, next_prompt=self.session.prompt)
        return self._step(interrupt(), self.session.prompt)

    def finish_edit(self, content: str, elapsed: float) -> StepResult:
        self._let_time_pass(elapsed)
        prompt = self.session.prompt
        with _budget() as guard:
            self.session.guard = guard.check
            try:
                result = self.session.finish_edit(content)
            finally:
                self.session.guard = None
        return self._step(result, prompt)

    def complete(self, line: str) -> tuple[int, list[str]]:
        try:
            from simulator.shell.completion import complete
        except ImportError:
            return len(line), []
        completion = complete(self.session, line)
        return completion.start, list(completion.candidates)

    @property
    def following(self) -> bool:
        return bool(getattr(self.session, "following", False))

    # the cluster's API (the student's own kubectl, through /k8s/<workspace id>/) ------------
    def api_request(self, method: str, target: str, headers: list, body: str, elapsed: float) -> ApiReply:
        """One request to the cluster's API server as its admin, after `elapsed` real seconds
        pass (reads within a second pass none), under the terminal's budget."""
        from simulator.apiserver.serve import admin_request

        if elapsed > 0:
            self.cluster.tick(elapsed)
        with _budget():
            status, content_type, text, extra = admin_request(self.cluster, self.cluster.api_server(), method, target,
                                                              [tuple(h) for h in headers], body)
        return ApiReply(status, content_type, text, tuple(extra))

    # the editor's files ---------------------------------------------------
    def write_file(self, name: str, content: str) -> None:
        self.files[name] = content
        self.cluster.files.files[posixpath.normpath(name)] = content.encode("utf-8")

    def delete_file(self, name: str) -> None:
        self.files.pop(name, None)
        self.cluster.files.files.pop(posixpath.normpath(name), None)

    # helpers ---------------------------------------------------------------
    def _let_time_pass(self, elapsed: float) -> None:
        """Real time between commands, less what the shell counts for typing the line."""
        extra = max(0.0, elapsed - TYPING_SECONDS)
        if extra:
            self.cluster.tick(extra)

    def _idle(self) -> StepResult:
        return StepResult(prompt=self.session.prompt, next_prompt=self.session.prompt)

    def _step(self, result, prompt: str) -> StepResult:
        editing = getattr(result, "editing", None)
        return StepResult(
            output=result.output, exit_code=result.exit_code, prompt=prompt, next_prompt=self.session.prompt,
            following=bool(getattr(result, "following", False)),
            edit_path=editing.path if editing is not None else "",
            edit_content=editing.content if editing is not None else "",
        )


def live_start(*, slug: str, content_hash: str, seed: int, files: dict[str, str]) -> Live:
    """The grader's post-setup cluster for this seed, with these files where `-f` reads."""
    from scoring.replay import build_cluster
    from simulator.files import MemoryFiles

    cluster, _setup_lines = build_cluster(bank_assignment(slug, content_hash), seed)
    cluster.files = MemoryFiles({name: text.encode("utf-8") for name, text in files.items()})
    try:
        session = cluster.session(interactive=True)
    except TypeError:  # a simulator without interactive sessions
        session = cluster.session()
    return Live(cluster, session, dict(files))


def starter_files(*, slug: str, content_hash: str, seed: int) -> dict[str, str]:
    assignment = bank_assignment(slug, content_hash)
    return {name: data.decode("utf-8", "replace") for name, data in assignment.starter_files(seed).items()}


def live_object(live: "Live", kind: str, namespace: str, name: str) -> dict | None:
    """The live object as the API server serialises it, or None (unknown kind, no such object)."""
    from simulator.registry.kinds import by_kind

    if getattr(live, "remote", False):  # held by its sandbox: ask there
        return live.live_object(kind, namespace, name)

    try:
        resource = by_kind(kind)
    except (KeyError, ValueError):
        return None
    if resource is None:
        return None
    found = live.cluster.store.find(resource, namespace if resource.namespaced else None, name)
    return None if found is None else found.to_dict()


def takes_commands(*, slug: str, content_hash: str) -> bool:
    return bool(bank_assignment(slug, content_hash).submission.commands)


def snapshot_dump(live: Live) -> bytes | None:
    """None while the shell runs jobs or a held loop (generators cannot be pickled): the last
    snapshot stays and the events after it rebuild the same state."""
    if getattr(live, "remote", False):  # pickled where it lives, by its sandbox
        return live.snapshot
    if getattr(live.session, "holds_runners", False):
        return None
    return zlib.compress(pickle.dumps((live.cluster, live.session, live.files), protocol=pickle.HIGHEST_PROTOCOL), 1)


def snapshot_load(data: bytes) -> Live:
    # Only bytes this platform pickled itself, read back from its own database.
    cluster, session, files = pickle.loads(zlib.decompress(bytes(data)))  # noqa: S301
    return Live(cluster, session, files)


def _budget():
    from scoring.budget import Budget, BudgetGuard

    return BudgetGuard(Budget(seconds=BUDGET_SECONDS, memory_mb=BUDGET_MEMORY_MB))


def budget_error_types() -> tuple[type[BaseException], ...]:
    from scoring.budget import BudgetExceeded

    return (BudgetExceeded, MemoryError, CommandStopped)


def budget_message(error: BaseException, lang: str = "en") -> str:
    from scoring.messages import Phrase, localize, text

    if isinstance(error, CommandStopped):
        return error.messages.get(lang) or error.messages["en"]
    if isinstance(error, MemoryError):
        return text("budget", lang, reason=localize(Phrase("over_process_memory"), lang))
    return text("budget", lang, reason=error)


def declared_limits(limits: dict) -> dict[str, int]:
    """A version's stored `submission_limits` with the bank's defaults where it is silent."""
    from scoring.bank import SubmissionSpec

    defaults = SubmissionSpec(files=[], commands=False)
    return {key: int(limits.get(key) or getattr(defaults, key)) for key in ("max_files", "max_bytes", "max_commands")}


def count_commands(lines: list[str]) -> int:
    """Commands as the engine counts them toward `max_commands` (`a && b | c` is three)."""
    from scoring.submission import count_commands as engine_count

    return engine_count(lines)


# the sandbox side ---------------------------------------------------------------
# A sandbox process (`workspaces.sandbox`) keeps warm `Live`s and runs each step there, under
# the budget and the process's own OS limits, never in a web worker's thread. These are
# the functions it calls; they take and return only picklable values.

class CommandStopped(Exception):
    """A step the sandbox stopped (budget, memory ceiling, CPU limit, a dead sandbox); its
    message is ready in each language."""

    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__(messages.get("en", ""))
        self.messages = messages


def stopped_messages(error: BaseException) -> dict[str, str]:
    from scoring.messages import LANGS

    return {lang: budget_message(error, lang) for lang in LANGS}


def stopped_by_limit(reason_key: str) -> CommandStopped:
    """A sandbox ended by the kernel (CPU time) or lost: the budget's message for it."""
    from scoring.messages import LANGS, Phrase, localize, text

    phrase = Phrase(reason_key, seconds=BUDGET_SECONDS) if reason_key == "over_time" else Phrase(reason_key)
    return CommandStopped({lang: text("budget", lang, reason=localize(phrase, lang)) for lang in LANGS})


def cap_process_memory(headroom_mb: int) -> int | None:
    """The sandbox's address-space ceiling (scoring.budget.cap_address_space)."""
    from scoring.budget import cap_address_space

    return cap_address_space(headroom_mb)


def replay_into(live: Live, events: list[tuple]) -> None:
    """Repeats stored events `(kind, line, content, elapsed)` on `live` (see rebuild.replay_event)."""
    for kind, line, content, elapsed in events:
        if kind == "command":
            live.run_line(line, elapsed)
        elif kind == "edit":
            live.finish_edit(content, elapsed)
        elif kind == "follow":
            live.follow(elapsed)
        elif kind == "interrupt":
            live.interrupt()
        elif kind == "file_write":
            live.write_file(line, content)
        elif kind == "file_delete":
            live.delete_file(line)
        elif kind == "api":
            live.api_request(*api_event_args(line, content), elapsed)


def api_event_content(headers: list, body: str) -> str:
    """How an API request is kept in the log: the headers that change its outcome, and its body."""
    import json

    kept = [[k, v] for k, v in headers if k.lower() in ("content-type", "accept") or k.lower().startswith("impersonate-")]
    return json.dumps({"headers": kept, "body": body})


def api_event_args(line: str, content: str) -> tuple[str, str, list, str]:
    """(method, target, headers, body) of a logged API request (`line` is "METHOD target")."""
    import json

    method, _, target = line.partition(" ")
    kept = json.loads(content or "{}")
    return method, target, kept.get("headers") or [], kept.get("body") or ""


def live_from_load(load: dict) -> Live:
    """A `Live` from what the web process read: a snapshot, or the setup, then events."""
    if load["snapshot"] is not None:
        live = snapshot_load(load["snapshot"])
    else:
        files = load["files"]
        if files is None:
            files = starter_files(slug=load["slug"], content_hash=load["content_hash"], seed=load["seed"])
        live = live_start(slug=load["slug"], content_hash=load["content_hash"], seed=load["seed"], files=files)
    replay_into(live, load["events"])
    return live


def apply_step(live: Live, op: str, args: tuple):
    """One step on a live workspace: what `Live`'s method of that name returns."""
    if op == "start":
        return StepResult(prompt=live.session.prompt, next_prompt=live.session.prompt)
    if op == "live_object":
        return live_object(live, *args)
    if op in ("write_file", "delete_file"):
        getattr(live, op)(*args)
        return None
    return getattr(live, op)(*args)
