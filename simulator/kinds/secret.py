"""Secret (core/v1): keys to base64 bytes, a type that fixes which keys must be there.

From Kubernetes 1.23: defaulting `SetDefaults_Secret` (type Opaque), validation
`ValidateSecret`/`ValidateSecretUpdate` (config keys, the keys a typed Secret requires, type
and immutable data fixed), `printers.go printSecret` (NAME TYPE DATA AGE, DATA counts
`data` only) and `describe.go describeSecret` (sizes, never values, except a service
account token).
"""

from __future__ import annotations

import base64
from typing import Any

from simulator.errors import FieldError
from simulator.kinds.configmap import validate_config_key
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.describe_writer import DescribeWriter
from simulator.printers.columns import AGE, NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("secrets", "secret", "Secret", "", "v1", True)
REQUIRED_KEYS = {  # ValidateSecret: the keys a typed Secret must hold
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/basic-auth": (),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
}
TOKEN_KEY = "token"


class SecretStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        """`stringData` is write-only: the API server merges it into `data` (it wins) and drops it."""
        if not obj.body.get("type"):
            obj.body["type"] = "Opaque"
        plain = obj.body.pop("stringData", None) or {}
        if plain:
            data = dict(obj.body.get("data") or {})
            data.update({key: base64.b64encode(str(value).encode()).decode() for key, value in plain.items()})
            obj.body["data"] = data

    def validate(self, obj: KubeObject) -> list[FieldError]:
        data = obj.body.get("data") or {}
        errors: list[FieldError] = []
        for key in data:
            errors += validate_config_key(key, f"data[{key}]")
        for key in REQUIRED_KEYS.get(str(obj.body.get("type") or ""), ()):
            if key not in data:
                errors.append(FieldError("Required value", f"data[{key}]"))
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        errors = []
        if (new.body.get("type") or "Opaque") != (old.body.get("type") or "Opaque"):
            errors.append(FieldError("Invalid value", "type", new.body.get("type"), "field is immutable"))
        if old.body.get("immutable"):
            if not new.body.get("immutable"):
                errors.append(FieldError("Forbidden", "immutable", None, "field is immutable when `immutable` is set"))
            if (old.body.get("data") or {}) != (new.body.get("data") or {}):
                errors.append(FieldError("Forbidden", "data", None, "field is immutable when `immutable` is set"))
        return errors


def decoded(value: Any) -> bytes:
    try:
        return base64.b64decode(str(value or ""))
    except ValueError:
        return b""


def describe_secret(obj: KubeObject, ctx) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.labels("Labels", obj.labels)
    w.annotations("Annotations", obj.metadata.annotations)
    secret_type = str(obj.body.get("type") or "")
    w.write(0, f"\nType:\t{secret_type}\n")
    w.write(0, "\nData\n====\n")
    for key, value in sorted((obj.body.get("data") or {}).items()):
        if key == TOKEN_KEY and secret_type == "kubernetes.io/service-account-token":
            w.write(0, f"{key}:\t{decoded(value).decode(errors='replace')}\n")
        else:
            w.write(0, f"{key}:\t{len(decoded(value))} bytes\n")
    return w.text()


KIND = Kind(
    resource=RESOURCE,
    strategy=SecretStrategy(),
    columns=(NAME, Column("Type", lambda s, ctx: str(s.body.get("type") or "")),
             Column("Data", lambda s, ctx: str(len(s.body.get("data") or {}))), AGE),
    describe=describe_secret,
    field_labels=frozenset({"metadata.name", "metadata.namespace", "type"}),
    selectable_fields=lambda body: {"type": str(body.get("type") or "")},
)
