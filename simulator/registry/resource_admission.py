"""The LimitRanger and ResourceQuota admission plugins of v1.23, on create.

LimitRanger (plugin/pkg/admission/limitranger/admission.go): a pod's containers get the
namespace's `default` limits and `defaultRequest` requests where they set none (after the
pod's own defaulting has copied limits into requests), then every item's min, max and
maxLimitRequestRatio is checked per Container and per Pod; the errors are aggregated
(`[a, b]` when more than one) into `pods "x" is forbidden: ...`.

ResourceQuota (staging/.../apiserver/pkg/admission/plugin/resourcequota/controller.go with
pkg/quota/v1/evaluator/core/pods.go): every quota of the namespace whose scopes match the
object is charged; a pod that does not name a quotaed cpu/memory request or limit is refused
with `failed quota: <name>: must specify ...`, one that would pass a hard limit with
`exceeded quota: <name>, requested: ..., used: ..., limited: ...`. Usage is counted from
the stored objects (what the quota controller writes to status.used).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from simulator.errors import forbidden
from simulator.objects import KubeObject
from simulator.printers.quantity import Quantity, canonical, parse_quantity
from simulator.resources import qos_class
from simulator.registry import psp_admission, serviceaccount_admission, toleration_admission, webhook_admission
from simulator.registry.kinds import ResourceType, by_kind, by_name

APIStore = Any  # the registry's store, which calls in here (importing it would make a circle)

TERMINAL_PHASES = ("Succeeded", "Failed")
LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger"
# the names whose quota requires each container to state them (pods.go `validationSet`)
VALIDATED = ("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory")
OBJECT_COUNTS = {"services": "services", "configmaps": "configmaps", "secrets": "secrets",
                 "persistentvolumeclaims": "persistentvolumeclaims",
                 "replicationcontrollers": "replicationcontrollers", "resourcequotas": "resourcequotas"}


def admit_create(store: APIStore, rt: ResourceType, obj: KubeObject) -> None:
    """LimitRanger, ServiceAccount, PodSecurityPolicy, then DefaultTolerationSeconds, in 1.23's plugin
    order (AllOrderedPlugins, pkg/kubeapiserver/options/plugins.go). ResourceQuota comes last of all,
    after the validating webhooks: the store calls `admit_quota` once those have passed."""
    if rt.namespaced and rt.kind == "Pod":
        apply_limit_ranges(store, obj)
        serviceaccount_admission.admit_pod(store, obj)
        if psp_admission.PLUGIN in store.admission_plugins:
            psp_admission.admit_pod(store, obj)
        toleration_admission.admit_pod(obj)


def admit_update(rt: ResourceType, obj: KubeObject) -> None:
    """The mutating plugins that also handle a pod's update: DefaultTolerationSeconds, before validation."""
    if rt.kind == "Pod" and not rt.group:
        toleration_admission.admit_pod(obj)


def validate_update(store: APIStore, rt: ResourceType, old: KubeObject, obj: KubeObject) -> None:
    """The validating plugins on an update, in 1.23's order: PodSecurityPolicy, then the webhooks."""
    if rt.namespaced and rt.kind == "Pod" and psp_admission.PLUGIN in store.admission_plugins:
        psp_admission.validate_update(store, old, obj)
    webhook_admission.admit_update(store, rt, old, obj)


def admit_quota(store: APIStore, rt: ResourceType, obj: KubeObject) -> None:
    """ResourceQuota, the last plugin before AlwaysDeny: an object a webhook refuses is never charged."""
    if rt.namespaced:
        charge_quotas(store, rt, obj)


# LimitRanger ---------------------------------------------------------------------------------------


def _limit_ranges(store: APIStore, namespace: str) -> list[KubeObject]:
    return store.list(by_kind("LimitRange"), namespace)


def _q(value: Any) -> Quantity:
    try:
        return parse_quantity(value)
    except (ValueError, TypeError):
        return parse_quantity(0)


def apply_limit_ranges(store: APIStore, pod: KubeObject) -> None:
    ranges = _limit_ranges(store, pod.namespace)
    if not ranges:
        return
    notes: list[str] = []
    for limit_range in ranges:
        for item in (limit_range.spec or {}).get("limits") or []:
            if isinstance(item, dict) and item.get("type") == "Container":
                notes += _merge_defaults(pod.spec, item.get("default") or {}, item.get("defaultRequest") or {})
    if notes:  # `mergePodResourceRequirements`: what it set, on the pod (describe shows it)
        pod.metadata.annotations = {**(pod.metadata.annotations or {}),
                                    LIMIT_RANGER_ANNOTATION: "LimitRanger plugin set: " + "; ".join(notes)}
    pod.status["qosClass"] = qos_class(pod.spec)  # PrepareForCreate runs after mutating admission
    errors: list[str] = []
    for limit_range in ranges:
        for item in (limit_range.spec or {}).get("limits") or []:
            if isinstance(item, dict):
                errors += _validate_item(pod.spec, item)
    if errors:
        reason = errors[0] if len(errors) == 1 else f"[{', '.join(errors)}]"
        raise forbidden("pods", pod.name, reason)


def _merge_defaults(spec: dict, limits: dict, requests: dict) -> list[str]:
    """`mergeContainerResources`: only names the container leaves unset; what it set, as the
    annotation words it (`cpu, memory request for container main`), containers before init containers."""
    notes = []
    for key, kind in (("containers", "container"), ("initContainers", "init container")):
        for container in spec.get(key) or []:
            if not isinstance(container, dict):
                continue
            resources = container.setdefault("resources", {})
            set_names: dict[str, list[str]] = {"requests": [], "limits": []}
            for field, defaults in (("limits", limits), ("requests", requests)):
                if defaults:
                    current = resources.setdefault(field, {})
                    for name, value in defaults.items():
                        if name not in current:
                            current[name] = value
                            set_names[field].append(name)
            for field, word in (("requests", "request"), ("limits", "limit")):
                if set_names[field]:
                    notes.append(f"{', '.join(sorted(set_names[field]))} {word} for {kind} {container.get('name', '')}")
    return notes


def _resources(container: Any, field: str) -> dict:
    resources = container.get("resources") if isinstance(container, dict) else None
    values = resources.get(field) if isinstance(resources, dict) else None
    return values if isinstance(values, dict) else {}


def _pod_totals(spec: dict, field: str) -> dict[str, str]:
    """`podRequests`/`podLimits`: the containers' sum, or an init container's larger value."""
    totals: dict[str, Fraction] = {}
    for container in spec.get("containers") or []:
        for name, value in _resources(container, field).items():
            totals[name] = totals.get(name, Fraction(0)) + _q(value).value
    for container in spec.get("initContainers") or []:
        for name, value in _resources(container, field).items():
            totals[name] = max(totals.get(name, Fraction(0)), _q(value).value)
    return {name: canonical(Quantity(value, name == "memory" or name.endswith("storage"))) for name, value in totals.items()}


def _validate_item(spec: dict, item: dict) -> list[str]:
    kind = item.get("type")
    if kind == "Container":
        subjects = [(_resources(c, "requests"), _resources(c, "limits"))
                    for key in ("containers", "initContainers") for c in spec.get(key) or []]
    elif kind == "Pod":
        subjects = [(_pod_totals(spec, "requests"), _pod_totals(spec, "limits"))]
    else:
        return []
    errors = []
    for requests, limits in subjects:
        for name, enforced in sorted((item.get("min") or {}).items()):
            errors += _min(kind, name, enforced, requests, limits)
        for name, enforced in sorted((item.get("max") or {}).items()):
            errors += _max(kind, name, enforced, requests, limits)
        for name, enforced in sorted((item.get("maxLimitRequestRatio") or {}).items()):
            errors += _ratio(kind, name, enforced, requests, limits)
    return errors


def _min(kind: str, name: str, enforced: Any, requests: dict, limits: dict) -> list[str]:
    shown = canonical(_q(enforced))
    if name not in requests:
        return [f"minimum {name} usage per {kind} is {shown}.  No request is specified"]
    if _q(requests[name]).value < _q(enforced).value:
        return [f"minimum {name} usage per {kind} is {shown}, but request is {canonical(_q(requests[name]))}"]
    if name in limits and _q(limits[name]).value < _q(enforced).value:
        return [f"minimum {name} usage per {kind} is {shown}, but limit is {canonical(_q(limits[name]))}"]
    return []


def _max(kind: str, name: str, enforced: Any, requests: dict, limits: dict) -> list[str]:
    shown = canonical(_q(enforced))
    if name not in limits:
        return [f"maximum {name} usage per {kind} is {shown}.  No limit is specified"]
    if _q(limits[name]).value > _q(enforced).value:
        return [f"maximum {name} usage per {kind} is {shown}, but limit is {canonical(_q(limits[name]))}"]
    if name in requests and _q(requests[name]).value > _q(enforced).value:
        return [f"maximum {name} usage per {kind} is {shown}, but request is {canonical(_q(requests[name]))}"]
    return []


def _ratio(kind: str, name: str, enforced: Any, requests: dict, limits: dict) -> list[str]:
    shown = canonical(_q(enforced))
    request, limit = _q(requests.get(name)).value, _q(limits.get(name)).value
    if name not in requests or request == 0:
        return [f"{name} max limit to request ratio per {kind} is {shown}, but no request is specified or request is 0"]
    if name not in limits or limit == 0:
        return [f"{name} max limit to request ratio per {kind} is {shown}, but no limit is specified or limit is 0"]
    observed = limit / request
    if observed > _q(enforced).value:
        return [f"{name} max limit to request ratio per {kind} is {shown}, but provided ratio is {float(observed):f}"]
    return []


# ResourceQuota -------------------------------------------------------------------------------------


def _quotas(store: APIStore, namespace: str) -> list[KubeObject]:
    return store.list(by_kind("ResourceQuota"), namespace)


def scope_matches(scope: str, pod: KubeObject) -> bool:
    best_effort = qos_class(pod.spec) == "BestEffort"
    terminating = pod.spec.get("activeDeadlineSeconds") is not None
    return {"BestEffort": best_effort, "NotBestEffort": not best_effort,
            "Terminating": terminating, "NotTerminating": not terminating}.get(scope, False)


def pod_usage(pod: KubeObject) -> dict[str, Fraction]:
    """`PodUsageFunc`: one pod and its requests and limits (cpu, memory, ephemeral-storage)."""
    usage: dict[str, Fraction] = {"pods": Fraction(1), "count/pods": Fraction(1)}
    for field in ("requests", "limits"):
        for name, value in _pod_totals(pod.spec, field).items():
            if name in ("cpu", "memory", "ephemeral-storage"):
                usage[f"{field}.{name}"] = _q(value).value
                if field == "requests":
                    usage[name] = _q(value).value
    return usage


def _container_names(container: Any) -> set[str]:
    names = {"pods"}
    for name in ("cpu", "memory"):
        if name in _resources(container, "requests"):
            names |= {name, f"requests.{name}"}
        if name in _resources(container, "limits"):
            names.add(f"limits.{name}")
    return names


def _missing(pod: KubeObject, required: set[str]) -> list[str]:
    """`podEvaluator.Constraints`: each container must state what a quota limits."""
    required = required & set(VALIDATED)
    missing: set[str] = set()
    for key in ("containers", "initContainers"):
        for container in pod.spec.get(key) or []:
            missing |= required - _container_names(container)
    return sorted(missing)


def _is_binary(name: str) -> bool:
    return "memory" in name or "storage" in name


def _show(name: str, value: Fraction) -> str:
    return canonical(Quantity(value, _is_binary(name)))


def usage_of(store: APIStore, quota: KubeObject, exclude: KubeObject | None = None) -> dict[str, Fraction]:
    """What the namespace's objects the quota covers use of each hard name."""
    hard = (quota.spec or {}).get("hard") or {}
    scopes = (quota.spec or {}).get("scopes") or []
    used = {name: Fraction(0) for name in hard}
    for pod in store.list(by_kind("Pod"), quota.namespace):
        if pod.status.get("phase") in TERMINAL_PHASES or (exclude is not None and pod.name == exclude.name):
            continue
        if all(scope_matches(scope, pod) for scope in scopes):
            for name, amount in pod_usage(pod).items():
                if name in used:
                    used[name] += amount
    if not scopes:
        for name in hard:
            plural = OBJECT_COUNTS.get(name) or (name[len("count/"):].split(".")[0] if name.startswith("count/") else None)
            if plural and plural != "pods":
                rt = by_name(plural)
                if rt is None:
                    continue
                used[name] = Fraction(len(store.list(rt, quota.namespace)))
    return used


def charge_quotas(store: APIStore, rt: ResourceType, obj: KubeObject) -> None:
    for quota in sorted(_quotas(store, obj.namespace), key=lambda q: q.name):
        hard = (quota.spec or {}).get("hard") or {}
        scopes = (quota.spec or {}).get("scopes") or []
        if rt.kind == "Pod":
            if not all(scope_matches(scope, obj) for scope in scopes):
                continue
            requested = {name: amount for name, amount in pod_usage(obj).items() if name in hard}
            missing = _missing(obj, set(hard))
            if missing:
                raise forbidden(rt.group_resource, obj.name, f"failed quota: {quota.name}: must specify {','.join(missing)}")
        elif scopes:
            continue
        else:
            names = [n for n in (rt.plural, f"count/{rt.group_resource}") if n in hard]
            requested = {name: Fraction(1) for name in names}
        if not requested:
            continue
        used = usage_of(store, quota)
        exceeded = sorted(name for name, amount in requested.items()
                          if used.get(name, 0) + amount > _q(hard[name]).value)
        if exceeded:
            def listing(values: dict) -> str:
                return ",".join(f"{name}={_show(name, values[name])}" for name in exceeded)
            reason = (f"exceeded quota: {quota.name}, requested: {listing(requested)}, "
                      f"used: {listing(used)}, limited: {','.join(f'{n}={_show(n, _q(hard[n]).value)}' for n in exceeded)}")
            raise forbidden(rt.group_resource, obj.name, reason)
