"""`kubectl get events`: the events controllers and the kubelet record, served as v1 Events.

Expected texts are written by hand from kubernetes 1.23 `pkg/printers/internalversion/printers.go`
(`printEvent`: LAST SEEN, TYPE, REASON, OBJECT as `kind/name`, MESSAGE; wide adds SUBOBJECT,
SOURCE, FIRST SEEN, COUNT, NAME), the Event field-label conversion in
`pkg/apis/core/v1/conversion.go`, and client-go's event names (`<object>.<hex nanoseconds>`).
"""

from __future__ import annotations

import pytest

from simulator import Cluster

POD = """apiVersion: v1
kind: Pod
metadata: {name: bad}
spec:
  nodeName: worker1
  containers: [{name: bad, image: nope/none:1}]
"""


@pytest.fixture
def session():
    session = Cluster(seed=5, files={"bad.yaml": POD.encode()}).session()
    assert session.run("kubectl create -f bad.yaml").exit_code == 0
    return session


def test_an_events_table_has_kubectls_columns_and_ages(session):
    # the pull begins once the pod's sandbox is made (0.5 to 1.5 s after its bind, controllers/pod_start.py):
    # the next command, 2 s after the create, sees it 1s old (HumanDuration truncates)
    result = session.run("kubectl get events --field-selector reason=Pulling")
    assert result.stdout == ("LAST SEEN   TYPE     REASON    OBJECT    MESSAGE\n"
                             '1s          Normal   Pulling   pod/bad   Pulling image "nope/none:1"\n')


def test_the_short_name_and_all_namespaces_put_namespace_first(session):
    result = session.run("kubectl get ev -A --field-selector reason=Pulling")
    assert result.stdout.splitlines()[0] == "NAMESPACE   LAST SEEN   TYPE     REASON    OBJECT    MESSAGE"
    assert result.stdout.splitlines()[1].startswith("default     1s          Normal   Pulling")


def test_warnings_are_selected_by_type_and_involved_object(session):
    result = session.run("kubectl get events --field-selector type=Warning,involvedObject.name=bad "
                         "-o custom-columns=REASON:.reason,KIND:.involvedObject.kind")
    assert result.stdout == "REASON   KIND\nFailed   Pod\nFailed   Pod\n"


def test_a_field_the_event_conversion_lacks_is_refused(session):
    result = session.run("kubectl get events --field-selector spec.nodeName=worker1")
    assert result.exit_code == 1
    assert result.stderr.endswith("field label not supported: spec.nodeName\n")


def test_every_event_has_its_own_name_and_can_be_read_by_it(session):
    names = session.run("kubectl get events -o name").stdout.split()
    assert len(names) == len(set(names)) >= 3
    assert all(name.startswith("event/bad.") for name in names)
    one = session.run(f"kubectl get {names[0]} -o jsonpath={{.involvedObject.name}}")
    assert (one.stdout, one.exit_code) == ("bad", 0)


def test_no_events_in_a_namespace_say_so(session):
    result = session.run("kubectl get events -n kube-public")
    assert (result.stdout, result.stderr) == ("", "No resources found in kube-public namespace.\n")


def test_deleting_a_pod_records_the_kubelets_killing_event_for_each_running_container():
    """kuberuntime_container.go killContainer: `Killing`, "Stopping container NAME", from the kubelet."""
    from simulator import Cluster

    session = Cluster(seed=3).session()
    session.run("kubectl run web --image=nginx")
    session.run("sleep 5")
    assert session.run("kubectl delete pod web").output == 'pod "web" deleted\n'
    rows = [line.split(None, 4) for line in session.run("kubectl get events").output.splitlines()[1:]]
    assert rows[-1][1:] == ["Normal", "Killing", "pod/web", "Stopping container web"]
    assert [row[2] for row in rows].count("Killing") == 1
