"""Field selectors as the API server reads them: `?fieldSelector=spec.nodeName=node1,status.phase!=Running`.

Three steps, each from Kubernetes 1.23:
- parsing is apimachinery's `fields.ParseSelector`: terms split at unescaped commas and
  sorted, each split at its first `!=`, `==` or `=`, values unescaped (`\\,` `\\=` `\\\\`);
- the field labels a kind accepts are its field-label conversion
  (`pkg/apis/core/v1/conversion.go`); a kind without one (Services, Endpoints,
  ResourceQuotas and every apps/v1 kind in 1.23) accepts only `metadata.name` and
  `metadata.namespace` (`runtime.DefaultMetaV1FieldSelectorConversion`);
- the values matched are the kind's selectable fields (`pkg/registry/*/strategy.go`
  `*ToSelectableFields`); a label the kind accepts but does not fill (a pod's
  `status.podIPs`) reads as "", as `fields.Set.Get` does.

Errors are raised as `FieldSelectorError` carrying the server's message; the API layer
answers them as BadRequest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from simulator.registry.kinds import declared

TERM_OPERATORS = ("!=", "==", "=")  # termOperators: `!=` and `==` are tried before `=` at each position

POD_LABELS = frozenset({
    "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
    "spec.serviceAccountName", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
})
CONVERSIONS: dict[str, frozenset[str]] = {
    "Pod": POD_LABELS,
    "Node": frozenset({"metadata.name", "spec.unschedulable"}),
    "Namespace": frozenset({"status.phase", "metadata.name"}),
    "Event": frozenset({
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
        "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
        "reportingComponent", "source", "type", "metadata.namespace", "metadata.name",
    }),
}
RENAMED = {("Pod", "spec.host"): "spec.nodeName"}  # old v1 clients sent spec.host


class FieldSelectorError(ValueError):
    """The API server's message for a selector it cannot use."""


@dataclass(frozen=True)
class Requirement:
    field: str
    value: str
    equal: bool  # False for `!=`

    def matches(self, fields: dict[str, str]) -> bool:
        return (fields.get(self.field, "") == self.value) == self.equal


def parse(text: str) -> list[Requirement]:
    """`fields.ParseSelector`: the requirements in sorted term order (the order errors are found in)."""
    requirements = []
    for term in sorted(_split_terms(text)):
        if not term:
            continue
        split = _split_term(term)
        if split is None:
            raise FieldSelectorError(f"invalid selector: '{text}'; can't understand '{term}'")
        field, operator, value = split
        requirements.append(Requirement(field, _unescape(value), operator != "!="))
    return requirements


def convert(kind: str, requirements: list[Requirement]) -> list[Requirement]:
    """The kind's field-label conversion applied to every requirement; the first refused label is the error."""
    found = declared(kind)
    accepted = CONVERSIONS.get(kind) if found is None else found.field_labels
    converted = []
    for requirement in requirements:
        field = requirement.field
        if accepted is None:
            if field not in ("metadata.name", "metadata.namespace"):
                raise FieldSelectorError(f'"{field}" is not a known field selector: only "metadata.name", "metadata.namespace"')
        elif (kind, field) in RENAMED:
            field = RENAMED[(kind, field)]
        elif field not in accepted:
            raise FieldSelectorError(f"field label not supported: {field}")
        converted.append(Requirement(field, requirement.value, requirement.equal))
    return converted


def selectable_fields(kind: str, name: str, namespace: str | None, body: dict[str, Any]) -> dict[str, str]:
    """The object's field set, as the kind's strategy builds it for matching (`namespace` None: cluster-scoped)."""
    fields = {"metadata.name": name}
    if namespace is not None:
        fields["metadata.namespace"] = namespace
    if kind == "Event":
        fields.update(_event_fields(body))
    extra = _KIND_FIELDS.get(kind)
    if extra is not None:
        fields.update(extra(body.get("spec") or {}, body.get("status") or {}))
    found = declared(kind)
    if found is not None and found.selectable_fields is not None:
        fields.update(found.selectable_fields(body))
    return fields


def _event_fields(body: dict) -> dict[str, str]:
    """pkg/registry/core/event/strategy.go ToSelectableFields (the source falls back to reportingController)."""
    involved = body.get("involvedObject") or {}
    fields = {f"involvedObject.{key}": str(involved.get(key) or "")
              for key in ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")}
    source = (body.get("source") or {}).get("component") or body.get("reportingComponent") or ""
    return {**fields, "reason": str(body.get("reason") or ""), "reportingComponent": str(body.get("reportingComponent") or ""),
            "source": str(source), "type": str(body.get("type") or "")}


def matches(requirements: list[Requirement], fields: dict[str, str]) -> bool:
    return all(requirement.matches(fields) for requirement in requirements)


def _pod_fields(spec: dict, status: dict) -> dict[str, str]:
    ips = status.get("podIPs") or []  # PodToSelectableFields reads podIPs[0], not podIP
    return {
        "spec.nodeName": str(spec.get("nodeName") or ""),
        "spec.restartPolicy": str(spec.get("restartPolicy") or ""),
        "spec.schedulerName": str(spec.get("schedulerName") or ""),
        "spec.serviceAccountName": str(spec.get("serviceAccountName") or ""),
        "status.phase": str(status.get("phase") or ""),
        "status.podIP": str(ips[0].get("ip") or "") if ips else "",
        "status.nominatedNodeName": str(status.get("nominatedNodeName") or ""),
    }


def _node_fields(spec: dict, status: dict) -> dict[str, str]:
    return {"spec.unschedulable": "true" if spec.get("unschedulable") else "false"}  # fmt.Sprint(bool)


def _namespace_fields(spec: dict, status: dict) -> dict[str, str]:
    return {"status.phase": str(status.get("phase") or "")}


_KIND_FIELDS: dict[str, Callable[[dict, dict], dict[str, str]]] = {
    "Pod": _pod_fields,
    "Node": _node_fields,
    "Namespace": _namespace_fields,
}


def _split_terms(text: str) -> list[str]:
    """splitTerms: commas split terms unless escaped; the backslash stays for unescaping."""
    if not text:
        return []
    terms, start, escaped = [], 0, False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            terms.append(text[start:index])
            start = index + 1
    terms.append(text[start:])
    return terms


def _split_term(term: str) -> tuple[str, str, str] | None:
    for index in range(len(term)):
        for operator in TERM_OPERATORS:
            if term.startswith(operator, index):
                return term[:index], operator, term[index + len(operator):]
    return None


def _unescape(value: str) -> str:
    """UnescapeValue; Go prints an unescaped rune with %v, so `=` is reported as 61."""
    if not any(char in value for char in "\\,="):
        return value
    out, escaped = [], False
    for char in value:
        if escaped:
            if char not in "\\,=":
                raise FieldSelectorError(f"invalid field selector: invalid escape sequence: \\{char}")
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ",=":
            raise FieldSelectorError(f"invalid field selector: unescaped character in value: {ord(char)}")
        else:
            out.append(char)
    if escaped:
        raise FieldSelectorError("invalid field selector: invalid escape sequence: \\")
    return "".join(out)
