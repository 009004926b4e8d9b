"""A student's folder on disk, read within the assignment's limits, each size checked before reading.

Every file's size comes from `stat` first: more files than `max_files`, more bytes than
`max_bytes` (files and commands.sh together, as the engine counts them) or a quiz's
answers.yaml over `max_bytes` is refused with the engine's own `SubmissionRejected` texts
before a byte is read, so a 1 GB file costs a stat. Reads are bounded too: a file that grew
after its stat is cut at the limit and refused. Hidden entries (`.git`, `.DS_Store`) are
skipped, and only regular files count (a FIFO or a device would block or never end).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from scoring.answers_file import ANSWERS_FILE
from scoring.bank import COMMANDS_FILE, SubmissionSpec
from scoring.messages import text
from scoring.submission import SubmissionRejected


@dataclass(frozen=True)
class HandedIn:
    files: dict[str, bytes]  # relative path -> bytes, commands.sh and answers.yaml aside
    commands: str
    answers: bytes | None  # a quiz's answers.yaml, when there is one


def read_submission_folder(directory: Path, spec: SubmissionSpec, quiz: bool, lang: str = "en") -> HandedIn:
    sizes = _regular_file_sizes(directory)
    answers_size = sizes.pop(ANSWERS_FILE, None) if quiz else None
    counted = [name for name in sizes if name != COMMANDS_FILE]
    if len(counted) > spec.max_files:
        raise SubmissionRejected(text("too_many_files", lang, count=len(counted), limit=spec.max_files))
    _refuse_over(sum(sizes.values()), spec.max_bytes, lang)
    if answers_size is not None:
        _refuse_over(answers_size, spec.max_bytes, lang)
    files = {name: _read_at_most(directory / name, spec.max_bytes, lang) for name in sizes}
    _refuse_over(sum(len(data) for data in files.values()), spec.max_bytes, lang)  # grown since the stat
    commands = files.pop(COMMANDS_FILE, b"").decode("utf-8", "replace")
    answers = _read_at_most(directory / ANSWERS_FILE, spec.max_bytes, lang) if answers_size is not None else None
    return HandedIn(files, commands, answers)


def _regular_file_sizes(directory: Path) -> dict[str, int]:
    """Relative path -> size, from stat alone; hidden entries skipped, symlinked folders not followed."""
    sizes: dict[str, int] = {}
    pending = [directory]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                    continue
                try:
                    info = entry.stat()
                except OSError:
                    continue  # a dangling symlink: nothing to read
                if stat.S_ISREG(info.st_mode):
                    sizes[Path(entry.path).relative_to(directory).as_posix()] = info.st_size
    return dict(sorted(sizes.items()))


def _read_at_most(path: Path, limit: int, lang: str) -> bytes:
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    _refuse_over(len(data), limit, lang)
    return data


def _refuse_over(size: int, limit: int, lang: str) -> None:
    if size > limit:
        raise SubmissionRejected(text("too_large", lang, size=size, limit=limit))
