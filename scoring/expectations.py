"""Whether one try (a command's output and exit code, or an object's field) meets an expectation.

An `expect:` mapping holds one or more conditions, all of which must hold. `EXPECTATIONS`
at the end of this module is the one list of them: each with the condition that judges
one try, how it is judged (per try, over all tries like `distinct`, or as a modifier of
another expectation like `may_be_empty`) and the catalogue phrases that describe it. The
spec's allowed `expect:` keys are derived from it (`scoring.spec_schema`), and a test holds
it in step with the catalogue (`scoring.messages`) and the README. Expected values are
rendered against the student's own cluster; what an expectation asks for is described in
the student's language (`describe`), with the values themselves quoted as they are.

To add an expectation: write its condition here (returning whether the try passed and
what it wanted, a `Phrase` around the values), add its phrases to `TEXTS` in English and
Korean, register it in `EXPECTATIONS`, and list it under **Expectations** in the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from scoring.facts import Facts
from scoring.messages import Phrase, localize, text
from scoring.templates import as_text
from scoring.vantages import ready_pods

ADDRESS = re.compile(r"^Address(?: \d+)?:\s*([0-9a-fA-F.:]+)(?:\s|$)", re.MULTILINE)
DIG_A = re.compile(r"\sIN\s+A\s+([0-9.]+)\s*$", re.MULTILINE)
IPV4 = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
MISSING = object()


@dataclass
class Try:
    label: str  # what ran, as the student would type it, with its prompt
    output: str = ""
    exit_code: int | None = None
    value: Any = MISSING  # an inspected field
    problem: str | Phrase = ""  # why the try could not happen at all
    inspected: bool = False  # an object field rather than a command
    note: str | Phrase = ""  # why an inspected field is missing
    answers: tuple[str, ...] | None = None  # a DNS lookup's answer as the client received it, if one ran


@dataclass
class Verdict:
    passed: bool
    expected: list[str] = field(default_factory=list)


def judge(expect: dict, attempt: Try, facts: Facts, lang: str = "en") -> Verdict:
    if attempt.problem:
        return Verdict(False, [describe(expect, facts, lang)])
    results = [condition(value, attempt, facts) for _, condition, value in _conditions(expect)]
    return Verdict(all(ok for ok, _ in results), [localize(wanted, lang) for _, wanted in results])


def describe(expect: dict, facts: Facts, lang: str = "en") -> str:
    """What the expectation asks for, in the student's language (values quoted as they are)."""
    parts = []
    for key, condition, value in _conditions(expect):
        try:
            parts.append(localize(condition(value, Try(""), facts)[1], lang))
        except Exception as error:  # noqa: BLE001 - a description must never stop grading
            parts.append(text("expect_undescribed", lang, key=key, error=error))
    return "; ".join(parts)


def _conditions(expect: dict) -> list[tuple[str, Any, Any]]:
    """(key, condition, value) for every condition of `expect`.

    A set compared with `same_set` must not be empty unless the spec says `may_be_empty:
    true`: two empty lists are equal, and deleting everything must not pass "every pod
    is Ready"."""
    strict = not expect.get("may_be_empty")
    return [(key, _same_nonempty_set if key == "same_set" and strict else EXPECTATIONS[key].condition, expect[key])
            for key in expect if key in EXPECTATIONS and EXPECTATIONS[key].judged == PER_TRY]


def got_text(attempt: Try, lang: str = "en") -> str:
    """What came back: the tool's own output quoted as is, the engine's notes in `lang`."""
    if attempt.problem:
        return localize(attempt.problem, lang)
    if attempt.inspected:
        if attempt.value is MISSING and attempt.note:
            return localize(attempt.note, lang)
        return localize(_show(attempt.value), lang) or text("nothing", lang)
    output = attempt.output.rstrip("\n") or text("no_output", lang)
    return f"{output}\n{text('exit_code_shown', lang, code=attempt.exit_code)}" if attempt.exit_code else output


def _subject(attempt: Try) -> str:
    if attempt.inspected:
        return "" if attempt.value is MISSING else as_text(attempt.value)
    return attempt.output.strip()


# Each condition returns (passed, what it wanted): a literal value (str) or a Phrase around one.
def _equals(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, str | Phrase]:
    wanted = facts.render_data(spec)
    if attempt.inspected:
        return attempt.value is not MISSING and _same(attempt.value, wanted), _show(wanted)
    return attempt.output.strip() == as_text(wanted).strip(), as_text(wanted)


def _same(value: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict) and isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()} == {k: as_text(v) for k, v in wanted.items()}
    return as_text(value) == as_text(wanted)


def _matches(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    pattern = facts.render(spec)
    return re.search(pattern, _subject(attempt), re.MULTILINE) is not None, Phrase("expect_matches", pattern=pattern)


def _exit_code(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    spec = facts.render_data(spec)
    if spec == "nonzero":
        return attempt.exit_code not in (0, None), Phrase("expect_exit_nonzero")
    return attempt.exit_code == int(spec), Phrase("expect_exit_code", code=int(spec))


def _one_of(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    allowed = [as_text(item).strip() for item in _as_list(facts.render_data(spec))]
    return _subject(attempt) in allowed, Phrase("expect_one_of", items=" | ".join(allowed) or Phrase("nothing"))


def _same_set(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    wanted = sorted({as_text(item) for item in _as_list(facts.render_data(spec))})
    got = sorted({as_text(item) for item in _as_list(attempt.value)}) if attempt.inspected else sorted(
        {line.strip() for line in attempt.output.split() if line.strip()})
    present = not attempt.inspected or attempt.value is not MISSING
    return present and got == wanted, Phrase("expect_same_set", items=", ".join(wanted) or Phrase("nothing"))


def _same_nonempty_set(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    same, wanted = _same_set(spec, attempt, facts)
    expected = {as_text(item) for item in _as_list(facts.render_data(spec)) if as_text(item)}
    return same and bool(expected), wanted


def _includes(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    """Every listed item is there: in an inspected list, in the answer a DNS lookup received
    (its addresses and CNAME targets, read from the execution log), or as a word of the output. With a setup fact this pins what the task is about (the
    replicas the setup made) while the student's own additions may come on top."""
    wanted = [as_text(item) for item in _as_list(facts.render_data(spec)) if as_text(item)]
    if attempt.inspected:
        present = {as_text(item) for item in _as_list(attempt.value)} if attempt.value is not MISSING else set()
    elif attempt.answers is not None:
        present = set(attempt.answers)
    else:
        present = set(answer_addresses(attempt.output)) | set(attempt.output.split())
    return bool(wanted) and set(wanted) <= present, Phrase("expect_includes", items=", ".join(wanted) or Phrase("nothing"))


def _count(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    """How many distinct items a list (an inspected field or fact) holds: a number from
    the spec or a setup fact, which the student cannot shrink."""
    wanted = int(as_text(facts.render_data(spec)))
    items = {as_text(item) for item in _as_list(attempt.value)} if attempt.inspected and attempt.value is not MISSING \
        else set(attempt.output.split())
    return len(items) == wanted, Phrase("expect_count", count=wanted)


def _contains(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    wanted = as_text(facts.render_data(spec))
    return wanted in attempt.output or wanted in _subject(attempt), Phrase("expect_contains", wanted=repr(wanted))


def _ready_pod_ips(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    rendered = facts.render_data(dict(spec))
    namespace = str(rendered.get("namespace") or "default")
    selector = {k: v for k, v in rendered.items() if k != "namespace"}
    wanted = sorted(pod["status"].get("podIP", "") for pod in ready_pods(facts.cluster, selector, namespace))
    got = sorted({a for a in attempt.answers if IPV4.fullmatch(a)} if attempt.answers is not None
                 else set(answer_addresses(attempt.output)))
    shown = ", ".join(wanted) or Phrase("no_ready_pods")
    return got == wanted and bool(wanted), Phrase("expect_ready_pod_ips", addresses=shown)


def answer_addresses(output: str) -> list[str]:
    """The addresses in a DNS answer (nslookup or dig), without the server's own address."""
    names = output.find("Name:")
    answer = output[names:] if names >= 0 else ""
    return [ip for ip in ADDRESS.findall(answer) if "#" not in ip] + DIG_A.findall(output)


def _absent(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    missing = attempt.value is MISSING
    return missing == bool(spec), Phrase("expect_field_unset" if spec else "expect_field_set")


def _exists(spec: Any, attempt: Try, facts: Facts) -> tuple[bool, Phrase]:
    present = attempt.value is not MISSING
    return present == bool(spec), Phrase("expect_object_exists" if spec else "expect_no_object")


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def _show(value: Any) -> str | Phrase:
    if value is MISSING:
        return Phrase("not_set")
    if isinstance(value, dict):
        return ", ".join(f"{k}={as_text(v)}" for k, v in value.items()) or "{}"
    return as_text(value)


PER_TRY = "per try"  # each try is judged alone; the check's share is the share of tries that pass
OVER_TRIES = "over all tries"  # judged on the set of answers the tries gave (scoring.checks)
MODIFIER = "modifier"  # changes how another expectation judges; never asked alone


@dataclass(frozen=True)
class Expectation:
    """One key an `expect:` mapping may hold."""

    name: str
    judged: str  # PER_TRY, OVER_TRIES or MODIFIER
    phrases: tuple[str, ...]  # the catalogue keys (scoring.messages.TEXTS) that describe it
    condition: Callable[[Any, Try, Facts], tuple[bool, str | Phrase]] | None = None  # for PER_TRY
    modifies: str = ""  # for MODIFIER: which expectation


EXPECTATIONS: dict[str, Expectation] = {entry.name: entry for entry in (
    Expectation("equals", PER_TRY, ("not_set",), _equals),  # the value itself, quoted as is
    Expectation("matches", PER_TRY, ("expect_matches",), _matches),
    Expectation("exit_code", PER_TRY, ("expect_exit_code", "expect_exit_nonzero"), _exit_code),
    Expectation("one_of", PER_TRY, ("expect_one_of", "nothing"), _one_of),
    Expectation("contains", PER_TRY, ("expect_contains",), _contains),
    Expectation("same_set", PER_TRY, ("expect_same_set", "nothing"), _same_set),
    Expectation("includes", PER_TRY, ("expect_includes", "nothing"), _includes),
    # with `distinct`, `count` is how many distinct answers the task defines (scoring.checks)
    Expectation("count", PER_TRY, ("expect_count",), _count),
    Expectation("ready_pod_ips", PER_TRY, ("expect_ready_pod_ips", "no_ready_pods"), _ready_pod_ips),
    Expectation("absent", PER_TRY, ("expect_field_unset", "expect_field_set"), _absent),
    Expectation("exists", PER_TRY, ("expect_object_exists", "expect_no_object"), _exists),
    Expectation("distinct", OVER_TRIES, ("missing_answers",)),
    Expectation("may_be_empty", MODIFIER, ("expect_same_set",), modifies="same_set"),
)}
