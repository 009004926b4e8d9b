"""Which `{{ name }}` a place in spec.yaml may use, and whether every name it uses is declared.

A spec's variables are drawn before any cluster exists, its facts are computed on the
student's cluster, and a few names are bound by a check itself (`node_name`/`node_ip` in
a `foreach: nodes` check, `choice` in a choice question's `correct_when`). `Names` knows
which names a spec declares and says why one is unknown in a `Scope`; the loader
(`scoring.bank`) asks the same of solutions and wrong cases. It renders nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Protocol

from scoring.templates import references
from scoring.yaml_lines import LineDict, LineList

NODE_NAMES = ("node_name", "node_ip")  # bound by a check with `foreach: nodes`
CHOICE_NAME = "choice"  # bound inside a choice question's `correct_when`
VARIABLES_ONLY_KEYS = ("instructions", "title", "hint")  # rendered before any cluster exists
VARIABLES_ONLY_TOP = ("instructions", "title", "setup", "apply", "submission")  # rendered with the variant alone


class ProblemSink(Protocol):
    """Where a mistake goes, with the line it is on (`scoring.spec_schema` collects them)."""

    def add(self, line: int, where: str, message: str) -> None: ...


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


def check_spec_references(spec: LineDict, names: Names, problems: ProblemSink) -> None:
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


def _check_item_references(item: LineDict, names: Names, problems: ProblemSink, where: str) -> None:
    scope = Scope(nodes=item.get("foreach") == "nodes")
    for key, value in item.items():
        if key == "correct_when" and isinstance(value, dict):
            inner = Scope(choice=True, nodes=value.get("foreach") == "nodes")
        else:
            inner = scope.variables_only() if key in VARIABLES_ONLY_KEYS else scope
        _check_references(value, inner, names, problems, f"{where}.{key}", item.line_of(key))


def _check_references(data: Any, scope: Scope, names: Names, problems: ProblemSink, where: str,
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


def check_inspected_facts(spec: LineDict, problems: ProblemSink) -> None:
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


def _check_inspect(inspect: LineDict, facts: dict, spec: LineDict, problems: ProblemSink, where: str) -> None:
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
