"""CustomResourceDefinition (apiextensions.k8s.io/v1): a type the cluster serves once it is created.

From Kubernetes 1.23's apiextensions-apiserver: validation
`pkg/apis/apiextensions/validation/validation.go` (ValidateCustomResourceDefinition, the texts
below), defaulting `pkg/apis/apiextensions/v1/defaults.go` (singular, listKind, conversion
strategy), the status the establishing and naming controllers write (NamesAccepted, Established,
acceptedNames, storedVersions), and the table of the server's default TableConvertor
(`rest.NewDefaultTableConvertor`: NAME and CREATED AT as RFC 3339). What the definition makes
servable is `registry/custom_resources.py`; the store reads every definition through it.
"""

from __future__ import annotations

import re

from simulator.clock import rfc3339
from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition",
                        "apiextensions.k8s.io", "v1", False, ("crd", "crds"))
DNS1035_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
DNS1035_MSG = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
               "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
               "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")
SCOPES = ("Cluster", "Namespaced")


def _accepted_names(obj: KubeObject) -> dict:
    return {k: v for k, v in _names(obj).items()
            if k in ("plural", "singular", "shortNames", "kind", "listKind", "categories")}


def _names(obj: KubeObject) -> dict:
    names = obj.spec.get("names")
    return names if isinstance(names, dict) else {}


class CustomResourceDefinitionStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        names = obj.spec.setdefault("names", {})
        if isinstance(names, dict) and names.get("kind"):
            names.setdefault("singular", str(names["kind"]).lower())
            names.setdefault("listKind", f"{names['kind']}List")
        obj.spec.setdefault("conversion", {"strategy": "None"})

    def allocate(self, obj: KubeObject, store) -> None:
        """The naming and establishing controllers' status, written as the definition is created."""
        when = rfc3339(store.clock.now())
        obj.body["status"] = {
            "acceptedNames": _accepted_names(obj),
            "conditions": [
                {"lastTransitionTime": when, "message": "no conflicts found", "reason": "NoConflicts",
                 "status": "True", "type": "NamesAccepted"},
                {"lastTransitionTime": when, "message": "the initial names have been accepted",
                 "reason": "InitialNamesAccepted", "status": "True", "type": "Established"},
            ],
            "storedVersions": [v.get("name") for v in obj.spec.get("versions") or () if v.get("storage")][:1],
        }

    def reallocate(self, old: KubeObject, new: KubeObject, store) -> None:
        new.body["status"] = {**old.body.get("status", {}), "acceptedNames": _accepted_names(new)}

    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec, names = obj.spec, _names(obj)
        errors: list[FieldError] = []
        group, plural = str(spec.get("group") or ""), str(names.get("plural") or "")
        if obj.name != f"{plural}.{group}":
            errors.append(FieldError("Invalid value", "metadata.name", obj.name,
                                     'must be spec.names.plural+"."+spec.group'))
        if not group:
            errors.append(FieldError("Required value", "spec.group"))
        elif "." not in group:
            errors.append(FieldError("Invalid value", "spec.group", group, "should be a domain with at least one dot"))
        scope = spec.get("scope")
        if not scope:
            errors.append(FieldError("Required value", "spec.scope"))
        elif scope not in SCOPES:
            errors.append(FieldError("Unsupported value", "spec.scope", scope, 'supported values: "Cluster", "Namespaced"'))
        for field in ("plural", "singular", "kind", "listKind"):
            value = names.get(field)
            if not value:
                errors.append(FieldError("Required value", f"spec.names.{field}"))
            elif field in ("plural", "singular") and not DNS1035_LABEL.fullmatch(str(value)):
                errors.append(FieldError("Invalid value", f"spec.names.{field}", value, DNS1035_MSG))
        versions = [v for v in spec.get("versions") or () if isinstance(v, dict)]
        if not versions:
            errors.append(FieldError("Invalid value", "spec.versions", spec.get("versions") or [],
                                     "must have exactly one version marked as storage version"))
        elif sum(1 for v in versions if v.get("storage")) != 1:
            errors.append(FieldError("Invalid value", "spec.versions", versions,
                                     "must have exactly one version marked as storage version"))
        for index, version in enumerate(versions):
            if not version.get("name"):
                errors.append(FieldError("Required value", f"spec.versions[{index}].name"))
            schema = (version.get("schema") or {}).get("openAPIV3Schema")
            if not isinstance(schema, dict):
                errors.append(FieldError("Required value", f"spec.versions[{index}].schema.openAPIV3Schema",
                                         None, "schemas are required"))
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        if old.spec.get("scope") != new.spec.get("scope"):
            return [FieldError("Invalid value", "spec.scope", new.spec.get("scope"), "field is immutable")]
        return []


def _created_at(obj: KubeObject, ctx) -> str:
    return rfc3339(obj.metadata.creation_timestamp)


KIND = Kind(
    resource=RESOURCE,
    strategy=CustomResourceDefinitionStrategy(),
    columns=(NAME, Column("Created At", _created_at)),
    categories=("api-extensions",),
)
