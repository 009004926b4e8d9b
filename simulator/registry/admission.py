"""Admission steps the API server runs before a write reaches storage.

Only what the lecture's cluster can show is here: the NamespaceLifecycle plugin's refusal
to delete the namespaces the API server itself keeps
(`staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go`,
v1.23). Creating into a missing namespace is answered by the store itself; namespaces
here never linger in Terminating, so the plugin's "being terminated" refusal is not
simulated yet.
"""

from __future__ import annotations

from simulator.errors import forbidden
from simulator.registry.kinds import ResourceType

# kube-apiserver registers the plugin with NamespaceDefault, NamespaceSystem and NamespacePublic.
IMMORTAL_NAMESPACES = frozenset({"default", "kube-system", "kube-public"})


def admit_delete(rt: ResourceType, name: str) -> None:
    """Refuse what admission refuses; the plugin runs before the object is even looked up."""
    if rt.kind == "Namespace" and name in IMMORTAL_NAMESPACES:
        raise forbidden(rt.group_resource, name, "this namespace may not be deleted")
