"""Week 10, PodSecurityPolicy on pod updates: 1.23's plugin validates an update of the pod itself.

Truth: v1.23 plugin/pkg/admission/security/podsecuritypolicy/admission.go: `Admit` returns at once
unless the operation is Create ("only mutate if this is a CREATE request. On updates we only
validate"); `Validate` runs `computeSecurityContext` with mutation not allowed and the pod's
`kubernetes.io/psp` as the hint, and refuses with `PodSecurityPolicy: %w` of its error (no providers)
or `PodSecurityPolicy: unable to validate pod: %v` of the field errors; `shouldIgnore` passes
subresources (`pods/status`) and updates that change only owner references and finalizers
(`rbacregistry.IsOnlyMutatingGCFields`). The slides (lines 896-917) show only creates; the pods and
policies are theirs (see test_week10_psp.py).
"""

from __future__ import annotations

from simulator import Cluster
from simulator.registry.kinds import by_kind

from tests.simulator.test_week10_psp import FILES

ON = frozenset({"NodeRestriction", "PodSecurityPolicy"})
PRIVILEGED_ERROR = ("spec.containers[0].securityContext.privileged: Invalid value: true: "
                    "Privileged containers are not allowed")


NO_ESCALATION = FILES["restricted.yaml"].replace("allowPrivilegeEscalation: true", "allowPrivilegeEscalation: false")


def pods_before_the_plugin():
    """Both slide pods created while the API server ran without PodSecurityPolicy, then turned on."""
    files = {**FILES, "no-escalation.yaml": NO_ESCALATION}
    c = Cluster(seed=3, files={name: text.encode() for name, text in files.items()})
    session = c.session()
    assert session.run("kubectl create -f pod-privileged.yaml -f pod-non-privileged.yaml").exit_code == 0
    session.run("sleep 5")
    c.store.admission_plugins = ON
    return c, session


def test_without_any_policy_a_label_is_refused():
    _, session = pods_before_the_plugin()
    result = session.run("kubectl label pod pod-non-privileged tier=web")
    assert result.exit_code == 1
    assert result.output == ('Error from server (Forbidden): pods "pod-non-privileged" is forbidden: '
                             "PodSecurityPolicy: no providers available to validate pod request\n")


def test_a_privileged_pod_cannot_be_changed_under_a_policy_that_refuses_it():
    _, session = pods_before_the_plugin()
    session.run("kubectl create -f restricted.yaml")
    refused = session.run("kubectl annotate pod pod-privileged note=x")
    assert refused.output == ('Error from server (Forbidden): pods "pod-privileged" is forbidden: '
                              f"PodSecurityPolicy: unable to validate pod: [{PRIVILEGED_ERROR}]\n")
    assert session.run("kubectl label pod pod-non-privileged tier=web").output == "pod/pod-non-privileged labeled\n"


def test_a_policy_that_would_have_to_change_the_pod_does_not_validate_an_update():
    """`allowPrivilegeEscalation: false` defaults the field on create; on update that would be a mutation."""
    _, session = pods_before_the_plugin()
    assert session.run("kubectl create -f no-escalation.yaml").exit_code == 0
    refused = session.run("kubectl label pod pod-non-privileged tier=web")
    assert refused.output.endswith("PodSecurityPolicy: unable to validate pod: []\n")


def test_status_writes_and_deletes_are_not_validated():
    """The kubelet keeps writing the privileged pod's status, and it can still be deleted."""
    c, session = pods_before_the_plugin()
    session.run("kubectl create -f restricted.yaml")
    session.run("sleep 30")
    assert c.store.get(by_kind("Pod"), "default", "pod-privileged").status["phase"] == "Running"
    assert session.run("kubectl delete pod pod-privileged").exit_code == 0
    assert c.store.find(by_kind("Pod"), "default", "pod-privileged") is None


def test_with_the_plugin_off_updates_pass():
    c, session = pods_before_the_plugin()
    c.store.admission_plugins = frozenset({"NodeRestriction"})
    assert session.run("kubectl label pod pod-privileged tier=web").exit_code == 0
