"""Reading the quoted lecture transcripts (`session_*.txt` here) and normalising both sides.

A session file quotes the lecture's lines (`NNNN| text`) with `@` directives saying how to
read them (the format is described at the top of each file). `read_session` turns one into
steps: the prompt and command the slide shows, the output lines under it, and, where the
slide scrambled a table, the rows reassembled from them (`@row`). Normalising replaces what differs by nature between the lecture's
cluster and a seeded simulation (generated pod names, pod and Cluster IPs, ages, the worker
a pod landed on) with placeholders, by identity: the lecture's first pod and the
simulation's first pod both become `<pod0>`, their IPs `<pod0-ip>`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
PROMPT = re.compile(r"^(remote >|master >|root@[\w-]+:/#) (.*)$")
QUOTED = re.compile(r"^(\d{4})\| ?(.*)$")
AGE = re.compile(r"(?<![\w./:-])\d+[smhd](?:\d+[smh])?(?![\w./-])")
RESTARTS = re.compile(r"\b\d+ \(<age> ago\)")


LOST = None  # a cell (or, as a whole row, a row) the slide does not show: anything may stand there


@dataclass
class Block:
    layout: str  # "lines" (each line word by word) or "rows" (the `@row` reassembly, cell by cell)
    pods_any: bool = False
    restarted: bool = False
    cut: bool = False  # the slide ends before the output does: more rows may follow, shaped like the header
    any_order: bool = False  # the rows come in the DNS server's round-robin order


@dataclass
class Step:
    line: int
    prompt: str
    command: str
    block: Block | None
    output: list[str] = field(default_factory=list)
    cropped: bool = False
    interrupted: bool = False
    numbers: list[int] = field(default_factory=list)  # the lecture line each output line is quoted from
    rows: list[list[str | None] | None] | None = None  # `@row`s: the output reassembled, None rows lost


@dataclass
class Unshown:
    command: str


@dataclass
class Session:
    path: Path
    pods: list[tuple[str, str]] = field(default_factory=list)  # (name, IP), in name order
    services: dict[str, str] = field(default_factory=dict)  # name -> ClusterIP
    items: list[Step | Unshown] = field(default_factory=list)


def session_files() -> list[Path]:
    return sorted(HERE.glob("session_*.txt"))


def read_session(path: Path) -> Session:
    session = Session(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    ocr: dict[int, list[str]] = {}
    overlay: set[int] = set()
    cropped: set[int] = set()
    interrupted: set[int] = set()
    block: Block | None = None
    rows: list[tuple[list[str], Block]] = []
    for text in lines:
        if text.startswith("@pods "):
            session.pods = [tuple(pair.split()) for pair in text[6:].split("|")]
        elif text.startswith("@services "):
            session.services = dict(pair.split() for pair in text[10:].split("|"))
        elif text.startswith("@block "):
            words = text.split()[1:]
            block = Block(words[0], "pods=any" in words, "restarted" in words, "cut" in words, "order=any" in words)
        elif text.startswith("@row "):
            rows.append((text.split()[1:], block))
        elif text.startswith("@lost "):
            rows.append((["@lost", text.split()[1]], block))
        elif text.startswith("@ocr "):
            number, _, replacement = text[5:].partition(": ")
            ocr.setdefault(int(number), []).append(replacement)
        elif text.startswith("@overlay "):
            overlay.update(int(n) for n in text.split()[1:])
        elif text.startswith("@cropped "):
            cropped.add(int(text.split()[1]))
        elif text.startswith("@interrupted "):
            interrupted.add(int(text.split()[1]))
        elif text.startswith("@unshown "):
            session.items.append(Unshown(text[len("@unshown "):]))
        elif QUOTED.match(text):
            number, quoted = QUOTED.match(text).groups()
            number = int(number)
            if number in overlay:
                continue
            for piece in ocr.get(number, [quoted]):
                _take_line(session, number, piece.strip(), block, number in cropped, number in interrupted)
    _attach_rows(session, rows)
    return session


def _attach_rows(session: Session, rows: list[tuple[list[str], Block]]) -> None:
    """Each `@row` belongs to the step whose output holds the first line it cites; `@lost N`
    to the step of the row before it."""
    steps = [item for item in session.items if isinstance(item, Step)]
    step = None
    for tokens, _ in rows:
        if tokens[0] == "@lost":
            step.rows.extend([LOST] * int(tokens[1]))
            continue
        first = int(next(token for token in tokens if token != "?").split(":")[0])
        step = next(s for s in steps if first in s.numbers)
        if step.rows is None:
            step.rows = []
        step.rows.append([_cell(step, token) for token in tokens])


def _cell(step: Step, token: str) -> str | None:
    """`0288` (the quoted line), `0286:1-3` (its words 1 to 3), `0286:4`, or `?` (lost)."""
    if token == "?":
        return LOST
    number, _, span = token.partition(":")
    (text,) = [line for n, line in zip(step.numbers, step.output) if n == int(number)]
    if not span:
        return text
    first, _, last = span.partition("-")
    return " ".join(text.split()[int(first) - 1:int(last or first)])


def quoted_words_unused(step: Step) -> dict[str, int]:
    """Words of the step's quoted output that its rows do not use, and (negative) words the
    rows use more often than the quote holds: both empty when the rows only rearrange it."""
    quoted = Counter(word for line in step.output for word in line.split())
    used = Counter(word for row in step.rows or [] if row is not LOST for cell in row if cell for word in cell.split())
    return {**dict(quoted - used), **{word: -count for word, count in (used - quoted).items()}}


def _take_line(session: Session, number: int, text: str, block, cropped: bool, interrupted: bool) -> None:
    if not text or text == "```":
        return
    prompt = PROMPT.match(text)
    if prompt:
        session.items.append(Step(number, prompt.group(1), prompt.group(2).strip(), block,
                                  cropped=cropped, interrupted=interrupted))
    elif session.items and isinstance(session.items[-1], Step):
        session.items[-1].output.append(text)
        session.items[-1].numbers.append(number)


def quoted_lines(path: Path) -> dict[int, str]:
    """Line number -> text as quoted, to check the quotes against the lecture itself."""
    found = {}
    for text in path.read_text(encoding="utf-8").splitlines():
        match = QUOTED.match(text)
        if match:
            found[int(match.group(1))] = text[len(match.group(1)) + 2:]
    return found


# normalising -----------------------------------------------------------------------------
def identities(pods: list[tuple[str, str]], services: dict[str, str]) -> dict[str, str]:
    """Each generated name or address -> the placeholder of the role it plays."""
    names = {}
    for index, (name, ip) in enumerate(pods):
        names[name] = f"<pod{index}>"
        if ip:  # a pod still ContainerCreating has no address yet
            names[ip] = f"<pod{index}-ip>"
    for name, ip in services.items():
        names[ip] = f"<{name}-ip>"
    return names


def normalise(text: str, names: dict[str, str], block: Block) -> str:
    for real in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.-]){re.escape(real)}(?![\w-]|\.\d)", names[real], text)
    if block.pods_any:
        text = re.sub(r"<pod\d>(?!-ip)", "<pod>", text)
    text = re.sub(r"\bworker[12]\b", "worker<n>", text)
    text = AGE.sub("<age>", text)
    if block.restarted:
        text = RESTARTS.sub("<restarts>", text)
    return text


def restarts_as_placeholder(line: str) -> str:
    """A simulated pod row (`<pod0>  1/1  Running  0  ...`) with its RESTARTS cell as `<restarts>`."""
    cells = re.split(r"\s{2,}", line.strip())
    if cells and re.fullmatch(r"<pod\d?>", cells[0]) and len(cells) > 4:
        cells[3] = "<restarts>"
    return "  ".join(cells)


CELL_GAP = re.compile(r"\t+|\s{2,}|(?<=:) (?=\S)")  # tabwriter's padding, a tab, or after a `Label:`


def cells(line: str) -> list[str]:
    """A printed line's cells in order; a comma list of placeholders sorted (its order is the pods' IPs')."""
    return [sorted_list(cell) for cell in CELL_GAP.split(line.strip())]


def sorted_list(cell: str) -> str:
    parts = cell.split(",")
    return ",".join(sorted(parts)) if len(parts) > 1 and all("<" in part for part in parts) else cell


def line_difference(lecture: list[str], simulated: list[str]) -> str | None:
    """None when every non-blank line has the same words, in the same order, as the lecture's."""
    want, got = [line.split() for line in lecture], [line.split() for line in simulated if line.strip()]
    return None if want == got else f"lines differ:\n  lecture:   {want}\n  simulated: {got}"


def row_difference(want: list, simulated: list[str], block: Block) -> str | None:
    """None when the printed rows match the reassembled ones, row by row and cell by cell.

    A lost cell (`?`) or lost row matches anything in its place; nothing else is loose. With
    `cut` the output may go on past the slide, in rows with as many cells as the header;
    with `order=any` the rows are compared in sorted order."""
    got = [cells(line) for line in simulated if line.strip()]
    if block.any_order:
        want, got = sorted(want), sorted(got)
    if block.cut and len(got) > len(want):
        width = len(want[0])
        odd = [row for row in got[len(want):] if len(row) != width]
        if odd:
            return f"rows past the slide are not table rows of {width} cells: {odd}"
        got = got[:len(want)]
    if len(got) != len(want):
        return f"{len(got)} rows printed, the slide has {len(want)}:\n  lecture:   {want}\n  simulated: {got}"
    for index, (expected, printed) in enumerate(zip(want, got)):
        if expected is LOST:
            continue
        if len(expected) != len(printed) or any(e is not LOST and e != p for e, p in zip(expected, printed)):
            return f"row {index + 1} differs:\n  lecture:   {expected}\n  simulated: {printed}"
    return None
