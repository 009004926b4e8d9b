"""Feedback ordered by cause: one root cause named first, the failing checks that follow
from it folded under it, their hints left out (a hint speaks of a setting the student
may well have right; the cause says what is wrong).

A cause is read from the student's cluster after the submission, for each Service a
check of the spec inspects: the Service is missing; its selector matches no pod (the
pods' labels are quoted, so a typo shows beside the right value); or its targetPort is
not a port the selected pods declare. A failing check follows from a Service's cause when
the check names the Service (its name, its Endpoints) or a fact read from it (its
ClusterIP, its nodePort); a check that reads the Service's own fields
(`inspect: services/<name>`) never does: it judges the cause itself. Other faults (a
wrong `port`, pods that are not Ready, a missing command) have no cause here, and their
checks keep their own hints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.checks import CheckResult
from scoring.messages import text
from scoring.templates import TemplateError, render
from simulator.objects import match_label_selector
from simulator.registry.kinds import by_kind


@dataclass
class Cause:
    text: str
    expected: str = ""  # what the Service needs, read from the cluster (the pods' ports and labels)
    got: str = ""  # what the Service has
    hint: str = ""  # what to change, speaking only of the field that is wrong
    checks: list[str] = field(default_factory=list)  # ids of the failing checks that follow from it

    def to_dict(self) -> dict:
        return {"text": self.text, "expected": self.expected, "got": self.got, "hint": self.hint,
                "checks": list(self.checks)}


def diagnose(cluster, spec: dict, variables: dict, results: list[CheckResult], lang: str) -> list[Cause]:
    """The causes found, each with the failing checks it explains; the results of those
    checks are rewritten to say so (`cause` set, hint left out)."""
    checks = spec["checks"]
    judged_directly = {check["id"] for check in checks if _service_ref(check, variables) is not None}
    by_id = {check["id"]: check for check in checks}
    causes: list[Cause] = []
    for namespace, name, raw_name in _inspected_services(checks, variables):
        found = _service_cause(cluster, namespace, name, lang)
        if found is None:
            continue
        cause = found
        words = _words_naming(spec, raw_name, name)
        for result in results:
            if result.passed or result.cause or result.id in judged_directly:
                continue
            if any(word in _check_text(by_id.get(result.id, {})) for word in words):
                _fold_under(result, cause, lang)
                cause.checks.append(result.id)
        causes.append(cause)
    return causes


def _words_naming(spec: dict, raw_name: str, name: str) -> set[str]:
    """How a check refers to the Service: its name (as written or rendered) and the facts read from it."""
    words = {raw_name, name}
    for fact, definition in (spec.get("facts") or {}).items():
        if isinstance(definition, dict) and str(definition.get("object", "")) in (f"services/{raw_name}",
                                                                                  f"endpoints/{raw_name}"):
            words.add("{{ " + fact + " }}")
    return words


def _check_text(check: dict) -> str:
    return repr({key: value for key, value in check.items() if key in ("run", "inspect", "ran", "vantage", "expect")})


def _fold_under(result: CheckResult, cause: Cause, lang: str) -> None:
    """The check's own verdict stays (what ran, what came back); its hint goes, the cause is
    named, with what it expected, what it found and its own hint."""
    verdict = result.feedback
    if result.hint:
        verdict = verdict.removesuffix(" " + text("hint", lang, hint=result.hint))
    if result.expected == text("expected_unknown", lang):
        verdict, result.expected = "", ""  # nothing to compute against: the cause is the whole story
    result.feedback = " ".join(part for part in (verdict, text("follows_from", lang, cause=cause.text)) if part)
    result.hint = ""
    result.cause = cause.text
    result.cause_expected, result.cause_got, result.cause_hint = cause.expected, cause.got, cause.hint


def _service_ref(check: dict, variables: dict, kinds=("services/",)) -> tuple[str, str, str] | None:
    """(namespace, name, name as the spec writes it) of the Service a check inspects
    (with `endpoints/` in `kinds`: or whose Endpoints it inspects, which share its name)."""
    inspect = check.get("inspect")
    if not isinstance(inspect, dict) or not str(inspect.get("object", "")).startswith(kinds):
        return None
    raw_name = str(inspect["object"]).partition("/")[2]
    try:
        name = render(raw_name, variables)
        namespace = render(str(inspect.get("namespace") or "default"), variables)
    except TemplateError:
        return None
    return namespace, name, raw_name


def _inspected_services(checks: list[dict], variables: dict) -> list[tuple[str, str, str]]:
    refs = (_service_ref(check, variables, ("services/", "endpoints/")) for check in checks)
    return list(dict.fromkeys(ref for ref in refs if ref is not None))


def _service_cause(cluster, namespace: str, name: str, lang: str) -> Cause | None:
    service = cluster.store.find(by_kind("Service"), namespace, name)
    if service is None:
        return Cause(text("cause_no_service", lang, service=name, namespace=namespace),
                     expected=text("cause_no_service_expected", lang, service=name, namespace=namespace),
                     got=text("cause_no_service_got", lang), hint=text("cause_no_service_hint", lang, service=name))
    spec = service.spec
    selector = spec.get("selector") or {}
    if spec.get("type") == "ExternalName" or not selector:
        return None
    pods = cluster.store.list(by_kind("Pod"), namespace)
    selected = [pod for pod in pods if match_label_selector({"matchLabels": selector}, pod.metadata.labels)]
    if not selected:
        labels = _nearby_labels(pods, selector) or text("cause_no_pods", lang)
        return Cause(text("cause_selector", lang, service=name, selector=_labels_text(selector), namespace=namespace,
                          labels=labels),
                     expected=text("cause_selector_expected", lang, labels=labels),
                     got=f"selector: {_labels_text(selector)}", hint=text("cause_selector_hint", lang))
    return _target_port_cause(spec, selected, name, lang)


def _target_port_cause(spec: dict, pods: list, name: str, lang: str) -> Cause | None:
    declared = sorted({port.get("containerPort") for pod in pods for container in pod.spec.get("containers") or []
                       for port in container.get("ports") or [] if isinstance(port.get("containerPort"), int)})
    if not declared:
        return None  # pods that declare no ports may listen anywhere
    for port in spec.get("ports") or []:
        target = port.get("targetPort", port.get("port"))
        if isinstance(target, int) and target not in declared:
            ports = ", ".join(str(number) for number in declared)
            return Cause(text("cause_target_port", lang, service=name, target=target, ports=ports),
                         expected=text("cause_target_port_expected", lang, ports=ports),
                         got=f"targetPort: {target}", hint=text("cause_target_port_hint", lang, service=name))
    return None


def _labels_text(labels: dict) -> str:
    return ",".join(f"{key}={value}" for key, value in sorted(labels.items()))


def _nearby_labels(pods: list, selector: dict) -> str:
    """The label sets of the namespace's pods that share a key with the selector, the first few."""
    seen = dict.fromkeys(_labels_text({key: pod.metadata.labels[key] for key in selector if key in pod.metadata.labels})
                         for pod in pods)
    shown = [labels for labels in seen if labels][:3]
    return "; ".join(shown)
