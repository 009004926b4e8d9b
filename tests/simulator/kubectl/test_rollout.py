"""`kubectl rollout status|history|restart|undo`.

Expected texts are written by hand from kubectl 1.23: `polymorphichelpers/rollout_status.go`
(the Deployment and DaemonSet status viewers), `history.go` (`REVISION  CHANGE-CAUSE` through
a tabwriter with padding 2, after the name printer's `deployment.apps/web ` line),
`objectrestarter.go`, `rollback.go` and the revision rules of the deployment controller
(`deployment/sync.go`: a template that comes back gets the next revision).
"""

from __future__ import annotations

import pytest

from simulator import Cluster

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {kubernetes.io/change-cause: first}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: whatwant/node-web:1.0}]}
"""
DAEMONSET = """apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: whatwant/node-web:1.0}]}
"""


@pytest.fixture
def session():
    session = Cluster(seed=2, files={"web.yaml": DEPLOYMENT.encode(), "agent.yaml": DAEMONSET.encode()}).session()
    assert session.run("kubectl create -f web.yaml").exit_code == 0
    return session


def out(session, line: str) -> tuple[str, str, int]:
    result = session.run(line)
    return result.stdout, result.stderr, result.exit_code


def test_a_finished_rollout_says_so(session):
    assert out(session, "kubectl rollout status deployment/web") == (
        'deployment "web" successfully rolled out\n', "", 0)


def test_history_lists_revisions_with_their_change_cause(session):
    assert out(session, "kubectl rollout history deployment web") == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         first\n\n", "", 0)


def test_restart_stamps_the_template_and_makes_a_second_revision(session):
    assert out(session, "kubectl rollout restart deploy/web") == ("deployment.apps/web restarted\n", "", 0)
    restarted = session.run("kubectl get deploy web -o jsonpath={.spec.template.metadata.annotations}").stdout
    assert '"kubectl.kubernetes.io/restartedAt"' in restarted
    assert session.run("kubectl get rs --no-headers").stdout.count("\n") == 2
    assert out(session, "kubectl rollout history deploy/web")[0] == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         first\n2         first\n\n")


def test_undo_goes_back_to_the_previous_template_as_the_next_revision(session):
    session.run("kubectl rollout restart deploy/web")
    assert out(session, "kubectl rollout undo deploy/web") == ("deployment.apps/web rolled back\n", "", 0)
    template = session.run("kubectl get deploy web -o jsonpath={.spec.template.metadata.annotations}").stdout
    assert template == ""
    assert out(session, "kubectl rollout history deploy/web")[0] == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         first\n3         first\n\n")
    assert '    deployment.kubernetes.io/revision: "3"\n' in session.run("kubectl get deploy web -o yaml").stdout


def test_undo_without_history_or_to_a_missing_revision_fails(session):
    assert out(session, "kubectl rollout undo deploy/web") == (
        "", 'error: no rollout history found for deployment "web"\n', 1)
    assert out(session, "kubectl rollout undo deploy/web --to-revision=7") == (
        "", "error: unable to find specified revision 7 in history\n", 1)


def test_undo_to_the_current_template_is_skipped(session):
    session.run("kubectl rollout restart deploy/web")
    assert out(session, "kubectl rollout undo deploy/web --to-revision=2")[0] == (
        "deployment.apps/web skipped rollback (current template already matches revision 2)\n")


def test_a_rollout_that_cannot_finish_waits_then_times_out(session):
    session.run("kubectl create deployment stuck --image=nope/none:1")
    assert out(session, "kubectl rollout status deploy/stuck --timeout=5s") == (
        'Waiting for deployment "stuck" rollout to finish: 0 of 1 updated replicas are available...\n',
        "error: timed out waiting for the condition\n", 1)


def test_status_with_watch_false_prints_once(session):
    session.run("kubectl create deployment stuck --image=nope/none:1")
    assert out(session, "kubectl rollout status deploy/stuck --watch=false") == (
        'Waiting for deployment "stuck" rollout to finish: 0 of 1 updated replicas are available...\n', "", 0)


def test_kinds_without_a_viewer_get_kubectls_errors(session):
    rs = session.run("kubectl get rs -o name").stdout.strip().split("/")[1]
    assert out(session, f"kubectl rollout status rs/{rs}")[1:] == (
        "error: no status viewer has been implemented for ReplicaSet.apps\n", 1)
    assert out(session, f"kubectl rollout restart rs/{rs}")[1:] == (
        f'error: replicasets.apps "{rs}" restarting is not supported\n', 1)


def test_a_daemonset_rollout_reports_its_pods(session):
    assert session.run("kubectl create -f agent.yaml").exit_code == 0
    status = session.run("kubectl rollout status ds/agent")
    assert status.stdout.endswith('daemon set "agent" successfully rolled out\n')


def test_no_resource_is_an_error(session):
    assert out(session, "kubectl rollout status") == ("", "error: required resource not specified\n", 1)



# pause, resume, history --revision (pause.go, resume.go with `defaultObjectPauser`/`Resumer`;
# history.go `printTemplate`: DescribePodTemplate through a PrefixWriter into a plain buffer,
# so its tabs are not aligned) -------------------------------------------------------------

PATCH_IMAGE = """kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"whatwant/node-web:2.0"}]}}}}'"""


def replica_set_count(session) -> int:
    return session.run("kubectl get rs --no-headers").stdout.count("\n")


def test_a_paused_deployment_rolls_nothing_out_until_resumed(session):
    assert out(session, "kubectl rollout pause deployment/web") == ("deployment.apps/web paused\n", "", 0)
    assert session.run("kubectl get deploy web -o jsonpath={.spec.paused}").stdout == "true"
    assert session.run(PATCH_IMAGE).exit_code == 0
    session.run("sleep 5")
    assert replica_set_count(session) == 1
    assert out(session, "kubectl rollout resume deploy web") == ("deployment.apps/web resumed\n", "", 0)
    session.run("sleep 30")
    assert replica_set_count(session) == 2


def test_pausing_twice_or_resuming_a_running_deployment_is_an_error(session):
    session.run("kubectl rollout pause deploy/web")
    assert out(session, "kubectl rollout pause deploy/web") == (
        "", 'error: deployments.apps "web" is already paused\n', 1)
    session.run("kubectl rollout resume deploy/web")
    assert out(session, "kubectl rollout resume deploy/web") == ("", 'error: deployments.apps "web" is not paused\n', 1)


def test_only_deployments_can_be_paused(session):
    session.run("kubectl create -f agent.yaml")
    assert out(session, "kubectl rollout pause ds/agent") == (
        "", 'error: daemonsets.apps "agent" pausing is not supported\n', 1)


def test_history_of_one_revision_prints_its_pod_template_unaligned(session):
    assert out(session, "kubectl rollout history deploy/web --revision=1")[0] == (
        "deployment.apps/web with revision #1\n"
        "Pod Template:\n"
        "  Labels:\tapp=web\n"
        "\tpod-template-hash=" + session.run(
            "kubectl get rs -o jsonpath={.items[0].metadata.labels.pod-template-hash}").stdout + "\n"
        "  Containers:\n"
        "   web:\n"
        "    Image:\twhatwant/node-web:1.0\n"
        "    Port:\t<none>\n"
        "    Host Port:\t<none>\n"
        "    Environment:\t<none>\n"
        "    Mounts:\t<none>\n"
        "  Volumes:\t<none>\n"
        "\n")
    assert out(session, "kubectl rollout history deploy/web --revision=9") == (
        "", "error: unable to find the specified revision\n", 1)
