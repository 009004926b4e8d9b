"""The report's "first error": the first line of the submission that failed for a reason
the student should fix, with its output, to read before the checks it broke.

A line whose failure the task asks for is not that cause: lab 03 asks for the short name
to fail from the other namespace (`curl ... exit code 6`), and a check expects exactly that
exit code from that program. Such a line is passed over, so a 10/10 result shows no error
box and a wrong one points at the real cause. Programs are compared by the one that ran
last on the line (`kubectl exec ... -- curl ...` is curl's exit code), as the shell reports it.
"""

from __future__ import annotations

import shlex

FIRST_ERROR_LINES = 6


def expected_failures(checks: list[dict]) -> set[tuple[str, int]]:
    """(program, exit code) pairs some check of the spec expects: non-zero codes only."""
    wanted: set[tuple[str, int]] = set()
    for check in checks:
        code = (check.get("expect") or {}).get("exit_code")
        if not isinstance(code, int) or code == 0:
            continue
        if isinstance(check.get("run"), str):
            wanted.add((last_program(check["run"]), code))
        programs = (check.get("ran") or {}).get("program") if isinstance(check.get("ran"), dict) else None
        for program in [programs] if isinstance(programs, str) else programs or []:
            wanted.add((str(program), code))
    return wanted


def last_program(line: str) -> str:
    """The program whose exit code the line ends with: after the last `--` of a kubectl exec
    or ssh, in the last stage of a pipeline, as its basename."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        words = line.split()
    for separator in ("|", "&&", "||", ";"):
        if separator in words:
            words = words[len(words) - words[::-1].index(separator):]
    if "--" in words:
        words = words[len(words) - words[::-1].index("--"):]
    while words and "=" in words[0] and not words[0].startswith("-"):
        words = words[1:]  # VAR=value before the program
    return words[0].rsplit("/", 1)[-1] if words else ""


def first_failure(entries, expected: set[tuple[str, int]] = frozenset()) -> str:
    """The first entry that exited non-zero and whose failure no check asks for, as its
    prompt, line and first lines of output; "" when there is none."""
    for entry in entries:
        if entry.exit_code == 0 or (last_program(entry.line), entry.exit_code) in expected:
            continue
        output = "".join(entry.output.splitlines(keepends=True)[:FIRST_ERROR_LINES])
        return f"{entry.prompt}{entry.line}\n{output}".rstrip("\n")
    return ""
