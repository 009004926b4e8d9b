"""A Service fixed with `kubectl edit` in a files-only lab is fixed in the terminal but not in
its file, which is what the grader applies: Submit warns, naming the file, and offers the
live objects as the file's text; handed in that way, the grade is full marks (it was 2/10)."""

import pytest
import yaml

from kg_workspaces import workspace_world
from kubegrade.courses.bank import bank_assignment
from kubegrade.courses.models import Assignment
from kubegrade.courses.services import assignment_upsert_from_bank, course_assignment_add
from kubegrade.workspaces import cache, services
from kubegrade.workspaces.models import WorkspaceFile
from kubegrade.workspaces.submit import workspace_drift, workspace_submit
from test_api_permissions import client_for

CLUSTERIP = "week4/01-clusterip"


@pytest.fixture
def w(db, requires_scoring):
    cache.clear()
    world = workspace_world()
    assignment_upsert_from_bank(bank_assignment(CLUSTERIP))
    world.clusterip = course_assignment_add(course=world.course, assignment=Assignment.objects.get(slug=CLUSTERIP))
    yield world
    cache.clear()


def run(user, workspace, line):
    return services.workspace_run_command(user=user, workspace_id=workspace.pk, line=line).step


def test_a_fix_made_with_kubectl_edit_is_offered_as_the_file_and_then_earns_full_marks(
        w, django_capture_on_commit_callbacks):
    workspace, _ = services.workspace_open(user=w.alice, course_assignment=w.clusterip)
    v = bank_assignment(CLUSTERIP).variant(workspace.seed)
    typo = (f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {v['service']}\nspec:\n  ports:\n  - port: 80\n"
            f"    targetPort: 8080\n  selector:\n    app: {v['app']}s\n")
    services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="svc-web.yaml", content=typo)
    assert run(w.alice, workspace, "kubectl apply -f svc-web.yaml").exit_code == 0
    assert workspace_drift(user=w.alice, workspace_id=workspace.pk) == {}  # the file is what runs

    opened = run(w.alice, workspace, f"kubectl edit svc {v['service']}")
    fixed = opened.edit_content.replace(f"app: {v['app']}s\n", f"app: {v['app']}\n")
    services.workspace_finish_edit(user=w.alice, workspace_id=workspace.pk, content=fixed)

    history = client_for(w.alice).get(f"/api/v1/workspaces/{workspace.pk}/").json()["history"]
    # the saved edit is marked as such, so the page shows its output under the `kubectl edit`
    # line rather than a typed `remote > /tmp/kubectl-edit-xxxxx.yaml`
    assert [(h["kind"], h["line"].startswith("/tmp/kubectl-edit-")) for h in history[-2:]] == [
        ("command", False), ("edit", True)]

    drift = client_for(w.alice).get(f"/api/v1/workspaces/{workspace.pk}/drift/").json()["files"]
    assert [item["name"] for item in drift] == ["svc-web.yaml"]
    live = yaml.safe_load(drift[0]["live"])
    assert live["spec"]["selector"] == {"app": v["app"]}
    assert live["spec"]["ports"] == [{"port": 80, "targetPort": 8080}]  # no allocated clusterIP, no defaults
    assert "clusterIP" not in live["spec"] and "status" not in live
    assert client_for(w.bob).get(f"/api/v1/workspaces/{workspace.pk}/drift/").status_code in (403, 404)

    services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="svc-web.yaml",
                                  content=drift[0]["live"])
    assert workspace_drift(user=w.alice, workspace_id=workspace.pk) == {}
    with django_capture_on_commit_callbacks(execute=True):
        submission = workspace_submit(user=w.alice, workspace_id=workspace.pk)
    submission.refresh_from_db()
    assert WorkspaceFile.objects.get(workspace=workspace, name="svc-web.yaml").content == drift[0]["live"]
    assert (submission.score, submission.max_score) == (10.0, 10.0)
