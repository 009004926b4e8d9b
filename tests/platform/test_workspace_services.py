"""The workspace's services on the real simulator and scoring engine: a student's own
variant cluster after the setup, commands that go on where they were after the process
loses its cache or its snapshot, the clock following real time, the limits, reset, and
submitting what ran so the grade and the terminal agree."""

import datetime as dt

import pytest
from django.utils import timezone

from kg_workspaces import ENDPOINTS, workspace_world

from kubegrade.courses.bank import bank_assignment
from kubegrade.errors import CommandsThrottled, InvalidSubmission, PermissionDenied, UploadTooLarge
from kubegrade.workspaces import cache, engine, services
from kubegrade.workspaces.models import WorkspaceEvent, WorkspaceFile, WorkspaceSnapshot
from kubegrade.workspaces.selectors import workspace_view_for
from kubegrade.workspaces.submit import handed_in_lines, workspace_submit


@pytest.fixture
def w(db, requires_scoring, settings):
    settings.KUBEGRADE_WORKSPACE_SANDBOXES = 0  # the in-process parts; test_workspace_sandbox.py the sandboxes
    cache.clear()
    yield workspace_world()
    cache.clear()


SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: notes\nspec:\n  ports:\n  - port: 80\n"


def opened(user, ca):
    workspace, _ = services.workspace_open(user=user, course_assignment=ca)
    return workspace


def run(user, workspace, line):
    return services.workspace_run_command(user=user, workspace_id=workspace.pk, line=line).step


def test_opening_gives_the_students_variant_with_starter_files_and_no_history(w):
    workspace, created = services.workspace_open(user=w.alice, course_assignment=w.endpoints)
    again, created_again = services.workspace_open(user=w.alice, course_assignment=w.endpoints)
    assert (created, created_again, again.pk) == (True, False, workspace.pk)
    variant = bank_assignment(ENDPOINTS).variant(workspace.seed)
    view = workspace_view_for(user=w.alice, workspace_id=workspace.pk)
    assert sorted(f.name for f in view.files) == ["endpoints.yaml", "svc-legacy.yaml"]
    assert variant["service"] in {f.name: f.content for f in view.files}["svc-legacy.yaml"]
    assert (view.history, view.history_total, view.read_only, view.workspace.prompt) == ([], 0, False, "remote > ")


def test_a_command_runs_on_the_cluster_after_the_setup(w):
    workspace = opened(w.alice, w.endpoints)
    variant = bank_assignment(ENDPOINTS).variant(workspace.seed)
    step = run(w.alice, workspace, "kubectl get pods -o wide")
    assert step.exit_code == 0 and step.prompt == "remote > " and step.next_prompt == "remote > "
    assert variant["legacy_a"] in step.output and variant["legacy_b"] in step.output and "client" in step.output


def test_kubectl_apply_sees_the_files_written_in_the_editor(w):
    workspace = opened(w.alice, w.endpoints)
    services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="extra.yaml",
                                  content=SERVICE)
    assert run(w.alice, workspace, "kubectl apply -f extra.yaml").output == "service/notes created\n"
    services.workspace_delete_file(user=w.alice, workspace_id=workspace.pk, name="extra.yaml")
    step = run(w.alice, workspace, "kubectl apply -f extra.yaml")
    assert step.exit_code == 1 and 'the path "extra.yaml" does not exist' in step.output


def test_the_next_command_goes_on_where_it_was_when_the_process_cache_is_gone(w):
    workspace = opened(w.alice, w.endpoints)
    run(w.alice, workspace, "kubectl create deployment kept --image=nginx --replicas=3")
    cache.clear()
    assert run(w.alice, workspace, "kubectl get deployment kept -o jsonpath={.spec.replicas}").output == "3"


def test_without_its_snapshot_the_workspace_is_rebuilt_from_the_log_exactly(w):
    workspace = opened(w.alice, w.endpoints)
    run(w.alice, workspace, "kubectl create deployment web --image=nginx --replicas=2")
    pods = run(w.alice, workspace, "kubectl get pods -l app=web -o wide").output
    cache.clear()
    WorkspaceSnapshot.objects.filter(workspace=workspace).delete()
    services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="note.txt", content="x\n")
    cache.clear()  # the file write rebuilt from the log and stored a snapshot; read that one back
    assert run(w.alice, workspace, "kubectl get pods -l app=web -o name").output.count("pod/web-") == 2
    assert all(name.split()[0] in pods for name in pods.splitlines()[1:])


def test_a_warm_command_neither_unpickles_nor_replays(w, monkeypatch, django_capture_on_commit_callbacks):
    workspace = opened(w.alice, w.endpoints)
    with django_capture_on_commit_callbacks(execute=True):  # the live cluster returns to the cache on commit
        run(w.alice, workspace, "kubectl get svc")

    def refuse(*args, **kwargs):
        raise AssertionError("the hot path read the snapshot or replayed the log")

    monkeypatch.setattr(engine, "snapshot_load", refuse)
    monkeypatch.setattr("kubegrade.workspaces.rebuild.replay_events", refuse)
    assert run(w.alice, workspace, "kubectl get ns default -o name").output == "namespace/default\n"
    snapshot = WorkspaceSnapshot.objects.get(workspace=workspace)
    workspace.refresh_from_db()
    assert (snapshot.run, snapshot.seq) == (workspace.run, workspace.last_seq)


def test_the_simulated_clock_follows_real_time_between_commands(w, monkeypatch):
    workspace = opened(w.alice, w.endpoints)
    later = workspace.last_event_at + dt.timedelta(minutes=10)
    monkeypatch.setattr(services.timezone, "now", lambda: later)
    rows = run(w.alice, workspace, "kubectl get pods").output.splitlines()
    # setup settles 30 s; then ten real minutes and the 2 s the shell counts for the line: 10m32s reads "10m"
    assert rows[0].split()[-1] == "AGE" and rows[1].split()[-1] == "10m"
    assert WorkspaceEvent.objects.get(workspace=workspace, kind="command").elapsed == 600.0


def test_real_time_is_capped_at_an_hour_a_step(w, monkeypatch):
    workspace = opened(w.alice, w.endpoints)
    monkeypatch.setattr(services.timezone, "now", lambda: workspace.last_event_at + dt.timedelta(days=3))
    run(w.alice, workspace, "true")
    assert WorkspaceEvent.objects.get(workspace=workspace, kind="command").elapsed == 3600.0


def test_a_command_over_the_budget_is_stopped_and_left_out_of_the_rebuild(w, monkeypatch):
    workspace = opened(w.alice, w.endpoints)
    monkeypatch.setattr(engine, "BUDGET_SECONDS", 0.0)
    step = run(w.alice, workspace, "kubectl create deployment lost --image=nginx")
    assert step.exit_code == 137 and "time" in step.output.lower()
    monkeypatch.setattr(engine, "BUDGET_SECONDS", 10.0)
    cache.clear()
    assert "NotFound" in run(w.alice, workspace, "kubectl get deployment lost").output
    assert WorkspaceEvent.objects.get(workspace=workspace, line="kubectl create deployment lost --image=nginx").skipped


def test_limits_name_themselves(w, settings):
    workspace = opened(w.alice, w.endpoints)
    with pytest.raises(UploadTooLarge) as too_long:
        run(w.alice, workspace, "echo " + "x" * 5000)
    assert too_long.value.extra == {"limit": "max_line", "limit_value": 4096}
    with pytest.raises(UploadTooLarge) as too_big:  # the Endpoints lab's max_bytes is 20000; a workspace holds twice
        services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="big.yaml", content="#" * 40001)
    assert too_big.value.extra == {"limit": "max_bytes", "limit_value": 40000}
    for n in range(6):  # max_files 4, twice that is 8; two starter files already
        services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name=f"f{n}.yaml", content="")
    with pytest.raises(UploadTooLarge) as too_many:
        services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="f9.yaml", content="")
    assert too_many.value.extra == {"limit": "max_files", "limit_value": 8}
    with pytest.raises(InvalidSubmission):
        services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="../etc/x", content="")
    settings.KUBEGRADE_WORKSPACE_COMMANDS_PER_MINUTE = 2
    run(w.alice, workspace, "true")
    run(w.alice, workspace, "true")
    with pytest.raises(CommandsThrottled) as throttled:
        run(w.alice, workspace, "true")
    assert throttled.value.http_status == 429 and 1 <= throttled.value.retry_after <= 61


def test_staff_read_but_never_write(w):
    workspace = opened(w.alice, w.endpoints)
    assert workspace_view_for(user=w.ta, workspace_id=workspace.pk).read_only is True
    with pytest.raises(PermissionDenied):
        run(w.prof, workspace, "kubectl get pods")


def test_reset_starts_a_new_run_and_keeps_the_old_one(w):
    workspace = opened(w.alice, w.endpoints)
    run(w.alice, workspace, "kubectl create deployment before-reset --image=nginx")
    services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="svc-legacy.yaml", content="mine\n")
    services.workspace_reset(user=w.alice, workspace_id=workspace.pk)
    view = workspace_view_for(user=w.alice, workspace_id=workspace.pk)
    assert (view.workspace.run, view.history) == (2, [])
    assert {f.name: f.content for f in view.files}["svc-legacy.yaml"] != "mine\n"
    assert "NotFound" in run(w.alice, workspace, "kubectl get deployment before-reset").output
    assert WorkspaceEvent.objects.filter(workspace=workspace, run=1, kind="command").count() == 1
    assert WorkspaceFile.objects.get(workspace=workspace, run=1, name="svc-legacy.yaml").content == "mine\n"


def test_lines_that_never_ran_or_only_watched_are_not_handed_in_and_edits_become_replace():
    events = [WorkspaceEvent(seq=1, kind="command", line="kubectl apply -f a.yaml", exit_code=0),
              WorkspaceEvent(seq=2, kind="command", line="kubectl get pods -w", following=True, exit_code=0),
              WorkspaceEvent(seq=3, kind="edit", line="/tmp/kubectl-edit-1.yaml", content="kind: Service\n",
                             exit_code=0, output="service/web edited\n"),
              WorkspaceEvent(seq=4, kind="edit", line="/tmp/kubectl-edit-2.yaml", content="x", exit_code=0,
                             output="Edit cancelled, no changes made.\n")]
    lines, files = handed_in_lines(events)
    assert lines == ["kubectl apply -f a.yaml", "kubectl replace -f kubectl-edit-3.yaml"]
    assert files == {"kubectl-edit-3.yaml": "kind: Service\n"}


def test_an_edit_that_removed_a_field_replays_with_replace_and_without_what_the_server_set():
    opened_on = ("# Please edit the object below.\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                 "  resourceVersion: '41'\n  uid: 7f0c\n  labels: {app: web, tier: front}\nstatus: {}\n")
    saved = opened_on.replace(", tier: front", "")
    events = [WorkspaceEvent(seq=5, kind="command", line="kubectl edit svc web", edit_path="/tmp/kubectl-edit-a.yaml",
                             content=opened_on, exit_code=0),
              WorkspaceEvent(seq=6, kind="edit", line="/tmp/kubectl-edit-a.yaml", content=saved, exit_code=0,
                             output="service/web edited\n")]
    lines, files = handed_in_lines(events)
    assert lines == ["kubectl replace -f kubectl-edit-6.yaml"]  # the opening line alone is not replayed
    assert files == {"kubectl-edit-6.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                                            "  labels:\n    app: web\n"}


def test_submitting_more_commands_than_the_lab_takes_names_the_limit_and_seqs_choose(w, monkeypatch):
    monkeypatch.setattr("kubegrade.submissions.services.submission_enqueue", lambda **kw: None)
    workspace = opened(w.alice, w.dns)
    for _ in range(16):
        run(w.alice, workspace, "true && true")
    with pytest.raises(UploadTooLarge) as refused:
        workspace_submit(user=w.alice, workspace_id=workspace.pk)
    assert refused.value.extra == {"limit": "max_commands", "limit_value": 30} and "seqs" in refused.value.detail
    seqs = list(WorkspaceEvent.objects.filter(workspace=workspace).values_list("seq", flat=True)[:3])
    submission = workspace_submit(user=w.alice, workspace_id=workspace.pk, seqs=seqs)
    assert submission.commands == "true && true\n" * 3 and submission.workspace_id == workspace.pk


TROUBLESHOOTING = "week4/08-troubleshooting"  # a lab that takes commands, with two broken Services


def _saved_edit(user, workspace, line, *changes):
    """`kubectl edit ...` typed in the terminal, the editor's text changed and saved."""
    opened = run(user, workspace, line)
    content = opened.edit_content
    for old, new in changes:
        assert old in content
        content = content.replace(old, new)
    return services.workspace_finish_edit(user=user, workspace_id=workspace.pk, content=content).step


def test_saved_edits_hand_in_as_files_that_replay_on_the_graders_fresh_cluster(
        w, django_capture_on_commit_callbacks):
    """Troubleshooting lab fixed with `kubectl edit`, the file and `kubectl exec` in the terminal:
    the grade is full marks, as the terminal's curl said, though the grader's cluster gives
    the objects other resourceVersions than the workspace's."""
    from kubegrade.courses.models import Assignment
    from kubegrade.courses.services import assignment_upsert_from_bank, course_assignment_add
    from kubegrade.grading.models import Grade

    assignment_upsert_from_bank(bank_assignment(TROUBLESHOOTING))
    lab = course_assignment_add(course=w.course, assignment=Assignment.objects.get(slug=TROUBLESHOOTING))
    workspace = opened(w.alice, lab)
    v = bank_assignment(TROUBLESHOOTING).variant(workspace.seed)
    # another resourceVersion for everything: the workspace's cluster moves on, the grader's does not
    run(w.alice, workspace, f"kubectl label svc {v['web_svc']} {v['api_svc']} touched=yes")
    fixed = WorkspaceFile.objects.get(workspace=workspace, name="services.yaml").content.replace(
        "targetPort: web\n", "targetPort: http\n")
    services.workspace_write_file(user=w.alice, workspace_id=workspace.pk, name="services.yaml", content=fixed)
    run(w.alice, workspace, "kubectl apply -f services.yaml")
    web = _saved_edit(w.alice, workspace, f"kubectl edit svc {v['web_svc']}",
                      (f"app: {v['typo']}\n", f"app: {v['app']}\n"), ("targetPort: 80\n", "targetPort: 8080\n"))
    assert web.output == f"service/{v['web_svc']} edited\n"
    pods = run(w.alice, workspace, f"kubectl get pods -l app={v['app']} -o jsonpath={{.items[*].metadata.name}}")
    for pod in pods.output.split():
        run(w.alice, workspace, f"kubectl exec {pod} -- touch /var/ready")
    # kube-proxy draws an endpoint at random per connection (iptables mode): 40 tries see all three
    tries = " ".join(str(n) for n in range(40))
    replies = set(run(w.alice, workspace, f"for i in {tries}; do kubectl exec client -- curl -s -m 3 "
                                          f"http://{v['web_svc']}; done").output.splitlines())
    assert len(replies) == 3  # all three pods answer behind the Service in the terminal

    with django_capture_on_commit_callbacks(execute=True):
        submission = workspace_submit(user=w.alice, workspace_id=workspace.pk)
    lines = submission.commands.splitlines()
    assert f"kubectl edit svc {v['web_svc']}" not in lines  # the grader's shell has no editor to open
    (web_seq,) = (e.seq for e in WorkspaceEvent.objects.filter(workspace=workspace, kind="edit"))
    # the edit only changed fields: apply, which keeps what the grader's cluster holds beyond the file
    assert f"kubectl apply -f kubectl-edit-{web_seq}.yaml" in lines
    handed_in = submission.files[f"kubectl-edit-{web_seq}.yaml"]
    assert "resourceVersion" not in handed_in and "uid:" not in handed_in and not handed_in.startswith("#")
    grade = Grade.objects.get(submission=submission)
    assert (grade.score, grade.max_score) == (10.0, 10.0), grade.transcript


def test_background_jobs_survive_a_rebuild_from_the_log(w):
    """A job's runner is a generator, which no snapshot can pickle: while jobs run the last
    snapshot stays, and the lines after it rebuild the same job table."""
    workspace = opened(w.alice, w.endpoints)
    run(w.alice, workspace, "true")
    kept = WorkspaceSnapshot.objects.get(workspace=workspace).seq
    started = run(w.alice, workspace, "sleep 600 &")
    assert started.exit_code == 0 and started.output.startswith("[1] ")
    assert run(w.alice, workspace, "jobs").output == "[1]+  Running                 sleep 600 &\n"
    assert WorkspaceSnapshot.objects.get(workspace=workspace).seq == kept
    cache.clear()  # as after a restart: the snapshot, then the events after it
    assert run(w.alice, workspace, "jobs").output == "[1]+  Running                 sleep 600 &\n"
    run(w.alice, workspace, "kill %1")
    run(w.alice, workspace, "jobs")
    assert WorkspaceSnapshot.objects.get(workspace=workspace).seq > kept  # no jobs left: snapshots again
