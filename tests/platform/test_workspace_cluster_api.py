"""The workspace's cluster API (`/k8s/<workspace id>/`) for a student's own kubectl: the
kubeconfig download (a token kept hashed, rotated and revoked), owner-only access (no token,
another student's token, staff signed in with a cookie, a revoked token, an owner who left),
the terminal's bounds (rate, body, answer, watch), and API writes kept in the workspace's log
so a rebuild gives the same cluster. Status texts are kube-apiserver's (hand-written here)."""

import json

import pytest
import yaml
from django.test import Client

from kg_workspaces import workspace_world

from kubegrade.courses.models import Enrollment, EnrollmentState
from kubegrade.workspaces import cache, cluster_api, services
from kubegrade.workspaces.models import EventKind, WorkspaceApiToken, WorkspaceEvent, WorkspaceSnapshot

CONFIGMAP = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "from-my-kubectl"},
                        "data": {"a": "1"}})


@pytest.fixture
def w(db, requires_scoring, settings):
    settings.KUBEGRADE_WORKSPACE_SANDBOXES = 0  # in-process; test_workspace_sandbox.py covers the sandboxes
    cache.clear()
    yield workspace_world()
    cache.clear()


def downloaded(user, ca) -> dict:
    client = Client()
    client.force_login(user)
    response = client.post(f"/assignments/{ca.pk}/workspace/kubeconfig/")
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith('attachment; filename="kubeconfig-workspace-')
    return yaml.safe_load(response.content)


def token_of(config: dict) -> str:
    return config["users"][0]["user"]["token"]


def path_of(config: dict, rest: str) -> str:
    server = config["clusters"][0]["cluster"]["server"]
    return server.split("testserver", 1)[1] + rest


def call(config, rest, token=None, method="get", body=None, **extra):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    return getattr(client, method)(path_of(config, rest), **kwargs, **headers, **extra)


def status_of(response) -> tuple:
    body = json.loads(response.content)
    return body["kind"], body["code"], body["reason"], body["message"]


def test_the_kubeconfig_names_the_workspace_and_keeps_only_the_tokens_hash(w):
    config = downloaded(w.alice, w.endpoints)
    token = token_of(config)
    workspace = services.workspace_open(user=w.alice, course_assignment=w.endpoints)[0]
    assert config["clusters"][0]["cluster"]["server"] == f"https://testserver/k8s/{workspace.pk}"
    assert config["current-context"] == config["contexts"][0]["name"]
    stored = WorkspaceApiToken.objects.get(workspace=workspace)
    assert stored.token_hash == cluster_api.token_hash(token) and token not in stored.token_hash


def test_the_owner_lists_pods_as_the_api_server_answers(w):
    config = downloaded(w.alice, w.endpoints)
    response = call(config, "/api/v1/namespaces/default/pods", token_of(config))
    assert response.status_code == 200
    listing = json.loads(response.content)
    assert listing["kind"] == "PodList" and listing["items"]
    table = call(config, "/api/v1/namespaces/default/pods", token_of(config),
                 HTTP_ACCEPT="application/json;as=Table;v=v1;g=meta.k8s.io")
    assert json.loads(table.content)["columnDefinitions"][0]["name"] == "Name"


def test_no_token_is_401_as_the_api_server_says_it(w):
    config = downloaded(w.alice, w.endpoints)
    response = call(config, "/api/v1/namespaces/default/pods")
    assert response.status_code == 401
    assert status_of(response) == ("Status", 401, "Unauthorized", "Unauthorized")


def test_another_students_token_is_401_on_this_workspace(w):
    mine = downloaded(w.alice, w.endpoints)
    theirs = downloaded(w.bob, w.endpoints)
    assert call(theirs, "/api", token_of(theirs)).status_code == 200
    response = call(mine, "/api/v1/namespaces/default/pods", token_of(theirs))
    assert response.status_code == 401 and status_of(response)[2] == "Unauthorized"


def test_staff_signed_in_get_401_without_the_token_and_cannot_download_one(w):
    from platform_factories import EnrollmentFactory, UserFactory

    from kubegrade.courses.models import Role

    elsewhere = UserFactory(username="otherprof")
    EnrollmentFactory(course=w.stranger.enrollments.get().course, user=elsewhere, role=Role.INSTRUCTOR)
    config = downloaded(w.alice, w.endpoints)
    # this course's instructor and TA; staff of another course; a student of another course
    for person in (w.prof, w.ta, elsewhere, w.stranger):
        client = Client()
        client.force_login(person)
        response = client.get(path_of(config, "/api/v1/namespaces/default/pods"))
        assert response.status_code == 401
        refused = client.post(f"/assignments/{w.endpoints.pk}/workspace/kubeconfig/")
        assert refused.status_code in (403, 404)


def test_an_owner_who_left_the_course_gets_403(w):
    config = downloaded(w.alice, w.endpoints)
    Enrollment.objects.filter(user=w.alice, course=w.course).update(state=EnrollmentState.LEFT)
    response = call(config, "/api/v1/namespaces/default/pods", token_of(config))
    assert response.status_code == 403 and status_of(response)[2] == "Forbidden"


def test_a_new_kubeconfig_revokes_the_old_token_and_revoke_ends_every_token(w):
    first = downloaded(w.alice, w.endpoints)
    second = downloaded(w.alice, w.endpoints)
    assert call(first, "/api", token_of(first)).status_code == 401
    assert call(second, "/api", token_of(second)).status_code == 200
    client = Client()
    client.force_login(w.alice)
    assert client.post(f"/assignments/{w.endpoints.pk}/workspace/kubeconfig/revoke/").status_code == 302
    assert call(second, "/api", token_of(second)).status_code == 401


def test_a_write_is_logged_and_survives_a_rebuild_from_the_log(w):
    config = downloaded(w.alice, w.endpoints)
    created = call(config, "/api/v1/namespaces/default/configmaps", token_of(config), "post", CONFIGMAP)
    assert created.status_code == 201
    workspace = services.workspace_open(user=w.alice, course_assignment=w.endpoints)[0]
    event = WorkspaceEvent.objects.filter(workspace=workspace, kind=EventKind.API).get()
    assert (event.line, event.exit_code) == ("POST /api/v1/namespaces/default/configmaps", 201)
    cache.clear()
    WorkspaceSnapshot.objects.filter(workspace=workspace).delete()
    step = services.workspace_run_command(user=w.alice, workspace_id=workspace.pk,
                                          line="kubectl get configmap from-my-kubectl -o jsonpath={.data.a}").step
    assert step.output == "1"


def test_errors_are_status_objects(w):
    config = downloaded(w.alice, w.endpoints)
    missing = call(config, "/api/v1/namespaces/default/pods/nope", token_of(config))
    assert status_of(missing) == ("Status", 404, "NotFound", 'pods "nope" not found')


def test_the_rate_is_bounded_with_retry_after(w, settings):
    settings.KUBEGRADE_WORKSPACE_API_REQUESTS_PER_MINUTE = 3
    from django.core.cache import cache as shared

    shared.clear()
    config = downloaded(w.alice, w.endpoints)
    answers = [call(config, "/api", token_of(config)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert status_of(answers[-1])[:3] == ("Status", 429, "TooManyRequests") and int(answers[-1]["Retry-After"]) >= 1
    shared.clear()


def test_a_body_over_the_request_limit_is_413(w, settings):
    config = downloaded(w.alice, w.endpoints)
    settings.KUBEGRADE_MAX_REQUEST_BYTES = 64
    response = call(config, "/api/v1/namespaces/default/configmaps", token_of(config), "post", CONFIGMAP)
    assert response.status_code == 413


def test_a_watch_ends_with_what_there_is(w):
    config = downloaded(w.alice, w.endpoints)
    response = call(config, "/api/v1/namespaces/default/pods?watch=1", token_of(config))
    lines = response.content.decode().splitlines()
    assert response.status_code == 200 and lines and all(json.loads(x)["type"] == "ADDED" for x in lines)


def test_the_workspace_page_offers_the_download_to_its_owner_only(w):
    client = Client()
    client.force_login(w.alice)
    page = client.get(f"/assignments/{w.endpoints.pk}/workspace/").content.decode()
    assert 'id="kubeconfig-download"' in page and 'id="kubeconfig-revoke"' in page
    workspace = services.workspace_open(user=w.alice, course_assignment=w.endpoints)[0]
    staff = Client()
    staff.force_login(w.prof)
    assert 'id="kubeconfig-download"' not in staff.get(f"/workspaces/{workspace.pk}/").content.decode()
