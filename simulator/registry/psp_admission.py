"""The PodSecurityPolicy admission plugin of v1.23, on pod create and update, when the API server runs it.

kube-apiserver runs it only when `--enable-admission-plugins` names it (kubespray leaves it off;
week 10 turns it on in the master's static pod manifest, see `controllers/static_pod_files.py`).
From plugin/pkg/admission/security/podsecuritypolicy/admission.go (`computeSecurityContext`):
the policies the requesting user or the pod's ServiceAccount may `use` (RBAC, verb `use` on
`podsecuritypolicies` in group `policy`, in the pod's namespace) are tried in name order; the
first that admits the pod without changing it wins, else the first that admits it after its
defaults (allowPrivilegeEscalation false, runAsNonRoot, readOnlyRootFilesystem, dropped
capabilities). The admitted pod carries `kubernetes.io/psp: <policy>`. None usable: `no providers
available to validate pod request`; none admitting: `unable to admit pod: [...]`, every policy's
errors joined by spaces (Go's `%v` of a field.ErrorList).

Checks, from pkg/security/podsecuritypolicy/provider.go (`ValidatePod`, `ValidateContainer`):
hostNetwork, hostPID, hostIPC, volume types, per container runAsUser (MustRunAsNonRoot,
MustRunAs ranges), privileged, allowPrivilegeEscalation, hostPorts and readOnlyRootFilesystem.
Not simulated: SELinux, AppArmor, seccomp, sysctls, fsGroup and supplemental group ranges,
capabilities beyond dropping the required ones, allowedHostPaths.

On update (`Validate`; `Admit` mutates only on create): a write of the pod itself is validated again,
without mutation (a policy that would have to change the pod is skipped), the policy the pod's
`kubernetes.io/psp` names tried first (`validatedPSPHint`); a write of its status (the `pods/status`
subresource) or only of its owner references and finalizers (`shouldIgnore`, `IsOnlyMutatingGCFields`)
is not looked at. The refusals: `PodSecurityPolicy: no providers available to validate pod request`,
`PodSecurityPolicy: unable to validate pod: [...]`. The one updating is kubectl's kubernetes-admin
(the store's writes carry no user; the simulator's controllers never change a pod beyond its status and
owner references).

Who asks: kubectl here is kubernetes-admin (system:masters, which may use every policy); a pod
a controller makes (its controller owner a ReplicaSet, Job, DaemonSet or StatefulSet) is asked
for by that controller's ServiceAccount in kube-system, a mirror pod by the node
(`system:node:<name>`).
"""

from __future__ import annotations

import copy
from typing import Any

from simulator.apiserver.authn import ADMIN, User, service_account_user
from simulator.apiserver.rbac import Attributes, authorize
from simulator.errors import forbidden
from simulator.objects import KubeObject
from simulator.registry.kinds import by_kind

APIStore = Any  # the registry's store, which calls in here
PLUGIN = "PodSecurityPolicy"
ANNOTATION = "kubernetes.io/psp"
CONTROLLER_USERS = {"ReplicaSet": "replicaset-controller", "Job": "job-controller",
                    "DaemonSet": "daemon-set-controller", "StatefulSet": "statefulset-controller",
                    "ReplicationController": "replication-controller"}
# psputil.GetVolumeFSType: the volume source's field name is its type
VOLUME_TYPES = ("hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
                "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
                "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
                "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral")


def requester(pod: KubeObject) -> User:
    owner = next((ref for ref in pod.metadata.owner_references or [] if ref.get("controller")), None)
    if owner is not None and owner.get("kind") in CONTROLLER_USERS:
        return service_account_user("kube-system", CONTROLLER_USERS[owner["kind"]])
    if owner is not None and owner.get("kind") == "Node":
        return User(f"system:node:{owner.get('name')}", ("system:nodes", "system:authenticated"))
    return ADMIN


def shown_name(pod: KubeObject) -> str:
    """Mutating admission runs before the registry makes a name from generateName: the refusal of a
    controller's pod names the prefix (`pods "web-76b56fd968-" is forbidden`)."""
    prefix = pod.metadata.generate_name
    if prefix and pod.name.startswith(prefix) and len(pod.name) == len(prefix) + 5:
        return prefix
    return pod.name


def usable(store: APIStore, user: User, namespace: str, policy: KubeObject) -> bool:
    allowed, _ = authorize(store, user, Attributes("use", "podsecuritypolicies", "", namespace, policy.name, "policy"))
    return allowed


def admit_pod(store: APIStore, pod: KubeObject) -> None:
    """Admit `pod` (changed in place: its defaults and annotation) or raise the plugin's Forbidden."""
    account = service_account_user(pod.namespace, str(pod.spec.get("serviceAccountName") or "default"))
    asking = requester(pod)
    policies = sorted((p for p in store.list(by_kind("PodSecurityPolicy"))
                       if usable(store, asking, pod.namespace, p) or usable(store, account, pod.namespace, p)),
                      key=lambda p: p.name)
    if not policies:
        raise forbidden("pods", shown_name(pod), f"{PLUGIN}: no providers available to validate pod request")
    errors: list[str] = []
    mutated_choice = None
    for policy in policies:
        spec = copy.deepcopy(pod.spec)
        defaults_applied = apply_defaults(_policy_spec(policy), spec)
        found = validate(_policy_spec(policy), spec)
        if found:
            errors += found
            continue
        if not defaults_applied:
            _admit(pod, policy.name, None)
            return
        mutated_choice = mutated_choice or (policy.name, spec)
    if mutated_choice is not None:
        _admit(pod, *mutated_choice)
        return
    raise forbidden("pods", shown_name(pod), f"{PLUGIN}: unable to admit pod: [{' '.join(errors)}]")


def validate_update(store: APIStore, old: KubeObject, pod: KubeObject) -> None:
    """`Validate` on an update of the pod itself: pass, or raise the plugin's Forbidden."""
    if only_status_or_gc_fields(old, pod):
        return
    account = service_account_user(pod.namespace, str(pod.spec.get("serviceAccountName") or "default"))
    hint = (pod.metadata.annotations or {}).get(ANNOTATION)
    policies = sorted((p for p in store.list(by_kind("PodSecurityPolicy"))
                       if usable(store, ADMIN, pod.namespace, p) or usable(store, account, pod.namespace, p)),
                      key=lambda p: (p.name != hint, p.name))
    if not policies:
        raise forbidden("pods", pod.name, f"{PLUGIN}: no providers available to validate pod request")
    errors: list[str] = []
    for policy in policies:
        spec = copy.deepcopy(pod.spec)
        mutated = apply_defaults(_policy_spec(policy), spec)
        found = validate(_policy_spec(policy), spec)
        if found:
            errors += found
        elif not mutated:  # mutation is not allowed on update: such a policy is passed over
            return
    raise forbidden("pods", pod.name, f"{PLUGIN}: unable to validate pod: [{' '.join(errors)}]")


def only_status_or_gc_fields(old: KubeObject, new: KubeObject) -> bool:
    """A `pods/status` write, or one of owner references and finalizers only (what the garbage
    collector changes): the spec, labels and annotations are the old ones."""
    return (old.body.get("spec") == new.body.get("spec") and old.metadata.labels == new.metadata.labels
            and old.metadata.annotations == new.metadata.annotations)


def _admit(pod: KubeObject, policy: str, spec: dict | None) -> None:
    if spec is not None:
        pod.body["spec"] = spec
    pod.metadata.annotations = {**(pod.metadata.annotations or {}), ANNOTATION: policy}


def _policy_spec(policy: KubeObject) -> dict:
    spec = policy.body.get("spec")
    return spec if isinstance(spec, dict) else {}


def _containers(spec: dict) -> list[tuple[str, dict]]:
    found = []
    for key in ("initContainers", "containers"):
        for index, container in enumerate(spec.get(key) or []):
            if isinstance(container, dict):
                found.append((f"spec.{key}[{index}]", container))
    return found


def apply_defaults(policy: dict, spec: dict) -> bool:
    """`MutatePod`: the security context fields the policy fills in; whether anything changed."""
    changed = False
    for _, container in _containers(spec):
        context = container.get("securityContext")
        context = dict(context) if isinstance(context, dict) else {}
        before = dict(context)
        if "allowPrivilegeEscalation" not in context:
            if policy.get("defaultAllowPrivilegeEscalation") is not None:
                context["allowPrivilegeEscalation"] = bool(policy["defaultAllowPrivilegeEscalation"])
            elif policy.get("allowPrivilegeEscalation") is False:
                context["allowPrivilegeEscalation"] = False
        run_as_user = policy.get("runAsUser") or {}
        if run_as_user.get("rule") == "MustRunAsNonRoot" and "runAsUser" not in context:
            context.setdefault("runAsNonRoot", True)
        elif run_as_user.get("rule") == "MustRunAs" and "runAsUser" not in context:
            ranges = run_as_user.get("ranges") or []
            if ranges and isinstance(ranges[0], dict):
                context["runAsUser"] = ranges[0].get("min")
        if policy.get("readOnlyRootFilesystem") and "readOnlyRootFilesystem" not in context:
            context["readOnlyRootFilesystem"] = True
        drops = [str(c) for c in policy.get("requiredDropCapabilities") or []]
        if drops:
            capabilities = dict(context.get("capabilities") or {})
            dropped = list(capabilities.get("drop") or [])
            missing = [c for c in drops if c not in dropped]
            if missing:
                capabilities["drop"] = dropped + missing
                context["capabilities"] = capabilities
        if context != before:
            container["securityContext"] = context
            changed = True
    return changed


def validate(policy: dict, spec: dict) -> list[str]:
    """`ValidatePod`: the pod's then each container's errors, as field errors print."""
    errors = []
    for field, text in (("hostNetwork", "Host network"), ("hostPID", "Host PID"), ("hostIPC", "Host IPC")):
        if spec.get(field) is True and not policy.get(field):
            errors.append(f"spec.securityContext.{field}: Invalid value: true: {text} is not allowed to be used")
    allowed = [str(v) for v in policy.get("volumes") or []]
    if "*" not in allowed:
        for index, volume in enumerate(spec.get("volumes") or []):
            kind = next((k for k in VOLUME_TYPES if isinstance(volume, dict) and k in volume), "")
            if kind not in allowed:
                errors.append(f'spec.volumes[{index}]: Invalid value: "{kind}": {kind} volumes are not allowed to be used')
    pod_context = spec.get("securityContext") if isinstance(spec.get("securityContext"), dict) else {}
    for path, container in _containers(spec):
        errors += _container_errors(policy, pod_context, path, container)
    return errors


def _container_errors(policy: dict, pod_context: dict, path: str, container: dict) -> list[str]:
    context = container.get("securityContext") if isinstance(container.get("securityContext"), dict) else {}
    where = f"{path}.securityContext"
    errors = _run_as_user_errors(policy.get("runAsUser") or {}, where, {**pod_context, **context})
    if context.get("privileged") is True and not policy.get("privileged"):
        errors.append(f"{where}.privileged: Invalid value: true: Privileged containers are not allowed")
    if context.get("allowPrivilegeEscalation") is True and policy.get("allowPrivilegeEscalation") is False:
        errors.append(f"{where}.allowPrivilegeEscalation: Invalid value: true: "
                      "Allowing privilege escalation for containers is not allowed")
    ranges = [r for r in policy.get("hostPorts") or [] if isinstance(r, dict)]
    for index, port in enumerate(container.get("ports") or []):
        host_port = port.get("hostPort") if isinstance(port, dict) else None
        if isinstance(host_port, int) and host_port > 0 and not any(
                r.get("min", 0) <= host_port <= r.get("max", 0) for r in ranges):
            shown = "[" + " ".join(f"{{{r.get('min', 0)} {r.get('max', 0)}}}" for r in ranges) + "]"
            errors.append(f"{path}.ports[{index}].hostPort: Invalid value: {host_port}: Host port {host_port} is not "
                          f"allowed to be used. Allowed ports: {shown}")
    if policy.get("readOnlyRootFilesystem"):
        if context.get("readOnlyRootFilesystem") is None:
            errors.append(f"{where}.readOnlyRootFilesystem: Invalid value: \"null\": "
                          "ReadOnlyRootFilesystem may not be nil and must be set to true")
        elif context.get("readOnlyRootFilesystem") is False:
            errors.append(f"{where}.readOnlyRootFilesystem: Invalid value: false: ReadOnlyRootFilesystem must be set to true")
    return errors


def _run_as_user_errors(rule: dict, where: str, context: dict) -> list[str]:
    """pkg/security/podsecuritypolicy/user: nonroot.go and mustrunas.go."""
    uid = context.get("runAsUser")
    if rule.get("rule") == "MustRunAsNonRoot":
        if context.get("runAsNonRoot") is False:
            return [f"{where}.runAsNonRoot: Invalid value: false: must be true"]
        if uid == 0:
            return [f"{where}.runAsUser: Invalid value: 0: running with the root UID is forbidden"]
    if rule.get("rule") == "MustRunAs":
        ranges = [r for r in rule.get("ranges") or [] if isinstance(r, dict)]
        if uid is None:
            return [f"{where}.runAsUser: Required value"]
        if not any(r.get("min", 0) <= uid <= r.get("max", 0) for r in ranges):
            shown = "[" + " ".join(f"{{{r.get('min', 0)} {r.get('max', 0)}}}" for r in ranges) + "]"
            return [f"{where}.runAsUser: Invalid value: {uid}: must be in the ranges: {shown}"]
    return []
