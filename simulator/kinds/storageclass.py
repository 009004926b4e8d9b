"""StorageClass (storage.k8s.io/v1, cluster-scoped): which provisioner makes a class's volumes, what
becomes of them, and when a claim of the class is bound (at once, or when its first pod is scheduled).

From Kubernetes 1.23: defaulting `pkg/apis/storage/v1/defaults.go` (reclaimPolicy Delete,
volumeBindingMode Immediate), validation `pkg/apis/storage/validation` (ValidateStorageClass,
ValidateStorageClassUpdate), the table `printers.go printStorageClass` (the name gets ` (default)`
from the is-default-class annotation) and `describe.go describeStorageClass`.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import FieldError
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, Column, RowContext
from simulator.printers.describe_writer import DescribeWriter
from simulator.printers.formats import format_labels
from simulator.registry.strategy import Strategy

RESOURCE = ResourceType("storageclasses", "storageclass", "StorageClass", "storage.k8s.io", "v1", False, ("sc",))
RECLAIM_POLICIES = ("Delete", "Retain")
BINDING_MODES = ("Immediate", "WaitForFirstConsumer")
DEFAULT_CLASS = ("storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class")
NO_PROVISIONER = "kubernetes.io/no-provisioner"


def is_default(obj: Any) -> bool:
    """`IsDefaultAnnotation`: either annotation set to "true"."""
    return any(obj.metadata.annotations.get(key) == "true" for key in DEFAULT_CLASS)


def binding_mode(obj: Any) -> str:
    return str(obj.body.get("volumeBindingMode") or "Immediate")


class StorageClassStrategy(Strategy):
    def default(self, obj: KubeObject) -> None:
        obj.body.setdefault("reclaimPolicy", "Delete")
        obj.body.setdefault("volumeBindingMode", "Immediate")

    def validate(self, obj: KubeObject) -> list[FieldError]:
        errors = []
        provisioner = obj.body.get("provisioner")
        if not provisioner:
            errors.append(FieldError("Required value", "provisioner", None, ""))
        policy = obj.body.get("reclaimPolicy")
        if policy not in RECLAIM_POLICIES:
            errors.append(FieldError("Unsupported value", "reclaimPolicy", policy,
                                     'supported values: "Delete", "Retain"'))
        mode = obj.body.get("volumeBindingMode")
        if mode not in BINDING_MODES:
            errors.append(FieldError("Unsupported value", "volumeBindingMode", mode,
                                     'supported values: "Immediate", "WaitForFirstConsumer"'))
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        errors = []
        if (old.body.get("parameters") or {}) != (new.body.get("parameters") or {}):
            errors.append(FieldError("Forbidden", "parameters", None, "updates to parameters are forbidden."))
        if old.body.get("provisioner") != new.body.get("provisioner"):
            errors.append(FieldError("Forbidden", "provisioner", None, "updates to provisioner are forbidden."))
        if old.body.get("reclaimPolicy") != new.body.get("reclaimPolicy"):
            errors.append(FieldError("Forbidden", "reclaimPolicy", None, "updates to reclaimPolicy are forbidden."))
        if old.body.get("volumeBindingMode") != new.body.get("volumeBindingMode"):
            errors.append(FieldError("Invalid value", "volumeBindingMode", new.body.get("volumeBindingMode"),
                                     "field is immutable"))
        return errors


def _name(obj: Any, ctx: RowContext) -> str:
    return obj.name + (" (default)" if is_default(obj) else "")


def _bool_pointer(value: Any) -> str:
    """`printBoolPtr`: `<unset>` for nil, Go's %t otherwise (describe prints `True`/`False`)."""
    return "<unset>" if value is None else ("True" if value else "False")


def describe_storage_class(obj: KubeObject, ctx) -> str:
    w = DescribeWriter()
    w.write(0, f"Name:\t{obj.name}\n")
    w.write(0, f"IsDefaultClass:\t{'Yes' if is_default(obj) else 'No'}\n")
    w.write(0, f"Annotations:\t{format_labels(obj.metadata.annotations)}\n")
    w.write(0, f"Provisioner:\t{obj.body.get('provisioner', '')}\n")
    w.write(0, f"Parameters:\t{format_labels(obj.body.get('parameters'))}\n")
    w.write(0, f"AllowVolumeExpansion:\t{_bool_pointer(obj.body.get('allowVolumeExpansion'))}\n")
    options = obj.body.get("mountOptions") or []
    w.write(0, f"MountOptions:\t{'<none>' if not options else ''}\n")
    for option in options:
        w.write(1, f"{option}\n")
    w.write(0, f"ReclaimPolicy:\t{obj.body.get('reclaimPolicy', '')}\n")
    w.write(0, f"VolumeBindingMode:\t{binding_mode(obj)}\n")
    w.events(ctx.events, ctx.now)
    return w.text()


KIND = Kind(
    resource=RESOURCE,
    strategy=StorageClassStrategy(),
    columns=(Column("Name", _name, is_name=True), Column("Provisioner", lambda o, c: str(o.body.get("provisioner") or "")),
             Column("ReclaimPolicy", lambda o, c: str(o.body.get("reclaimPolicy") or "Delete")),
             Column("VolumeBindingMode", lambda o, c: binding_mode(o)),
             Column("AllowVolumeExpansion", lambda o, c: "true" if o.body.get("allowVolumeExpansion") else "false"),
             AGE),
    describe=describe_storage_class,
)
