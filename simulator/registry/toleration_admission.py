"""The DefaultTolerationSeconds admission plugin of v1.23
(`plugin/pkg/admission/defaulttolerationseconds/admission.go`), on by default.

On a pod's create and update (not its subresources), a pod that does not already tolerate
`node.kubernetes.io/not-ready:NoExecute`, or `node.kubernetes.io/unreachable:NoExecute`, gets
the toleration with `tolerationSeconds: 300` (the `--default-not-ready-toleration-seconds`
and `--default-unreachable-toleration-seconds` defaults). A toleration with an empty key
tolerates every taint, and one with an empty effect every effect, so either counts.
The taint manager that would evict after those 300 s is not simulated.
"""

from __future__ import annotations

from simulator.objects import KubeObject

NOT_READY = "node.kubernetes.io/not-ready"
UNREACHABLE = "node.kubernetes.io/unreachable"
DEFAULT_SECONDS = 300


def _tolerates(tolerations: list, key: str) -> bool:
    return any(isinstance(t, dict) and t.get("key", "") in (key, "") and t.get("effect", "") in ("NoExecute", "")
               for t in tolerations)


def admit_pod(pod: KubeObject) -> None:
    """Append the plugin's tolerations, in its order (not-ready, then unreachable), to what the pod has."""
    tolerations = pod.spec.get("tolerations") or []
    added = [{"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": DEFAULT_SECONDS}
             for key in (NOT_READY, UNREACHABLE) if not _tolerates(tolerations, key)]
    if added:
        pod.spec["tolerations"] = [*tolerations, *added]
