"""Reading the course's quoted slide transcripts (`weekNN/session_*.txt`) and normalising both sides.

A session file quotes the week's `slides.txt` verbatim (`NNNN| text`, blank lines left out)
with `@` directives saying how to replay them; a directive never changes a quote:

  @session NAME: WHY       a fresh simulated cluster (the course's hands-on files, seeded)
  @column N[-M]            the terminal is characters N (to M) of the quoted lines that follow
                           (the slide sets a YAML file or another terminal beside it); `@column 0` ends that
  @unshown COMMAND         a command the slide does not show but the session needs (run, not compared)
  @wait SECONDS            time the slide lets pass between two commands (its AGE column says so)
  @clock MM:SS             let time pass until that minute and second of the hour (a cron schedule)
  @watch SECONDS           the next command is a `-w`: it streams that long, then Ctrl-C
  @prefix                  the slide cut the next command's output off (`...`): the quote is a prefix
  @cut                     the slide ends before the next command's output does: later lines are open
  @unchecked NNNN: WHY     the output under that command is not compared (the slide's own inconsistency)
  @wrapped                 the slide wrapped the next command's long lines: its words are compared in order

Normalising masks only what varies by nature between the course's cluster and a seeded
simulation: generated name suffixes, pod IPs, ages and durations, the worker a pod landed
on, a Job's controller-uid, the scheduled minute in a CronJob's Job names, the `date` a container printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
COURSE = Path("/work/shared/course")
QUOTED = re.compile(r"^(\d{4})\| ?(.*)$")
PROMPT = re.compile(r"^(?:remote |master )?(?:❯|>) (.*)$")
COMMAND_LINE = re.compile(r"❯ |\bremote > ")  # a command on the slides (the cheat sheet's bare `> kubectl` is not)
CTRL_C = ("^C", "^C%")


@dataclass
class Step:
    line: int
    command: str
    output: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    watch: float = 0.0
    prefix: bool = False
    cut: bool = False
    wrapped: bool = False
    unchecked: str = ""


@dataclass
class Action:
    """A directive that runs between steps: `unshown`, `wait` or `clock`."""
    kind: str
    argument: str


@dataclass
class Session:
    name: str
    why: str
    items: list[Step | Action] = field(default_factory=list)


def week_dir(week: int) -> Path:
    return HERE / f"week{week:02d}"


def session_files(week: int) -> list[Path]:
    return sorted(week_dir(week).glob("session_*.txt"))


def read_sessions(path: Path) -> list[Session]:
    sessions: list[Session] = []
    column, column_end = 0, None
    pending: dict[str, object] = {}
    unchecked: dict[int, str] = {}
    for text in path.read_text(encoding="utf-8").split("\n"):
        if text.startswith("#") or not text.strip():
            continue
        if text.startswith("@session "):
            name, _, why = text[len("@session "):].partition(": ")
            sessions.append(Session(name.strip(), why.strip()))
        elif text.startswith("@column "):
            first, _, last = text.split()[1].partition("-")
            column, column_end = int(first), (int(last) if last else None)
        elif text.startswith(("@unshown ", "@wait ", "@clock ")):
            kind, _, argument = text[1:].partition(" ")
            sessions[-1].items.append(Action(kind, argument))
        elif text.startswith("@watch "):
            pending["watch"] = float(text.split()[1])
        elif text.strip() in ("@prefix", "@cut", "@wrapped"):
            pending[text.strip()[1:]] = True
        elif text.startswith("@unchecked "):
            number, _, why = text[len("@unchecked "):].partition(": ")
            unchecked[int(number)] = why
        elif QUOTED.match(text):
            number, quoted = QUOTED.match(text).groups()
            terminal = quoted[column:column_end].strip()
            if not terminal:
                continue
            prompt = PROMPT.match(terminal)
            if prompt:
                step = Step(int(number), prompt.group(1).strip(), **pending)
                pending = {}
                sessions[-1].items.append(step)
            else:
                step = sessions[-1].items[-1]
                assert isinstance(step, Step), f"{path.name} line {number}: output before any command"
                if terminal in CTRL_C:
                    continue  # the person's Ctrl-C ending a watch (zsh's `%` after it), not output
                step.output.append(terminal)
                step.numbers.append(int(number))
        else:
            raise ValueError(f"{path.name}: unreadable line {text!r}")
    for session in sessions:
        for item in session.items:
            if isinstance(item, Step) and item.line in unchecked:
                item.unchecked = unchecked[item.line]
    return sessions


def quoted_lines(path: Path) -> dict[int, str]:
    """Line number -> text as quoted, to check the quotes against the slides themselves."""
    found = {}
    for text in path.read_text(encoding="utf-8").split("\n"):
        match = QUOTED.match(text)
        if match:
            found[int(match.group(1))] = match.group(2)
    return found


def skipped_ranges(week: int) -> list[tuple[int, int, str]]:
    """`@skip A-B: reason` lines of the week's skipped.txt."""
    found = []
    for text in (week_dir(week) / "skipped.txt").read_text(encoding="utf-8").split("\n"):
        if text.startswith("@skip "):
            span, _, why = text[len("@skip "):].partition(": ")
            first, _, last = span.partition("-")
            found.append((int(first), int(last or first), why))
    return found


# normalising -----------------------------------------------------------------------------
GENERATED = re.compile(r"(?<=[a-z0-9]-)[bcdfghjklmnpqrstvwxz2456789]{5}\b")
POD_IP = re.compile(r"\b10\.233\.\d{1,3}\.\d{1,3}\b")
AGE = re.compile(r"(?<![\w./:=-])\d+[smhd](?:\d+[smh])?(?![\w./-])")
WORKER = re.compile(r"\bworker[12]\b")
CONTROLLER_UID = re.compile(r"controller-uid=[0-9a-f-]{36}")
SCHEDULED_MINUTE = re.compile(r"(?<=-)\d{8}(?=-|\b)")
JOB_PID = re.compile(r"^(\[\d+\]) \d+$")  # bash's `[1] 8466` when `&` starts a job: the pid is the machine's
DATE = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} "
                  r"\d\d:\d\d:\d\d UTC \d{4}\b")  # `date` in a container (week 7's fortune log)


def normalise(line: str) -> str:
    line = JOB_PID.sub(r"\1 <pid>", line.strip())
    line = CONTROLLER_UID.sub("controller-uid=<uid>", line)
    line = DATE.sub("<date>", line)
    line = GENERATED.sub("<gen>", line)
    line = SCHEDULED_MINUTE.sub("<minute>", line)
    line = POD_IP.sub("<pod-ip>", line)
    line = WORKER.sub("worker<n>", line)
    return AGE.sub("<age>", line)


def words(lines: list[str]) -> list[list[str]]:
    return [normalise(line).split() for line in lines if line.strip()]


def difference(step: Step, printed: str) -> str | None:
    """None when the printed output says what the slide shows, line by line, words in order.

    A table listing (`kubectl get` without `-w`) is sorted by name, and the names are generated:
    its rows are compared as a set under the header; a watch streams in order, compared in order."""
    want, got = words(step.output), words(printed.splitlines())
    if step.prefix:
        quoted = "".join(step.output).rstrip(".")
        return None if "".join(printed.split()).startswith(quoted) else f"output does not begin with the slide's {quoted[:40]}..."
    if step.cut:
        got = got[:len(want)]
    if step.wrapped:
        want, got = [sum(want, [])], [sum(got, [])]
    if not step.watch and want and want[0][:1] == ["NAME"] and got and got[0][:1] == ["NAME"]:
        want, got = [want[0], *sorted(want[1:])], [got[0], *sorted(got[1:])]
    if want == got:
        return None
    return "lines differ:\n  slide:     " + "\n             ".join(map(str, want)) + \
        "\n  simulated: " + "\n             ".join(map(str, got))


@dataclass(frozen=True)
class SlideColumns:
    """A week's slides read for tests that quote a terminal standing in a column of the slide:
    quotes cut to that column, compared word by word with ls's dates masked (`ls_date`)."""
    slides: list[str]
    ls_date: re.Pattern

    def quoted(self, first: int, last: int, column: int = 0) -> list[str]:
        """The terminal's part (from `column`) of slide lines first..last, blank lines left out."""
        return [line[column:].rstrip() for line in self.slides[first - 1:last] if line[column:].strip()]

    def words(self, lines: list[str]) -> list[list[str]]:
        return [normalise(self.ls_date.sub("<date>", line)).split() for line in lines if line.strip()]

    def same(self, printed: str, expected: list[str]) -> None:
        """Printed output against quoted lines; a table's rows in any order under its header."""
        got, want = self.words(printed.splitlines()), self.words(expected)
        if want and want[0][:1] == ["NAME"]:
            got, want = [got[0], *sorted(got[1:])], [want[0], *sorted(want[1:])]
        assert got == want
