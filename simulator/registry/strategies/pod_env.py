"""What the API server checks in a pod's downward API references (pkg/apis/core/validation, v1.23):
an env `fieldRef` or a downwardAPI volume item names a field the kubelet can give, and a
`resourceFieldRef` names a resource it knows.

`validateObjectFieldSelector`: the path is first converted (pkg/apis/core/pods
ConvertDownwardAPIFieldLabel: `field label not supported: PATH` for the rest), a subscript is
allowed on labels and annotations only (`does not support subscript`), and an unsubscripted path
must be one of the expressions of where it is used. Not checked yet: the subscript's own
qualified-name rules and the number of sources in one `valueFrom`.
"""

from __future__ import annotations

import re

from simulator.errors import FieldError

CONVERTIBLE = frozenset(("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
                         "metadata.uid", "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName",
                         "spec.schedulerName", "status.phase", "status.hostIP", "status.podIP", "status.podIPs"))
ENV_FIELDS = ("metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
              "status.hostIP", "status.podIP", "status.podIPs")  # validEnvDownwardAPIFieldPathExpressions
VOLUME_FIELDS = ("metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
                 "metadata.uid")  # validVolumeDownwardAPIFieldPathExpressions
RESOURCES = ("limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu",
             "requests.ephemeral-storage", "requests.memory")  # validContainerResourceFieldPathExpressions
SUBSCRIPTED = re.compile(r"^(.+)\['(.*)'\]$")  # fieldpath.SplitMaybeSubscriptedPath


def validate_container_env(container: dict, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for index, variable in enumerate(container.get("env") or []):
        source = variable.get("valueFrom") if isinstance(variable, dict) else None
        if not isinstance(source, dict):
            continue
        vpath = f"{path}.env[{index}].valueFrom"
        if isinstance(source.get("fieldRef"), dict):
            errors += field_selector_errors(source["fieldRef"], ENV_FIELDS, f"{vpath}.fieldRef")
        if isinstance(source.get("resourceFieldRef"), dict):
            errors += resource_selector_errors(source["resourceFieldRef"], f"{vpath}.resourceFieldRef")
    return errors


def validate_downward_volumes(spec: dict, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for index, volume in enumerate(spec.get("volumes") or []):
        source = volume.get("downwardAPI") if isinstance(volume, dict) else None
        if not isinstance(source, dict):
            continue
        for item_index, item in enumerate(source.get("items") or []):
            ipath = f"{path}.volumes[{index}].downwardAPI.items[{item_index}]"
            if isinstance(item, dict) and isinstance(item.get("fieldRef"), dict):
                errors += field_selector_errors(item["fieldRef"], VOLUME_FIELDS, f"{ipath}.fieldRef")
            if isinstance(item, dict) and isinstance(item.get("resourceFieldRef"), dict):
                errors += resource_selector_errors(item["resourceFieldRef"], f"{ipath}.resourceFieldRef")
    return errors


def field_selector_errors(selector: dict, expressions: tuple[str, ...], path: str) -> list[FieldError]:
    field_path = str(selector.get("fieldPath") or "")
    if not field_path:
        return [FieldError("Required value", f"{path}.fieldPath")]
    subscripted = SUBSCRIPTED.match(field_path)
    base = subscripted.group(1) if subscripted else field_path
    if base not in CONVERTIBLE:
        return [FieldError("Invalid value", f"{path}.fieldPath", field_path,
                           f"error converting fieldPath: field label not supported: {field_path}")]
    if subscripted:
        if base in ("metadata.labels", "metadata.annotations"):
            return []
        return [FieldError("Invalid value", path, base, "does not support subscript")]
    if base not in expressions:
        return [FieldError("Unsupported value", f"{path}.fieldPath", base,
                           "supported values: " + ", ".join(f'"{e}"' for e in expressions))]
    return []


def resource_selector_errors(selector: dict, path: str) -> list[FieldError]:
    resource = str(selector.get("resource") or "")
    if not resource:
        return [FieldError("Required value", f"{path}.resource")]
    if resource not in RESOURCES and not resource.startswith(("limits.hugepages-", "requests.hugepages-")):
        return [FieldError("Unsupported value", f"{path}.resource", resource,
                           "supported values: " + ", ".join(f'"{r}"' for r in RESOURCES))]
    return []
