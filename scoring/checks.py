"""One check of a lab: run something (or inspect an object, or look at what the
student's submission really ran), compare with the expectation, and explain the points
won or lost.

A check is data in spec.yaml (see README "Writing an assignment"). Tries come from
`run:` (from a vantage, `repeat:` times, optionally `foreach: nodes`), `inspect:` (one
object field) or `ran:` (the programs the simulator executed for the submission, from
its own execution log: typed text, comments and `echo` never match). Partial credit
is the share of tries that pass; for `distinct` it is the share of expected answers seen.
`CHECK_SOURCES` at the end is the one list of sources; the spec's check keys are derived
from it (`scoring.spec_schema`). To add a source: a function from (context, spec) to
tries, registered there, documented under **Check sources** in the README.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable

from scoring.expectations import MISSING, Try, describe, got_text, judge
from scoring.facts import FactMissing, field_value, object_field
from scoring.executed import RanPattern, target_answer, target_label
from scoring.messages import exit_meaning, localize, pick, text
from scoring.templates import TemplateError, as_text, render
from scoring.vantages import VantageUnavailable, prompt_of, resolve_vantage

MAX_GOT = 1200  # characters of output quoted back per check


@dataclass
class CheckResult:
    id: str
    title: str
    points: float
    max_points: float
    passed: bool
    run: str
    expected: str
    got: str
    hint: str
    feedback: str
    cause: str = ""  # the root cause this failing check follows from (scoring.diagnosis), if one was found
    cause_expected: str = ""  # the cause's own expected value, found value and hint, so a page
    cause_got: str = ""  # showing the stored checks can show the cause whole
    cause_hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Entry:
    """One command of the student's, as it ran: the prompt it was typed at, and what came back."""

    prompt: str
    line: str
    output: str
    exit_code: int


class GradingContext:
    def __init__(self, cluster, facts, entries: list[Entry], lang: str, budget, executed: list | None = None) -> None:
        self.cluster = cluster
        self.facts = facts
        self.entries = entries
        self.executed = executed or []  # simulator.shell.execution_log.ExecutedProgram, in order
        self.lang = lang
        self.budget = budget
        self.ran: list[str] = []  # the checks' own commands and outputs, for the transcript


def run_check(ctx: GradingContext, spec: dict) -> CheckResult:
    title = _plain_render(pick(spec["title"], ctx.lang), ctx)
    hint, max_points = _plain_render(pick(spec.get("hint"), ctx.lang), ctx), float(spec["points"])
    expect = dict(spec["expect"])
    if source_of(spec).name == "ran":
        expect.setdefault("exit_code", 0)  # the student's own run counts only when it succeeded, unless the spec says
    try:
        tries = collect_tries(ctx, spec)
        fraction, got, failing = score_tries(expect, tries, ctx, any_of=source_of(spec).any_try_earns)
        expected = describe(expect, ctx.facts, ctx.lang)
    except (FactMissing, VantageUnavailable, TemplateError) as error:
        return _unscorable(spec["id"], title, max_points, hint, error, ctx.lang)
    run = _labels(tries, ctx.lang)
    feedback = _feedback(fraction, len(tries), failing, run, expected, got, hint, ctx.lang)
    return CheckResult(spec["id"], title, round(max_points * fraction, 2), max_points, fraction >= 1.0,
                       run, expected, _clip(got), hint, feedback)


def _plain_render(value: str, ctx: GradingContext) -> str:
    """Titles and hints use variables only, so they read right even when a fact is missing."""
    try:
        return render(value, ctx.facts.variables)
    except TemplateError:
        return value


def collect_tries(ctx: GradingContext, spec: dict) -> list[Try]:
    return source_of(spec).tries(ctx, spec)


def source_of(spec: dict) -> "CheckSource":
    """The check's source: `inspect:` or `ran:` when given, else `run:` (the loader lets a
    check through with exactly one; a choice question's `correct_when` is checked less)."""
    named = (source for name, source in CHECK_SOURCES.items() if name != "run" and name in spec)
    return next(named, CHECK_SOURCES["run"])


def _run_tries(ctx: GradingContext, spec: dict) -> list[Try]:
    nodes = sorted(ctx.cluster.node_names()) if spec.get("foreach") == "nodes" else [None]
    outer, tries = dict(ctx.facts.bound), []
    try:
        for node in nodes:
            if node is not None:
                ctx.facts.bound = {**outer, "node_name": node, "node_ip": ctx.cluster.node_ip(node)}
            vantage = resolve_vantage(ctx.cluster, ctx.facts.render_data(spec.get("vantage")))
            line = ctx.facts.render(spec["run"])
            tries.extend(run_line(ctx, vantage, line) for _ in range(int(spec.get("repeat", 1))))
    finally:
        ctx.facts.bound = outer
    return tries


def run_line(ctx: GradingContext, vantage, line: str) -> Try:
    """Run one check command with `Session.execute`: no per-line tick or settle, so the controllers
    do not run (a `sleep` in the command would let them). The programs still let the time they
    take pass (curl's transfer, a DNS timeout, ping's interval), so the clock moves on."""
    ctx.budget.check()
    session = ctx.cluster.session(vantage)
    result = session.execute(line)
    label = prompt_of(vantage) + line
    ctx.ran.append(f"{label}\n{result.combined}")
    return Try(label, result.combined, result.exit_code, answers=_lookup_answers(session.executed.entries))


def _inspect_tries(ctx: GradingContext, spec: dict) -> list[Try]:
    return [_inspect(ctx, ctx.facts.render_data(dict(spec["inspect"])))]


def _inspect(ctx: GradingContext, spec: dict) -> Try:
    if "fact" in spec:
        return _inspect_fact(ctx, spec)
    if isinstance(spec.get("field"), list):
        return _inspect_fields(ctx, spec)
    reference, namespace, field = str(spec["object"]), str(spec.get("namespace") or "default"), str(spec.get("field", ""))
    resource, _, name = reference.partition("/")
    label = f"kubectl get {resource} {name} -n {namespace}" + (f" -o jsonpath='{{.{field}}}'" if field else "")
    try:
        return Try(label, value=object_field(ctx.cluster, reference, namespace, field), inspected=True)
    except FactMissing as missing:
        return Try(label, inspected=True, note=missing.reason)


def _inspect_fields(ctx: GradingContext, spec: dict) -> Try:
    """Several fields of one object at once, as a mapping field -> value ("" when unset): a
    state that only their combination describes (EXTERNAL-IP <pending>: a LoadBalancer with
    no ingress and no externalIPs)."""
    reference, namespace = str(spec["object"]), str(spec.get("namespace") or "default")
    fields = [str(field) for field in spec["field"]]
    resource, _, name = reference.partition("/")
    label = f"kubectl get {resource} {name} -n {namespace} -o jsonpath='" + " ".join(f"{{.{f}}}" for f in fields) + "'"
    try:
        obj = object_field(ctx.cluster, reference, namespace, "")
    except FactMissing as missing:
        return Try(label, inspected=True, note=missing.reason)
    return Try(label, value={field: _field_or_empty(obj, field) for field in fields}, inspected=True)


def _field_or_empty(obj, field: str) -> Any:
    try:
        return field_value(obj, field)
    except KeyError:
        return ""


def _inspect_fact(ctx: GradingContext, spec: dict) -> Try:
    """A computed value of the student's cluster, e.g. the names of the Ready pods."""
    label = str(spec.get("show") or f"{{{{ {spec['fact']} }}}}")
    try:
        return Try(label, value=ctx.facts.resolve(str(spec["fact"])), inspected=True)
    except FactMissing as missing:
        return Try(label, inspected=True, note=missing.reason)


def _ran_tries(ctx: GradingContext, spec: dict) -> list[Try]:
    return executed_tries(ctx, ctx.facts.render_data(dict(spec["ran"])))


def executed_tries(ctx: GradingContext, spec: dict) -> list[Try]:
    """One try per target a program the submission really ran was pointed at that matches
    `ran:` (scoring.executed): what came back to it, never typed or printed text."""
    pattern = RanPattern.from_spec(spec)
    tries = [_target_try(event, target) for event in ctx.executed for target in pattern.matching_targets(event)]
    if tries:
        return tries
    ran = [event for event in ctx.executed if pattern.ran_here(event)]
    if ran:  # it ran, aimed elsewhere: say so, quoting the last such run
        problem = text("never_aimed", ctx.lang, program=ran[-1].program, what=pattern.describe())
        return [Try(f"[{ran[-1].where}] {ran[-1].command}", problem=problem)]
    return [Try(pattern.describe(), problem=text("never_ran", ctx.lang, what=pattern.describe()))]


def _target_try(event, target: dict) -> Try:
    label = f"[{event.where}] {event.command}  ({target_label(target)})"
    if "fqdn" in target:
        answer = target_answer(target)
        return Try(label, "\n".join(answer), event.exit_code, answers=tuple(answer))
    return Try(label, str(target.get("reply", "")), event.exit_code)


def _lookup_answers(executed: list) -> tuple[str, ...] | None:
    """The answers of the DNS queries a check's own command sent, or None when it sent none."""
    lookups = [target for event in executed for target in event.targets if "fqdn" in target]
    return tuple(item for target in lookups for item in target_answer(target)) if lookups else None


def score_tries(expect: dict, tries: list[Try], ctx: GradingContext, any_of: bool = False
                ) -> tuple[float, str, Try | None]:
    """(fraction of the points, what came back, the first try that failed).

    With `any_of` (the student's own commands) one passing try earns everything.
    """
    if "distinct" in expect:
        return _score_distinct(expect, tries, ctx)
    verdicts = [judge(expect, attempt, ctx.facts, ctx.lang).passed for attempt in tries]
    failing = next((attempt for attempt, ok in zip(tries, verdicts) if not ok), None)
    if any_of:
        fraction = 1.0 if any(verdicts) else 0.0
        failing = None if any(verdicts) else tries[-1]
    else:
        fraction = sum(verdicts) / len(verdicts)
    return fraction, got_text(failing or tries[-1], ctx.lang), failing


def _score_distinct(expect: dict, tries: list[Try], ctx: GradingContext) -> tuple[float, str, Try | None]:
    wanted = {as_text(item).strip() for item in _as_list(ctx.facts.render_data(expect["distinct"]))}
    # `count`: how many distinct answers the task defines (from the spec or setup), so
    # scaling the backends down cannot shrink what "every replica" means
    least = int(as_text(ctx.facts.render_data(expect["count"]))) if "count" in expect else 0
    others = {key: value for key, value in expect.items() if key not in ("distinct", "count")}
    good = [attempt for attempt in tries if not others or judge(others, attempt, ctx.facts, ctx.lang).passed]
    seen = {attempt.output.strip() for attempt in good}
    unexpected = seen - wanted | {got_text(t, ctx.lang) for t in tries if t not in good}
    hit = len(seen & wanted)
    fraction = hit / max(len(wanted) + len(unexpected), least) if wanted else 0.0
    got = "\n".join(sorted(seen & wanted) + sorted(unexpected)) or text("nothing", ctx.lang)
    if wanted - seen:
        got += "\n" + text("missing_answers", ctx.lang, missing=" | ".join(sorted(wanted - seen)))
    failing = next((t for t in tries if t not in good), None) or (tries[0] if fraction < 1 else None)
    return fraction, got, failing


def _feedback(fraction: float, total: int, failing: Try | None, run: str, expected: str, got: str,
              hint: str, lang: str) -> str:
    if fraction >= 1.0:
        return text("passed", lang)
    parts = []
    if 0 < fraction < 1 and total > 1:
        parts.append(text("partial", lang, passed=round(fraction * total), total=total))
    shown_run = failing.label if failing else run
    parts.append(text("failed", lang, run=f"`{shown_run}`", expected=expected, got=_one_line(got, lang)))
    meaning = exit_meaning(shown_run, failing.exit_code if failing else None, lang)
    if meaning:
        parts.append(f"({meaning})")
    if hint:
        parts.append(text("hint", lang, hint=hint))
    return " ".join(parts)


def _unscorable(check_id: str, title: str, max_points: float, hint: str, error: Exception, lang: str) -> CheckResult:
    key = "vantage_missing" if isinstance(error, VantageUnavailable) else "fact_missing"
    reason = localize(error, lang)
    feedback = text(key, lang, reason=reason) + (" " + text("hint", lang, hint=hint) if hint else "")
    expected = text("expected_unknown", lang)
    return CheckResult(check_id, title, 0.0, max_points, False, "", expected, reason, hint, feedback)


def _labels(tries: list[Try], lang: str) -> str:
    labels = list(dict.fromkeys(attempt.label for attempt in tries))
    shown = "\n".join(labels[:4])
    more = "\n" + text("more_commands", lang, count=len(labels) - 4) if len(labels) > 4 else ""
    times = " " + text("times", lang, count=len(tries)) if len(labels) == 1 and len(tries) > 1 else ""
    return shown + more + times


def _one_line(value: str, lang: str) -> str:
    flat = " / ".join(line for line in value.splitlines() if line.strip())
    return _clip(flat, 300) or text("nothing", lang)


def _clip(value: str, limit: int = MAX_GOT) -> str:
    return value if len(value) <= limit else value[:limit] + " …"


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


@dataclass(frozen=True)
class CheckSource:
    """Where a check's tries come from: the key in spec.yaml, and how they are collected."""

    name: str
    tries: Callable[[GradingContext, dict], list[Try]]
    any_try_earns: bool = False  # the student's own runs: one that meets the expectation earns the points


CHECK_SOURCES: dict[str, CheckSource] = {source.name: source for source in (
    CheckSource("run", _run_tries),  # a command from a vantage, `repeat:` times, optionally `foreach: nodes`
    CheckSource("inspect", _inspect_tries),  # one object field or fact
    CheckSource("ran", _ran_tries, any_try_earns=True),  # what the submission really ran (scoring.executed)
)}


__all__ = ["CHECK_SOURCES", "CheckResult", "Entry", "GradingContext", "MISSING", "run_check"]
