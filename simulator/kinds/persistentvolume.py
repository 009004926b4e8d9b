"""PersistentVolume and PersistentVolumeClaim (core/v1), bound together by controllers/persistentvolume.py.

From Kubernetes 1.23: defaulting `pkg/apis/core/v1/defaults.go` (SetDefaults_PersistentVolume:
reclaim policy Retain, volumeMode Filesystem; SetDefaults_PersistentVolumeClaim: volumeMode
Filesystem) and the registries' PrepareForCreate (status.phase Pending); validation
`pkg/apis/core/validation` (ValidatePersistentVolume, ValidatePersistentVolumeClaimSpec and their
updates); the tables `printers.go printPersistentVolume` / `printPersistentVolumeClaim` and the
describers `describe.go describePersistentVolume` / `describePersistentVolumeClaim`.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import FieldError
from simulator.kinds.go_diff import internal_claim_spec, internal_json, string_diff
from simulator.kinds.kind import Kind, ResourceType
from simulator.objects import KubeObject
from simulator.printers.columns import AGE, NAME, Column, RowContext
from simulator.printers.describe_containers import describe_host_path_source, describe_nfs_source
from simulator.printers.describe_writer import DescribeWriter
from simulator.printers.duration import age
from simulator.printers.quantity import parse_quantity
from simulator.registry.names import DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MSG
from simulator.registry.strategy import Strategy

PV = ResourceType("persistentvolumes", "persistentvolume", "PersistentVolume", "", "v1", False, ("pv",))
PVC = ResourceType("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", "", "v1", True,
                   ("pvc",))
ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany")  # ReadWriteOncePod is behind an alpha gate in 1.23
SHORT_MODES = {"ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"}
RECLAIM_POLICIES = ("Delete", "Recycle", "Retain")
VOLUME_MODES = ("Block", "Filesystem")
# the PersistentVolumeSource members validation counts (`must specify a volume type`), in its order
VOLUME_TYPES = ("hostPath", "gcePersistentDisk", "awsElasticBlockStore", "glusterfs", "flocker", "nfs", "rbd",
                "quobyte", "cephfs", "iscsi", "cinder", "fc", "flexVolume", "azureFile", "vsphereVolume",
                "photonPersistentDisk", "portworxVolume", "azureDisk", "scaleIO", "local", "storageos", "csi")
# the StorageObjectInUseProtection admission plugin (on by default) adds these; the store keeps no finalizers
PV_FINALIZER, PVC_FINALIZER = "kubernetes.io/pv-protection", "kubernetes.io/pvc-protection"


def supported(values: tuple[str, ...]) -> str:
    return "supported values: " + ", ".join(f'"{v}"' for v in sorted(values))


def access_modes_string(modes: list[str] | None) -> str:
    """`GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, each once, joined by commas."""
    present = set(modes or [])
    return ",".join(short for mode, short in SHORT_MODES.items() if mode in present)


def storage_of(resources: dict | None) -> str:
    """A `storage` quantity as `Quantity.String()` prints it, empty when unset."""
    value = (resources or {}).get("storage")
    if value in (None, ""):
        return ""
    try:
        return str(parse_quantity(value))
    except ValueError:
        return str(value)


def storage_bytes(resources: dict | None) -> int:
    try:
        return parse_quantity((resources or {}).get("storage")).whole()
    except ValueError:
        return 0


def claim_class(claim: Any) -> str:
    """`GetPersistentVolumeClaimClass`: spec.storageClassName, else the beta annotation, else ""."""
    spec = claim.body.get("spec") or {}
    if spec.get("storageClassName") is not None:
        return str(spec["storageClassName"])
    return claim.metadata.annotations.get("volume.beta.kubernetes.io/storage-class", "")


def volume_class(volume: Any) -> str:
    spec = volume.body.get("spec") or {}
    return str(spec.get("storageClassName") or volume.metadata.annotations.get(
        "volume.beta.kubernetes.io/storage-class", ""))


def volume_source(spec: dict) -> dict:
    return {key: spec[key] for key in VOLUME_TYPES if spec.get(key) is not None}


def _quantity_errors(value: Any, path: str) -> list[FieldError]:
    try:
        quantity = parse_quantity(value)
    except ValueError:
        return [FieldError("Invalid value", path, value,
                           "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    if quantity.value <= 0:
        return [FieldError("Invalid value", path, value, "must be greater than zero")]
    return []


def _class_name_errors(name: Any, path: str) -> list[FieldError]:
    if not name:
        return []
    if not DNS1123_SUBDOMAIN.match(str(name)) or len(str(name)) > 253:
        return [FieldError("Invalid value", path, name, DNS1123_SUBDOMAIN_MSG)]
    return []


def _mode_errors(modes: list, path: str, required: str) -> list[FieldError]:
    errors = []
    if not modes:
        errors.append(FieldError("Required value", path, None, required))
    for mode in modes or []:
        if mode not in ACCESS_MODES:
            errors.append(FieldError("Unsupported value", path, mode, supported(ACCESS_MODES)))
    return errors


def _volume_mode_errors(spec: dict, path: str) -> list[FieldError]:
    mode = spec.get("volumeMode")
    if mode is not None and mode not in VOLUME_MODES:
        return [FieldError("Unsupported value", path, mode, supported(VOLUME_MODES))]
    return []


class PersistentVolumeStrategy(Strategy):
    def in_use(self, obj: KubeObject, store) -> bool:
        """pv-protection: a Bound volume is held until its claim lets it go."""
        return (obj.body.get("status") or {}).get("phase") == "Bound"

    def default(self, obj: KubeObject) -> None:
        spec = obj.body.setdefault("spec", {})
        spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
        spec.setdefault("volumeMode", "Filesystem")
        host_path = spec.get("hostPath")
        if isinstance(host_path, dict):
            host_path.setdefault("type", "")
        obj.body.setdefault("status", {}).setdefault("phase", "Pending")

    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec = obj.body.get("spec") or {}
        errors = _mode_errors(spec.get("accessModes"), "spec.accessModes", "")
        capacity = spec.get("capacity") or {}
        if not capacity:
            errors.append(FieldError("Required value", "spec.capacity", None, ""))
        if "storage" not in capacity or len(capacity) > 1:
            errors.append(FieldError("Unsupported value", "spec.capacity", None, 'supported values: "storage"'))
        for name, value in sorted(capacity.items()):
            errors += _quantity_errors(value, f"spec.capacity[{name}]")
        policy = spec.get("persistentVolumeReclaimPolicy")
        if policy and policy not in RECLAIM_POLICIES:
            errors.append(FieldError("Unsupported value", "spec.persistentVolumeReclaimPolicy", policy,
                                     supported(RECLAIM_POLICIES)))
        sources = [key for key in VOLUME_TYPES if spec.get(key) is not None]
        for extra in sources[1:]:
            errors.append(FieldError("Forbidden", f"spec.{extra}", None, "may not specify more than 1 volume type"))
        if not sources:
            errors.append(FieldError("Required value", "spec", None, "must specify a volume type"))
        errors += self._source_errors(spec)
        errors += _class_name_errors(spec.get("storageClassName"), "spec.storageClassName")
        return errors + _volume_mode_errors(spec, "spec.volumeMode")

    @staticmethod
    def _source_errors(spec: dict) -> list[FieldError]:
        errors = []
        if spec.get("local") is not None:
            if not str((spec["local"] or {}).get("path") or ""):
                errors.append(FieldError("Required value", "spec.local.path", None, ""))
            if not ((spec.get("nodeAffinity") or {}).get("required") or {}).get("nodeSelectorTerms"):
                errors.append(FieldError("Required value", "metadata.annotations", None,
                                         "Local volume requires node affinity"))
        if spec.get("nfs") is not None:
            nfs = spec["nfs"] or {}
            if not nfs.get("server"):
                errors.append(FieldError("Required value", "spec.nfs.server", None, ""))
            if not nfs.get("path"):
                errors.append(FieldError("Required value", "spec.nfs.path", None, ""))
            elif not str(nfs["path"]).startswith("/"):
                errors.append(FieldError("Invalid value", "spec.nfs.path", nfs["path"], "must be an absolute path"))
        if spec.get("hostPath") is not None and not (spec["hostPath"] or {}).get("path"):
            errors.append(FieldError("Required value", "spec.hostPath.path", None, ""))
        return errors

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        """ValidatePersistentVolumeUpdate: the volume source, its mode and its node affinity stay."""
        before, after = old.body.get("spec") or {}, new.body.get("spec") or {}
        errors = []
        if volume_source(before) != volume_source(after):
            errors.append(FieldError("Forbidden", "spec.persistentvolumesource", None,
                                     "spec.persistentvolumesource is immutable after creation"))
        if before.get("volumeMode") != after.get("volumeMode"):
            errors.append(FieldError("Invalid value", "volumeMode", after.get("volumeMode"), "field is immutable"))
        if before.get("nodeAffinity") is not None and before.get("nodeAffinity") != after.get("nodeAffinity"):
            errors.append(FieldError("Invalid value", "nodeAffinity", "", "field is immutable"))
        return errors


def claim_in_use(claim: KubeObject, store) -> bool:
    """pvc-protection's `isBeingUsed`: a pod of the namespace that has not finished names the claim."""
    for pod in store.list(store.types.by_name("pods"), claim.namespace):
        if pod.status.get("phase") in ("Succeeded", "Failed"):
            continue
        if any((v.get("persistentVolumeClaim") or {}).get("claimName") == claim.name for v in pod.spec.get("volumes") or []):
            return True
    return False


class PersistentVolumeClaimStrategy(Strategy):
    def in_use(self, obj: KubeObject, store) -> bool:
        return claim_in_use(obj, store)

    def default(self, obj: KubeObject) -> None:
        obj.body.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
        obj.body.setdefault("status", {}).setdefault("phase", "Pending")

    def validate(self, obj: KubeObject) -> list[FieldError]:
        spec = obj.body.get("spec") or {}
        errors = _mode_errors(spec.get("accessModes"), "spec.accessModes", "at least 1 access mode is required")
        requests = (spec.get("resources") or {}).get("requests") or {}
        if "storage" not in requests:
            errors.append(FieldError("Required value", "spec.resources[storage]", None, ""))
        else:
            errors += _quantity_errors(requests["storage"], "spec.resources[storage]")
        errors += _class_name_errors(spec.get("storageClassName"), "spec.storageClassName")
        return errors + _volume_mode_errors(spec, "spec.volumeMode")

    def validate_immutable(self, old: KubeObject, new: KubeObject) -> list[FieldError]:
        """ValidatePersistentVolumeClaimUpdate: only a bound claim's storage request may change (and only
        grow); volumeName may be set once. The real message ends with `diff.ObjectDiff` of the internal
        specs (Go field names, JSON), reproduced by `_spec_diff`."""
        before, after = dict(old.body.get("spec") or {}), dict(new.body.get("spec") or {})
        if not before.get("volumeName"):
            before["volumeName"] = after.get("volumeName")
        comparable_after = dict(after)
        if (new.body.get("status") or {}).get("phase") == "Bound":
            resources = dict(after.get("resources") or {})
            resources["requests"] = {**(resources.get("requests") or {}),
                                     "storage": ((before.get("resources") or {}).get("requests") or {}).get("storage")}
            comparable_after["resources"] = resources
        errors = []
        if internal_claim_spec(comparable_after) != internal_claim_spec(before):
            diff = string_diff(internal_json(comparable_after), internal_json(before))
            errors.append(FieldError("Forbidden", "spec", None,
                                     f"spec is immutable after creation except resources.requests for bound claims\n{diff}"))
        old_size = storage_bytes((before.get("resources") or {}).get("requests"))
        if storage_bytes((after.get("resources") or {}).get("requests")) < old_size:
            errors.append(FieldError("Forbidden", "spec.resources.requests.storage", None,
                                     "field can not be less than previous value"))
        return errors


# tables ------------------------------------------------------------------------------------------------
def _spec(obj: Any) -> dict:
    return obj.body.get("spec") or {}


def _status(obj: Any) -> dict:
    return obj.body.get("status") or {}


def _phase(obj: Any, ctx: RowContext) -> str:
    return "Terminating" if obj.metadata.deletion_timestamp is not None else str(_status(obj).get("phase") or "")


def _claim_ref(volume: Any, ctx: RowContext) -> str:
    ref = _spec(volume).get("claimRef")
    return f"{ref.get('namespace', '')}/{ref.get('name', '')}" if ref else ""


def _bound(claim: Any) -> bool:
    return bool(_spec(claim).get("volumeName"))


PV_COLUMNS = (
    NAME,
    Column("Capacity", lambda v, c: storage_of(_spec(v).get("capacity"))),
    Column("Access Modes", lambda v, c: access_modes_string(_spec(v).get("accessModes"))),
    Column("Reclaim Policy", lambda v, c: str(_spec(v).get("persistentVolumeReclaimPolicy") or "")),
    Column("Status", _phase),
    Column("Claim", _claim_ref),
    Column("StorageClass", lambda v, c: volume_class(v)),
    Column("Reason", lambda v, c: str(_status(v).get("reason") or "")),
    AGE,
    Column("VolumeMode", lambda v, c: str(_spec(v).get("volumeMode") or "<unset>"), priority=1),
)
PVC_COLUMNS = (
    NAME,
    Column("Status", _phase),
    Column("Volume", lambda p, c: str(_spec(p).get("volumeName") or "")),
    Column("Capacity", lambda p, c: storage_of(_status(p).get("capacity")) if _bound(p) else ""),
    Column("Access Modes", lambda p, c: access_modes_string(_status(p).get("accessModes")) if _bound(p) else ""),
    Column("StorageClass", lambda p, c: claim_class(p)),
    AGE,
    Column("VolumeMode", lambda p, c: str(_spec(p).get("volumeMode") or "<unset>"), priority=1),
)


# describers --------------------------------------------------------------------------------------------
def _status_line(w: DescribeWriter, obj: Any, ctx) -> None:
    if obj.metadata.deletion_timestamp is not None:
        w.write(0, f"Status:\tTerminating (lasts {age(ctx.now, obj.metadata.deletion_timestamp)})\n")
    else:
        w.write(0, f"Status:\t{_status(obj).get('phase', '')}\n")


def node_affinity_lines(w: DescribeWriter, affinity: dict | None) -> None:
    """`printVolumeNodeAffinity` and `printNodeSelectorTermsMultilineWithIndent`."""
    w.write(0, "Node Affinity:\t")
    required = (affinity or {}).get("required")
    if not required:
        w.write(0, "<none>\n")
        return
    w.write(0, "\n")
    w.write(1, "Required Terms:\t")
    terms = required.get("nodeSelectorTerms") or []
    if not terms:
        w.write(0, "<none>\n")
        return
    w.write(0, "\n")
    for index, term in enumerate(terms):
        w.write(2, f"Term {index}:\t")
        expressions = term.get("matchExpressions") or []
        if not expressions:
            w.write(0, "<none>\n")
        for number, expression in enumerate(expressions):
            if number:
                w.write(2, "\t")
            text = f"{expression.get('key')} {str(expression.get('operator', '')).lower()}"
            if expression.get("values"):
                text += " [" + ", ".join(str(v) for v in expression["values"]) + "]"
            w.write(0, text + "\n")


def _source_lines(w: DescribeWriter, spec: dict) -> None:
    if spec.get("hostPath") is not None:
        describe_host_path_source(w, spec["hostPath"])
    elif spec.get("nfs") is not None:
        describe_nfs_source(w, spec["nfs"])
    elif spec.get("local") is not None:
        w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n"
                   f"    Path:\t{spec['local'].get('path')}\n")


def describe_persistent_volume(volume: KubeObject, ctx) -> str:
    spec = _spec(volume)
    w = DescribeWriter()
    w.write(0, f"Name:\t{volume.name}\n")
    w.labels("Labels", volume.labels)
    w.annotations("Annotations", volume.metadata.annotations)
    w.write(0, f"Finalizers:\t[{PV_FINALIZER}]\n")
    w.write(0, f"StorageClass:\t{volume_class(volume)}\n")
    _status_line(w, volume, ctx)
    w.write(0, f"Claim:\t{_claim_ref(volume, None)}\n")
    w.write(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
    w.write(0, f"Access Modes:\t{access_modes_string(spec.get('accessModes'))}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.write(0, f"Capacity:\t{storage_of(spec.get('capacity'))}\n")
    node_affinity_lines(w, spec.get("nodeAffinity"))
    w.write(0, f"Message:\t{_status(volume).get('message', '')}\n")
    w.write(0, "Source:\n")
    _source_lines(w, spec)
    w.events(ctx.events, ctx.now)
    return w.text()


def describe_persistent_volume_claim(claim: KubeObject, ctx) -> str:
    spec = _spec(claim)
    w = DescribeWriter()
    w.write(0, f"Name:\t{claim.name}\n")
    w.write(0, f"Namespace:\t{claim.namespace}\n")
    w.write(0, f"StorageClass:\t{claim_class(claim)}\n")
    _status_line(w, claim, ctx)
    w.write(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    w.labels("Labels", claim.labels)
    w.annotations("Annotations", claim.metadata.annotations)
    w.write(0, f"Finalizers:\t[{PVC_FINALIZER}]\n")
    bound = _bound(claim)
    w.write(0, f"Capacity:\t{storage_of(_status(claim).get('capacity')) if bound else ''}\n")
    w.write(0, f"Access Modes:\t{access_modes_string(_status(claim).get('accessModes')) if bound else ''}\n")
    if spec.get("volumeMode"):
        w.write(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    users = sorted(pod.name for pod in ctx.pods)  # printPodsMultiline: the pods mounting it, by name
    w.write(0, "Used By:\t")
    if not users:
        w.write(0, "<none>\n")
    for index, name in enumerate(users):
        w.write(0, ("\t" if index else "") + f"{name}\n")
    w.events(ctx.events, ctx.now)
    return w.text()


PV_KIND = Kind(resource=PV, strategy=PersistentVolumeStrategy(), columns=PV_COLUMNS,
               describe=describe_persistent_volume)
PVC_KIND = Kind(resource=PVC, strategy=PersistentVolumeClaimStrategy(), columns=PVC_COLUMNS,
                describe=describe_persistent_volume_claim)
