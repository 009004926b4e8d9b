"""Validation of one spec.yaml, with the file and line of every mistake.

The spec is data; this module says which keys each part may have, which values they
take (the check sources and expectations as registered in `scoring.checks` and
`scoring.expectations`), and collects every problem as `file:line: message` before
raising one SpecError; which `{{ names }}` a place may use is `scoring.spec_names`. It
does not run anything on a cluster.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from scoring.checks import CHECK_SOURCES
from scoring.expectations import EXPECTATIONS
from scoring.executed import TARGET_FIELDS
from scoring.spec_names import Names, check_inspected_facts, check_spec_references
from scoring.variants import KINDS as VARIABLE_KINDS
from scoring.variants import OPTION_KEYS as VARIABLE_OPTION_KEYS
from scoring.variants import SHOWN
from scoring.yaml_lines import LineDict, LineList

LANGS = ("ko", "en")
CHECK_ID = re.compile(r"^[a-z0-9-]+\.[A-Z]\d{3}$")
TOP_KEYS = {"week", "kind", "title", "points", "due_days", "instructions", "variables", "setup", "submission",
            "apply", "settle_seconds", "facts", "checks", "questions"}
SETUP_KEYS = {"files", "commands", "settle_seconds"}
SUBMISSION_KEYS = {"files", "commands", "max_files", "max_bytes", "max_commands"}
CHECK_KEYS = {"id", "title", "points", "hint", "vantage", "repeat", "foreach", "expect", *CHECK_SOURCES}
EXPECT_KEYS = set(EXPECTATIONS)
INSPECT_KEYS = {"object", "namespace", "field", "fact", "show"}
RAN_KEYS = {"program", "target", "where"}
WHERE_KEYS = {"kind", "pod", "node", "namespace"}
WHERE_KINDS = ("remote", "node", "pod")
FACT_KINDS = {"object", "ready_pods", "pods", "replies", "run", "node_ips", "file"}
FACT_KEYS = FACT_KINDS | {"namespace", "field", "port", "path", "vantage", "when", "ready", "extract", "count", "having",
                          "node", "pod", "pod_of", "container"}  # node/pod/pod_of/container: where a `file` is
QUESTION_KEYS = {"id", "kind", "prompt", "points", "choices", "run", "vantage", "repeat", "answer", "correct_when",
                 "explain", "hint"}
QUESTION_KINDS = ("choice", "short", "predict")


class SpecError(ValueError):
    """A spec the loader refuses; the message has one `file:line: problem` per mistake."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, line: int, where: str, message: str) -> None:
        self.items.append(f"{self.path}:{line}: {where}: {message}")


def validate_spec(spec: Any, path: Path) -> None:
    problems = _Problems(path)
    if not isinstance(spec, LineDict):
        raise SpecError([f"{path}:1: the spec must be a mapping of keys (week, kind, title, ...)"])
    _check_top(spec, problems)
    _check_variables(spec, problems)
    _check_facts(spec, problems)
    if spec.get("kind") == "lab":
        _check_checks(spec, problems)
        _check_total(spec, "checks", problems)
    elif spec.get("kind") == "quiz":
        _check_questions(spec, problems)
        _check_total(spec, "questions", problems)
    check_spec_references(spec, Names(spec), problems)
    check_inspected_facts(spec, problems)
    if problems.items:
        raise SpecError(problems.items)


def _check_top(spec: LineDict, problems: _Problems) -> None:
    _unknown_keys(spec, TOP_KEYS, problems, "spec")
    for key in ("week", "kind", "title", "points", "instructions", "submission"):
        if key not in spec:
            problems.add(spec.line, "spec", f"missing required key {key!r}")
    _typed(spec, "week", int, problems, "spec")
    _typed(spec, "due_days", int, problems, "spec")
    if "points" in spec and (not isinstance(spec["points"], (int, float)) or spec["points"] <= 0):
        problems.add(spec.line_of("points"), "points", "must be a positive number")
    if "kind" in spec and spec["kind"] not in ("lab", "quiz"):
        problems.add(spec.line_of("kind"), "kind", f"must be 'lab' or 'quiz', not {spec['kind']!r}")
    for key in ("title", "instructions"):
        _bilingual(spec, key, problems, key)
    _check_setup(spec, problems)
    _check_submission(spec, problems)
    if "apply" in spec:
        _string_list(spec, "apply", problems, "apply")


def _check_setup(spec: LineDict, problems: _Problems) -> None:
    setup = spec.get("setup")
    if setup is None:
        return
    if not _mapping(spec, "setup", problems, "setup"):
        return
    _unknown_keys(setup, SETUP_KEYS, problems, "setup")
    for key in ("files", "commands"):
        if key in setup:
            _string_list(setup, key, problems, f"setup.{key}")
    _typed(setup, "settle_seconds", (int, float), problems, "setup")


def _check_submission(spec: LineDict, problems: _Problems) -> None:
    if not _mapping(spec, "submission", problems, "submission"):
        return
    submission = spec["submission"]
    _unknown_keys(submission, SUBMISSION_KEYS, problems, "submission")
    if "files" in submission:
        _string_list(submission, "files", problems, "submission.files")
    _typed(submission, "commands", bool, problems, "submission")
    for key in ("max_files", "max_bytes", "max_commands"):
        _typed(submission, key, int, problems, "submission")
    if spec.get("kind") == "lab" and not submission.get("files") and not submission.get("commands"):
        problems.add(submission.line, "submission", "a lab must ask for files, commands, or both")


def _check_variables(spec: LineDict, problems: _Problems) -> None:
    variables = spec.get("variables")
    if variables is None or not _mapping(spec, "variables", problems, "variables"):
        return
    for name, declaration in variables.items():
        line = variables.line_of(name)
        if not isinstance(declaration, dict):
            problems.add(line, f"variables.{name}", f"must be a mapping with one of {', '.join(VARIABLE_KINDS)}")
            continue
        kinds = [kind for kind in VARIABLE_KINDS if kind in declaration]
        _unknown_keys(declaration, {*VARIABLE_KINDS, *VARIABLE_OPTION_KEYS}, problems, f"variables.{name}")
        if not isinstance(declaration.get(SHOWN, False), bool):
            problems.add(declaration.line_of(SHOWN), f"variables.{name}.{SHOWN}",
                         f"must be true (listed under \"Your values\") or false (internal), not {declaration[SHOWN]!r}")
        if len(kinds) != 1:
            problems.add(line, f"variables.{name}", f"needs exactly one of {', '.join(VARIABLE_KINDS)}")
        elif kinds[0] == "int" and not _is_range(declaration["int"]):
            problems.add(line, f"variables.{name}.int", "must be [low, high] with low <= high")
        elif kinds[0] in ("pick", "sample") and not (isinstance(declaration[kinds[0]], list) and declaration[kinds[0]]):
            problems.add(line, f"variables.{name}.{kinds[0]}", "must be a non-empty list")
        elif kinds[0] == "sample" and int(declaration.get("count", 1)) > len(declaration["sample"]):
            problems.add(line, f"variables.{name}.count", "is larger than the list to sample from")


def _check_facts(spec: LineDict, problems: _Problems) -> None:
    facts = spec.get("facts")
    if facts is None or not _mapping(spec, "facts", problems, "facts"):
        return
    for name, fact in facts.items():
        where = f"facts.{name}"
        if not isinstance(fact, LineDict):
            problems.add(facts.line_of(name), where, "must be a mapping")
            continue
        _unknown_keys(fact, FACT_KEYS, problems, where)
        kinds = [kind for kind in FACT_KINDS if kind in fact]
        if len(kinds) != 1:
            problems.add(fact.line, where, f"needs exactly one of {', '.join(sorted(FACT_KINDS))}")
        if fact.get("when", "graded") not in ("setup", "graded"):
            problems.add(fact.line_of("when"), f"{where}.when", "must be 'setup' or 'graded'")
        if name in (spec.get("variables") or {}):
            problems.add(facts.line_of(name), where, "has the same name as a variable")


def _check_checks(spec: LineDict, problems: _Problems) -> None:
    checks = spec.get("checks")
    if not isinstance(checks, LineList) or not checks:
        problems.add(spec.line_of("checks"), "checks", "a lab needs a non-empty list of checks")
        return
    seen: dict[str, int] = {}
    for index, check in enumerate(checks):
        where = f"checks[{index}]"
        if not isinstance(check, LineDict):
            problems.add(checks.line_of(index), where, "must be a mapping")
            continue
        _check_one_check(check, where, problems)
        check_id = check.get("id")
        if check_id in seen:
            problems.add(check.line_of("id"), where, f"id {check_id!r} already used on line {seen[check_id]}")
        seen[str(check_id)] = check.line_of("id")


def _check_one_check(check: LineDict, where: str, problems: _Problems) -> None:
    _unknown_keys(check, CHECK_KEYS, problems, where)
    if not CHECK_ID.match(str(check.get("id", ""))):
        problems.add(check.line_of("id"), f"{where}.id", "must look like 'topic.C001' (stable, quotable)")
    _bilingual(check, "title", problems, f"{where}.title")
    _bilingual(check, "hint", problems, f"{where}.hint")
    if not isinstance(check.get("points"), (int, float)) or check["points"] < 0:
        problems.add(check.line_of("points"), f"{where}.points", "must be a number >= 0")
    if "transcript" in check:
        problems.add(check.line_of("transcript"), f"{where}.transcript",
                     "typed text earns nothing: use `ran: {program: curl, target: {host: REGEX}}` (what really ran)")
    sources = [key for key in CHECK_SOURCES if key in check]
    if len(sources) != 1:
        problems.add(check.line, where, f"needs exactly one of {', '.join(CHECK_SOURCES)}")
    if "inspect" in check and _mapping(check, "inspect", problems, f"{where}.inspect"):
        _unknown_keys(check["inspect"], INSPECT_KEYS, problems, f"{where}.inspect")
    if "ran" in check and _mapping(check, "ran", problems, f"{where}.ran"):
        _check_ran(check["ran"], f"{where}.ran", problems)
    if "foreach" in check and check["foreach"] != "nodes":
        problems.add(check.line_of("foreach"), f"{where}.foreach", "the only value is 'nodes'")
    _check_expect(check, where, problems)


def _check_ran(ran: LineDict, where: str, problems: _Problems) -> None:
    _unknown_keys(ran, RAN_KEYS, problems, where)
    program = ran.get("program")
    if not (isinstance(program, str) and program) and not (isinstance(program, list) and program):
        problems.add(ran.line_of("program") if "program" in ran else ran.line, f"{where}.program",
                     "names the program that must have run (curl, or a list: [nslookup, dig])")
    if "args" in ran:
        problems.add(ran.line_of("args"), f"{where}.args", "the joined arguments are not what a program was pointed "
                     "at (a name in a Referer is not a request for it): use `target: {host: REGEX, ...}`")
    target = ran.get("target")
    if isinstance(target, LineDict):
        _unknown_keys(target, TARGET_FIELDS, problems, f"{where}.target")
        for key in target:
            _valid_regex(target, key, problems, f"{where}.target.{key}")
    elif target is not None:
        problems.add(ran.line_of("target"), f"{where}.target", "must map recorded fields to regular expressions")
    place = ran.get("where")
    if isinstance(place, str):
        if place not in WHERE_KINDS:
            problems.add(ran.line_of("where"), f"{where}.where", f"must be one of {', '.join(WHERE_KINDS)} or a mapping")
    elif isinstance(place, LineDict):
        _unknown_keys(place, WHERE_KEYS, problems, f"{where}.where")
    elif place is not None:
        problems.add(ran.line_of("where"), f"{where}.where", "must be remote, node, pod or {pod: NAME, namespace: NS}")


def _valid_regex(mapping: LineDict, key: str, problems: _Problems, where: str) -> None:
    pattern = str(mapping[key])
    if "{{" in pattern:
        return  # rendered per student first; checked when it runs
    try:
        re.compile(pattern)
    except re.error as error:
        problems.add(mapping.line_of(key), where, f"is not a valid regular expression: {error}")


def _check_expect(check: LineDict, where: str, problems: _Problems) -> None:
    if not _mapping(check, "expect", problems, f"{where}.expect"):
        return
    expect = check["expect"]
    _unknown_keys(expect, EXPECT_KEYS, problems, f"{where}.expect")
    if not expect:
        problems.add(expect.line, f"{where}.expect", f"needs one of {', '.join(sorted(EXPECT_KEYS))}")
    if "distinct" in expect and int(check.get("repeat", 1)) < 2:
        problems.add(expect.line_of("distinct"), f"{where}.expect.distinct", "needs `repeat:` of 2 or more")
    code = expect.get("exit_code", 0)
    if not (isinstance(code, int) or code == "nonzero" or (isinstance(code, str) and "{{" in code)):
        problems.add(expect.line_of("exit_code"), f"{where}.expect.exit_code", "must be a number or 'nonzero'")


def _check_questions(spec: LineDict, problems: _Problems) -> None:
    questions = spec.get("questions")
    if not isinstance(questions, LineList) or not questions:
        problems.add(spec.line_of("questions"), "questions", "a quiz needs a non-empty list of questions")
        return
    for index, question in enumerate(questions):
        where = f"questions[{index}]"
        if not isinstance(question, LineDict):
            problems.add(questions.line_of(index), where, "must be a mapping")
            continue
        _unknown_keys(question, QUESTION_KEYS, problems, where)
        if not CHECK_ID.match(str(question.get("id", ""))):
            problems.add(question.line_of("id"), f"{where}.id", "must look like 'quiz-topic.Q001'")
        kind = question.get("kind")
        if kind not in QUESTION_KINDS:
            problems.add(question.line_of("kind"), f"{where}.kind", f"must be one of {', '.join(QUESTION_KINDS)}")
        _bilingual(question, "prompt", problems, f"{where}.prompt")
        _check_answer_source(question, kind, where, problems)


def _check_answer_source(question: LineDict, kind: Any, where: str, problems: _Problems) -> None:
    if kind == "predict" and "run" not in question:
        problems.add(question.line, where, "a predict question needs `run:` (its answer is what that prints)")
    if kind == "short" and "answer" not in question:
        problems.add(question.line, where, "a short question needs `answer:` computed from variables or facts")
    if kind == "choice":
        if not isinstance(question.get("choices"), list) or len(question["choices"]) < 2:
            problems.add(question.line_of("choices"), f"{where}.choices", "needs a list of at least 2 choices")
        if ("answer" in question) == ("correct_when" in question):
            problems.add(question.line, where, "a choice question needs exactly one of answer, correct_when")


def _check_total(spec: LineDict, key: str, problems: _Problems) -> None:
    items = spec.get(key)
    if not isinstance(items, list) or not isinstance(spec.get("points"), (int, float)):
        return
    total = sum(item.get("points", 1) for item in items if isinstance(item, dict)
                and isinstance(item.get("points", 1), (int, float)))
    if abs(total - spec["points"]) > 1e-9:
        problems.add(spec.line_of("points"), "points", f"is {spec['points']:g} but the {key} add up to {total:g}")


def _unknown_keys(mapping: LineDict, allowed: set[str], problems: _Problems, where: str) -> None:
    for key in mapping:
        if key not in allowed:
            problems.add(mapping.line_of(key), where, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")


def _mapping(parent: LineDict, key: str, problems: _Problems, where: str) -> bool:
    if not isinstance(parent.get(key), LineDict):
        problems.add(parent.line_of(key), where, "must be a mapping")
        return False
    return True


def _typed(parent: LineDict, key: str, kind, problems: _Problems, where: str) -> None:
    if key in parent and (not isinstance(parent[key], kind) or (kind is int and isinstance(parent[key], bool))):
        problems.add(parent.line_of(key), f"{where}.{key}", f"must be of type {getattr(kind, '__name__', kind)}")


def _string_list(parent: LineDict, key: str, problems: _Problems, where: str) -> None:
    value = parent.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(parent.line_of(key), where, "must be a list of strings")


def _bilingual(parent: LineDict, key: str, problems: _Problems, where: str) -> None:
    if key not in parent:
        return
    value = parent[key]
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) for lang in LANGS):
        problems.add(parent.line_of(key), where, "needs text in both ko and en")


def _is_range(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value) and value[0] <= value[1]
