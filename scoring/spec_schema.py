"""Validation of one spec.yaml, with the file and line of every mistake.

The spec is data; this module says which keys each part may have, which values they
take and which `{{ names }}` exist, and collects every problem as `file:line: message`
before raising one SpecError. It does not run anything on a cluster.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.templates import references
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
CHECK_KEYS = {"id", "title", "points", "hint", "run", "vantage", "repeat", "foreach", "inspect", "ran", "expect"}
EXPECT_KEYS = {"equals", "matches", "exit_code", "distinct", "one_of", "ready_pod_ips", "contains", "absent", "exists",
               "same_set", "count", "may_be_empty", "includes"}
INSPECT_KEYS = {"object", "namespace", "field", "fact", "show"}
RAN_KEYS = {"program", "args", "where"}
WHERE_KEYS = {"kind", "pod", "node", "namespace"}
WHERE_KINDS = ("remote", "node", "pod")
FACT_KINDS = {"object", "ready_pods", "pods", "replies", "run", "node_ips"}
FACT_KEYS = FACT_KINDS | {"namespace", "field", "port", "path", "vantage", "when", "ready", "extract", "count"}
QUESTION_KEYS = {"id", "kind", "prompt", "points", "choices", "run", "vantage", "repeat", "answer", "correct_when",
                 "explain", "hint"}
QUESTION_KINDS = ("choice", "short", "predict")
NODE_NAMES = ("node_name", "node_ip")  # bound by a check with `foreach: nodes`
CHOICE_NAME = "choice"  # bound inside a choice question's `correct_when`
BUILTIN_NAMES = {*NODE_NAMES, CHOICE_NAME}
VARIABLES_ONLY_KEYS = ("instructions", "title", "hint")  # rendered before any cluster exists
VARIABLES_ONLY_TOP = ("instructions", "title", "setup", "apply", "submission")  # rendered with the variant alone


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
    _check_spec_references(spec, Names(spec), problems)
    _check_inspected_facts(spec, problems)
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
                     "typed text earns nothing: use `ran: {program: curl, args: REGEX}` (what really ran)")
    sources = [key for key in ("run", "inspect", "ran") if key in check]
    if len(sources) != 1:
        problems.add(check.line, where, "needs exactly one of run, inspect, ran")
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
        _valid_regex(ran, "args", problems, f"{where}.args")
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


@dataclass(frozen=True)
class Scope:
    """Which names a place in the bank may use: variables (all, or only the first `upto`),
    facts, and the names a check binds itself (`node_name`/`node_ip`, `choice`)."""

    facts: bool = True
    nodes: bool = False
    choice: bool = False
    upto: int | None = None

    def variables_only(self) -> "Scope":
        return Scope(facts=False, upto=self.upto)


class Names:
    """The `{{ names }}` a spec defines, and why a name is unknown in a given scope."""

    def __init__(self, spec: LineDict) -> None:
        variables, facts = spec.get("variables"), spec.get("facts")
        self.variables = [str(name) for name in variables] if isinstance(variables, dict) else []
        self.facts = {str(name) for name in facts} if isinstance(facts, dict) else set()
        self.variables_line = spec.line_of("variables") if "variables" in spec else 0
        self.facts_line = spec.line_of("facts") if "facts" in spec else 0

    def visible(self, scope: Scope) -> set[str]:
        names = set(self.variables[:scope.upto] if scope.upto is not None else self.variables)
        names |= self.facts if scope.facts else set()
        names |= set(NODE_NAMES) if scope.nodes else set()
        return names | ({CHOICE_NAME} if scope.choice else set())

    def problem(self, name: str, scope: Scope, spec_name: str = "") -> str:
        """Why `name` cannot be used here ('' when it can). With `spec_name` (outside the spec
        itself), the message says where in spec.yaml the variables and facts are declared."""
        if name in self.visible(scope):
            return ""
        if name in self.variables:
            why = "declared after this variable; a value may only use the variables above it"
        elif name in self.facts:
            why = "a fact, computed on the student's cluster: only variables can be used here"
        elif name in NODE_NAMES:
            why = "only defined in a check with `foreach: nodes`"
        elif name == CHOICE_NAME:
            why = "only defined inside a choice question's `correct_when`"
        else:
            close = difflib.get_close_matches(name, sorted(self.visible(scope)), n=1)
            why = self._not_declared(scope, spec_name) + (f"; did you mean {{{{ {close[0]} }}}}?" if close else "")
        return f"unknown name {{{{ {name} }}}} ({why})"

    def _not_declared(self, scope: Scope, spec_name: str) -> str:
        kinds = "a variable or fact" if scope.facts else "a variable"
        if not spec_name:
            return f"not {kinds}"
        where = [f"the variables at {spec_name}:{self.variables_line}"] if self.variables_line else []
        if scope.facts and self.facts_line:
            where.append(f"the facts at {spec_name}:{self.facts_line}")
        return f"not among {' or '.join(where)}" if where else f"{spec_name} declares no variables"


def _check_spec_references(spec: LineDict, names: Names, problems: _Problems) -> None:
    """Every `{{ name }}` in the spec is defined where it is used: instructions, setup and
    `apply` see the variables only (they are rendered before any cluster exists), a
    variable's `value` the variables above it, checks and questions variables and facts
    too, `{{ node_name }}` / `{{ node_ip }}` only a `foreach: nodes` check and
    `{{ choice }}` only a choice question's `correct_when`."""
    everything = Scope()
    for key, value in spec.items():
        line, where = spec.line_of(key), str(key)
        if key == "variables" and isinstance(value, LineDict):
            for index, (name, declaration) in enumerate(value.items()):
                _check_references(declaration, Scope(facts=False, upto=index), names, problems,
                                  f"variables.{name}", value.line_of(name))
        elif key in ("checks", "questions") and isinstance(value, LineList):
            for index, item in enumerate(value):
                if isinstance(item, LineDict):
                    _check_item_references(item, names, problems, f"{key}[{index}]")
        elif key in VARIABLES_ONLY_TOP:
            _check_references(value, everything.variables_only(), names, problems, where, line)
        else:
            _check_references(value, everything, names, problems, where, line)


def _check_item_references(item: LineDict, names: Names, problems: _Problems, where: str) -> None:
    scope = Scope(nodes=item.get("foreach") == "nodes")
    for key, value in item.items():
        if key == "correct_when" and isinstance(value, dict):
            inner = Scope(choice=True, nodes=value.get("foreach") == "nodes")
        else:
            inner = scope.variables_only() if key in VARIABLES_ONLY_KEYS else scope
        _check_references(value, inner, names, problems, f"{where}.{key}", item.line_of(key))


def _check_references(data: Any, scope: Scope, names: Names, problems: _Problems, where: str,
                      line: int = 0) -> None:
    if isinstance(data, str):
        for name in dict.fromkeys(references(data)):
            problem = names.problem(name, scope)
            if problem:
                problems.add(line, where or "spec", problem)
    elif isinstance(data, dict):
        for key, value in data.items():
            inner = scope.variables_only() if key in VARIABLES_ONLY_KEYS else scope
            _check_references(value, inner, names, problems, f"{where}.{key}" if where else str(key),
                              _line(data, key, line))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_references(value, scope, names, problems, f"{where}[{index}]", _line(data, index, line))


def _check_inspected_facts(spec: LineDict, problems: _Problems) -> None:
    """`inspect: {fact: X}` (in a check, or a choice question's `correct_when`) names a declared fact."""
    facts = spec.get("facts") if isinstance(spec.get("facts"), dict) else {}
    for key in ("checks", "questions"):
        items = spec.get(key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, LineDict):
                continue
            inspects = [(f"{key}[{index}].inspect", item.get("inspect"))]
            if isinstance(item.get("correct_when"), dict):
                inspects.append((f"{key}[{index}].correct_when.inspect", item["correct_when"].get("inspect")))
            for where, inspect in inspects:
                if isinstance(inspect, LineDict):
                    _check_inspect(inspect, facts, spec, problems, where)


def _check_inspect(inspect: LineDict, facts: dict, spec: LineDict, problems: _Problems, where: str) -> None:
    sources = [key for key in ("object", "fact") if key in inspect]
    if len(sources) != 1:
        problems.add(inspect.line, where, "needs exactly one of object, fact")
    if "fact" not in inspect:
        return
    name = inspect["fact"]
    if not isinstance(name, str) or not name:
        problems.add(inspect.line_of("fact"), f"{where}.fact", "must be the name of a fact")
    elif "{{" not in name and name not in facts:
        declared = f"`facts:` on line {spec.line_of('facts')}" if "facts" in spec else "no `facts:` in this spec"
        if name in (spec.get("variables") or {}):
            message = f"{name!r} is a variable, not a fact the spec records ({declared})"
        else:
            close = difflib.get_close_matches(name, sorted(str(fact) for fact in facts), n=1)
            message = f"{name!r} is not a fact the spec records ({declared}" + (
                f"; did you mean {close[0]!r}?)" if close else ")")
        problems.add(inspect.line_of("fact"), f"{where}.fact", message)


def _line(container: Any, key: Any, fallback: int) -> int:
    return container.line_of(key) if hasattr(container, "line_of") else fallback


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
