"""ConfigMap (core/v1): keys to text (`data`) or bytes (`binaryData`), optionally immutable.

The worked example of ARCHITECTURE.md's "How to add a kind". From Kubernetes 1.23:
validation `pkg/apis/core/validation.ValidateConfigMap` and `ValidateConfigMapUpdate`,
the table `printers.go printConfigMap` (DATA counts both maps), the describer
`describe.go describeConfigMap` (which ranges over Go maps in random order; keys are
sorted here so that output is stable).
"""

from __future__ import annotations

import base64
import re
from typing import Any

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.describe_writer import DescribeWriter
from simulator.printers.columns import AGE, NAME, Column
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("configmaps", "configmap", "ConfigMap", "", "v1", True, ("cm",))
CONFIG_KEY = re.compile(r"[-._a-zA-Z0-9]+")
CONFIG_KEY_MSG = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  "
                  "or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")


def validate_config_key(key: str, path: str) -> list[FieldError]:
    """`validation.IsConfigMapKey`, shared with Secrets."""
    errors = []
    if len(key) > 253:
        errors.append(FieldError("Invalid value", path, key, "must be no more than 253 characters"))
    if not CONFIG_KEY.fullmatch(key):
        errors.append(FieldError("Invalid value", path, key, CONFIG_KEY_MSG))
    if key in (".", ".."):
        errors.append(FieldError("Invalid value", path, key, f"must not be '{key}'"))
    elif key.startswith(".."):
        errors.append(FieldError("Invalid value", path, key, "must not start with '..'"))
    return errors


class ConfigMapStrategy(Strategy):
    def validate(self, obj: KubeObject) -> list[FieldError]:
        data = obj.body.get("data") or {}
        binary = obj.body.get("binaryData") or {}
        errors: list[FieldError] = []
        for key, value in data.items():
            errors += validate_config_key(key, f"data[{key}]")
            if key in binary:
                errors.append(FieldError("Invalid value", f"data[{key}]", key,
                                         "duplicate of key present in binaryData"))
        for key, value in binary.items():
            errors += validate_config_key(key, f"binaryData[{key}]")
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        if not old.body.get("immutable"):
            return []
        errors = []
        if not new.body.get("immutable"):
            errors.append(FieldError("Forbidden", "immutable", None, "field is immutable when `immutable` is set"))
        if (old.body.get("data") or {}) != (new.body.get("data") or {}):
            errors.append(FieldError("Forbidden", "data", None, "field is immutable when `immutable` is set"))
        if (old.body.get("binaryData") or {}) != (new.body.get("binaryData") or {}):
            errors.append(FieldError("Forbidden", "binaryData", None, "field is immutable when `immutable` is set"))
        return errors


def _bytes(value: Any) -> bytes:
    try:
        return base64.b64decode(str(value or ""), validate=False)
    except ValueError:
        return b""


def _data_count(obj: Any, ctx) -> str:
    return str(len(obj.body.get("data") or {}) + len(obj.body.get("binaryData") or {}))


def describe_config_map(obj: KubeObject, ctx) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"Namespace:\t{obj.namespace}\n")
    w.labels("Labels", obj.labels)
    w.annotations("Annotations", obj.metadata.annotations)
    w.write(0, "\nData\n====\n")
    for key, value in sorted((obj.body.get("data") or {}).items()):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{value}\n")
    w.write(0, "\nBinaryData\n====\n")
    for key, value in sorted((obj.body.get("binaryData") or {}).items()):
        w.write(0, f"{key}: {len(_bytes(value))} bytes\n")
    w.write(0, "\n")
    w.events(ctx.events, ctx.now)
    return w.text()


KIND = Kind(
    resource=RESOURCE,
    strategy=ConfigMapStrategy(),
    columns=(NAME, Column("Data", _data_count), AGE),
    describe=describe_config_map,
)
