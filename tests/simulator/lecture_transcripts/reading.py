"""Reading the quoted lecture transcripts (`session_*.txt` here) and normalising both sides.

A session file quotes the lecture's lines (`NNNN| text`) with `@` directives saying how to
read them (the format is described at the top of each file). `read_session` turns one into
steps: the prompt and command the slide shows, the output lines under it, and how that
output may be compared. Normalising replaces what differs by nature between the lecture's
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


@dataclass
class Block:
    layout: str  # "lines", "table" or "subset"
    pods_any: bool = False
    restarted: bool = False


@dataclass
class Step:
    line: int
    prompt: str
    command: str
    block: Block | None
    output: list[str] = field(default_factory=list)
    cropped: bool = False
    interrupted: bool = False


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
    for text in lines:
        if text.startswith("@pods "):
            session.pods = [tuple(pair.split()) for pair in text[6:].split("|")]
        elif text.startswith("@services "):
            session.services = dict(pair.split() for pair in text[10:].split("|"))
        elif text.startswith("@block "):
            words = text.split()[1:]
            block = Block(words[0], "pods=any" in words, "restarted" in words)
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
    return session


def _take_line(session: Session, number: int, text: str, block, cropped: bool, interrupted: bool) -> None:
    if not text or text == "```":
        return
    prompt = PROMPT.match(text)
    if prompt:
        session.items.append(Step(number, prompt.group(1), prompt.group(2).strip(), block,
                                  cropped=cropped, interrupted=interrupted))
    elif session.items and isinstance(session.items[-1], Step):
        session.items[-1].output.append(text)


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


def words(line: str) -> list[str]:
    """Whitespace-separated words; a comma list of endpoints is sorted (its order is the pods' IPs')."""
    found = []
    for word in line.split():
        parts = word.split(",")
        found.append(",".join(sorted(parts)) if len(parts) > 1 and all("<" in p for p in parts) else word)
    return found


def difference(layout: str, lecture: list[str], simulated: list[str]) -> str | None:
    """None when the simulated output reads as the lecture's under the block's layout."""
    if layout == "lines":
        want, got = [words(line) for line in lecture], [words(line) for line in simulated if line.strip()]
        return None if want == got else f"lines differ:\n  lecture:   {want}\n  simulated: {got}"
    want = Counter(w for line in lecture for w in words(line))
    got = Counter(w for line in simulated for w in words(line))
    if layout == "table":
        return None if want == got else f"words differ: only in the lecture {dict(want - got)}, " \
                                        f"only simulated {dict(got - want)}"
    missing = want - got
    return None if not missing else f"words on the slide but not simulated: {dict(missing)}"
