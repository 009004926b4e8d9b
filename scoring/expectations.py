"""Whether one try (a command's output and exit code, or an object's field) meets an expectation.

An `expect:` mapping holds one or more conditions, all of which must hold:
`equals`, `matches` (regex), `exit_code` (a number or `nonzero`), `one_of`, `contains`,
`same_set` (the same items in any order, for lists such as endpoint IPs),
`ready_pod_ips` (the addresses a DNS answer lists are exactly the Ready pods' IPs),
`absent` / `exists` (an object field), and `distinct` (judged over all tries, in
`scoring.checks`). Expected values are rendered against the student's own cluster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scoring.facts import Facts
from scoring.templates import as_text
from scoring.vantages import ready_pods

ADDRESS = re.compile(r"^Address(?: \d+)?:\s*([0-9a-fA-F.:]+)(?:\s|$)", re.MULTILINE)
DIG_A = re.compile(r"\sIN\s+A\s+([0-9.]+)\s*$", re.MULTILINE)
MISSING = object()


@dataclass
class Try:
    label: str  # what ran, as the student would type it, with its prompt
    output: str = ""
    exit_code: int | None = None
    value: Any = MISSING  # an inspected field
    problem: str = ""  # why the try could not happen at all
    inspected: bool = False  # an object field rather than a command
    note: str = ""  # why an inspected field is missing


@dataclass
class Verdict:
    passed: bool
    expected: list[str] = field(default_factory=list)


def judge(expect: dict, attempt: Try, facts: Facts) -> Verdict:
    if attempt.problem:
        return Verdict(False, [describe(expect, facts)])
    results = [_CONDITIONS[key](expect[key], attempt, facts) for key in expect if key in _CONDITIONS]
    return Verdict(all(ok for ok, _ in results), [text for _, text in results])


def describe(expect: dict, facts: Facts) -> str:
    parts = []
    for key in expect:
        if key in _CONDITIONS:
            try:
                parts.append(_CONDITIONS[key](expect[key], Try(""), facts)[1])
            except Exception as error:  # noqa: BLE001 - a description must never stop grading
                parts.append(f"{key} ({error})")
    return "; ".join(parts)


def got_text(attempt: Try) -> str:
    if attempt.problem:
        return attempt.problem
    if attempt.inspected:
        shown = attempt.note if attempt.value is MISSING and attempt.note else _show(attempt.value)
        return shown or "(nothing)"
    text = attempt.output.rstrip("\n") or "(no output)"
    return f"{text}\n(exit code {attempt.exit_code})" if attempt.exit_code else text


def _subject(attempt: Try) -> str:
    if attempt.inspected:
        return "" if attempt.value is MISSING else as_text(attempt.value)
    return attempt.output.strip()


def _equals(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    wanted = facts.render_data(spec)
    if attempt.inspected:
        return attempt.value is not MISSING and _same(attempt.value, wanted), _show(wanted)
    return attempt.output.strip() == as_text(wanted).strip(), as_text(wanted)


def _same(value: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict) and isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()} == {k: as_text(v) for k, v in wanted.items()}
    return as_text(value) == as_text(wanted)


def _matches(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    pattern = facts.render(spec)
    return re.search(pattern, _subject(attempt), re.MULTILINE) is not None, f"text matching /{pattern}/"


def _exit_code(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    spec = facts.render_data(spec)
    if spec == "nonzero":
        return attempt.exit_code not in (0, None), "a non-zero exit code"
    return attempt.exit_code == int(spec), f"exit code {int(spec)}"


def _one_of(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    allowed = [as_text(item).strip() for item in _as_list(facts.render_data(spec))]
    return _subject(attempt) in allowed, "one of: " + " | ".join(allowed)


def _same_set(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    wanted = sorted({as_text(item) for item in _as_list(facts.render_data(spec))})
    got = sorted({as_text(item) for item in _as_list(attempt.value)}) if attempt.inspected else sorted(
        {line.strip() for line in attempt.output.split() if line.strip()})
    present = not attempt.inspected or attempt.value is not MISSING
    return present and got == wanted, "exactly: " + (", ".join(wanted) or "(nothing)")


def _contains(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    wanted = as_text(facts.render_data(spec))
    return wanted in attempt.output or wanted in _subject(attempt), f"output containing {wanted!r}"


def _ready_pod_ips(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    rendered = facts.render_data(dict(spec))
    namespace = str(rendered.get("namespace") or "default")
    selector = {k: v for k, v in rendered.items() if k != "namespace"}
    wanted = sorted(pod["status"].get("podIP", "") for pod in ready_pods(facts.cluster, selector, namespace))
    got = sorted(set(answer_addresses(attempt.output)))
    return got == wanted and bool(wanted), "the addresses " + (", ".join(wanted) or "(no Ready pods)")


def answer_addresses(output: str) -> list[str]:
    """The addresses in a DNS answer (nslookup or dig), without the server's own address."""
    names = output.find("Name:")
    answer = output[names:] if names >= 0 else ""
    return [ip for ip in ADDRESS.findall(answer) if "#" not in ip] + DIG_A.findall(output)


def _absent(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    missing = attempt.value is MISSING
    return missing == bool(spec), "the field is not set" if spec else "the field is set"


def _exists(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str]:
    present = attempt.value is not MISSING
    return present == bool(spec), "the object exists" if spec else "no such object"


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _show(value: Any) -> str:
    if value is MISSING:
        return "(not set)"
    if isinstance(value, dict):
        return ", ".join(f"{k}={as_text(v)}" for k, v in value.items()) or "{}"
    return as_text(value)


_CONDITIONS = {
    "equals": _equals, "matches": _matches, "exit_code": _exit_code, "one_of": _one_of,
    "contains": _contains, "same_set": _same_set, "ready_pod_ips": _ready_pod_ips, "absent": _absent, "exists": _exists,
}
