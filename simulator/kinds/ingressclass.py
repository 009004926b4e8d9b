"""IngressClass (networking.k8s.io/v1, cluster-scoped): which controller serves Ingresses of a class.

Table from `printers.go printIngressClass` (NAME CONTROLLER PARAMETERS AGE; PARAMETERS is
`Kind[.apiGroup]/name` or `<none>`); validation from `pkg/apis/networking/validation
ValidateIngressClass` (the controller is required, a domain-prefixed path of at most 250
characters, and immutable).
"""

from __future__ import annotations

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("ingressclasses", "ingressclass", "IngressClass", "networking.k8s.io", "v1", False)
MAX_CONTROLLER_LENGTH = 250
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


class IngressClassStrategy(Strategy):
    def validate(self, obj: KubeObject) -> list[FieldError]:
        controller = (obj.body.get("spec") or {}).get("controller")
        if not controller:
            return [FieldError("Required value", "spec.controller")]
        if len(controller) > MAX_CONTROLLER_LENGTH:
            return [FieldError("Too long", "spec.controller", controller,
                               f"must have at most {MAX_CONTROLLER_LENGTH} bytes")]
        domain, slash, path = controller.partition("/")
        if not slash or not domain or not path:
            return [FieldError("Invalid value", "spec.controller", controller, "must be a domain-prefixed path (such as \"acme.io/foo\")")]
        return []

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        before, after = ((o.body.get("spec") or {}).get("controller") for o in (old, new))
        if before != after:
            return [FieldError("Invalid value", "spec.controller", after, "field is immutable")]
        return []


def _parameters(obj: KubeObject, ctx) -> str:
    parameters = (obj.body.get("spec") or {}).get("parameters")
    if not parameters:
        return "<none>"
    kind = str(parameters.get("kind"))
    if parameters.get("apiGroup") is not None:
        kind += "." + str(parameters["apiGroup"])
    return f"{kind}/{parameters.get('name')}"


def is_default(obj: KubeObject) -> bool:
    return obj.metadata.annotations.get(DEFAULT_CLASS_ANNOTATION) == "true"


KIND = Kind(
    resource=RESOURCE,
    strategy=IngressClassStrategy(),
    columns=(NAME, Column("Controller", lambda c, ctx: str((c.body.get("spec") or {}).get("controller", ""))),
             Column("Parameters", _parameters), AGE),
)
