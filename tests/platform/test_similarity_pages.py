"""Similar submissions of a course assignment: who may see them (staff; students 403,
others 404), the page showing a near pair side by side and a leak by name, and the
API's shape and schema. Runs the real copy detection on the bank's ClusterIP lab."""

import pytest
from django.urls import reverse
from kubegrade.accounts.api_tokens import api_token_issue
from rest_framework.test import APIClient

from conftest import CLUSTERIP
from kubegrade.courses.bank import bank_assignment
from kubegrade.courses.models import Role
from kubegrade.gradebook.similarity import similarity_build
from kubegrade.submissions.variants import variant_seed
from platform_factories import AssignmentFactory, CourseAssignmentFactory, EnrollmentFactory, SubmissionFactory, \
    UserFactory

# One student's own work, well beyond the reference solution; {{ }} filled per student.
OWN_WORK = """apiVersion: v1
kind: Service
metadata:
  name: {service}
  labels:
    team: blue-lantern
    owner: pagoda
  annotations:
    note: "<b>kept for the audit</b>"
spec:
  sessionAffinity: ClientIP
  ports:
  - name: http-main
    protocol: TCP
    port: 80
    targetPort: 8080
  selector:
    app: {app}
"""


@pytest.fixture
def w(course_world, requires_scoring):
    bank = bank_assignment(CLUSTERIP)
    lab = CourseAssignmentFactory(course=course_world.course, assignment=AssignmentFactory(slug=CLUSTERIP))
    lab.assignment.current_version.content_hash = bank.content_hash
    lab.assignment.current_version.save()
    carol = UserFactory(username="carol")
    EnrollmentFactory(course=course_world.course, user=carol, role=Role.STUDENT)
    course_world.carol, course_world.clusterip, course_world.bank = carol, lab, bank
    return course_world


def variant_of(w, user) -> dict:
    return w.bank.variant(variant_seed(user_id=user.pk, assignment_slug=CLUSTERIP))


def hand_in(w, user, text: str, attempt: int = 1):
    seed = variant_seed(user_id=user.pk, assignment_slug=CLUSTERIP)
    return SubmissionFactory(course_assignment=w.clusterip, student=user, attempt=attempt, seed=seed,
                             files={"svc-web.yaml": text})


def own_work(w, user, **changes) -> str:
    values = {**variant_of(w, user), **changes}
    return OWN_WORK.format(service=values["service"], app=values["app"])


@pytest.fixture
def copied(w):
    """Alice's own work; Bob's copy with his names and one label changed; Carol's copy
    that kept Alice's Service name."""
    alice = hand_in(w, w.alice, own_work(w, w.alice))
    bob = hand_in(w, w.bob, own_work(w, w.bob).replace("owner: pagoda", "owner: temple"))
    carol = hand_in(w, w.carol, own_work(w, w.carol, service=variant_of(w, w.alice)["service"]))
    return alice, bob, carol


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user).key}")
    return client


@pytest.mark.parametrize(("who", "status"), [("prof", 200), ("ta", 200), ("alice", 403), ("outsider", 404),
                                               ("otherprof", 404)])
def test_the_page_is_for_the_courses_staff_only(client, w, who, status):
    client.force_login(getattr(w, who))
    assert client.get(reverse("gradebook:similarity", args=[w.clusterip.pk])).status_code == status


@pytest.mark.parametrize(("who", "status"), [("prof", 200), ("ta", 200), ("alice", 403), ("outsider", 404),
                                               ("otherprof", 404)])
def test_the_api_is_for_the_courses_staff_only(w, who, status):
    r = api(getattr(w, who)).get(f"/api/v1/assignments/{w.clusterip.pk}/similarity/")
    assert r.status_code == status
    if status != 200:
        assert r.json()["code"] == {403: "permission_denied", 404: "not_found"}[status]


def test_the_assignment_staff_card_links_to_the_page(client, w, monkeypatch):
    client.force_login(w.prof)
    html = client.get(reverse("courses:assignment", args=[w.clusterip.pk])).content.decode()
    assert reverse("gradebook:similarity", args=[w.clusterip.pk]) in html


def test_the_page_shows_the_near_pair_side_by_side_and_names_the_leak(client, w, copied):
    client.force_login(w.prof)
    html = client.get(reverse("gradebook:similarity", args=[w.clusterip.pk])).content.decode()
    pairs = html.split('class="card pair"')[1:]
    pair = next(p for p in pairs if "<strong>alice</strong>" in p and "<strong>bob</strong>" in p)
    sides = pair.split('class="side"')[1:]
    assert len(sides) == 2 and "<strong>alice</strong>" in sides[0] and "<strong>bob</strong>" in sides[1]
    assert "owner: pagoda" in sides[0] and "owner: temple" in sides[1]
    assert "&lt;b&gt;kept for the audit&lt;/b&gt;" in sides[0] and "<b>kept" not in html
    assert '<tr class="diff"><td>owner: pagoda</td><td>owner: temple</td></tr>' in pair
    leaks = html[html.index('id="leaks"'):html.index("</table>", html.index('id="leaks"'))]
    assert "carol" in leaks and variant_of(w, w.alice)["service"] in leaks and "alice" in leaks


def test_the_api_returns_groups_pairs_and_leaks_with_students_named(w, copied):
    alice, _, carol = copied
    extra = hand_in(w, w.ta, own_work(w, w.ta))  # staff hand-ins are compared like anyone's
    body = api(w.prof).get(f"/api/v1/assignments/{w.clusterip.pk}/similarity/").json()
    assert body["assignment"] == CLUSTERIP and body["compared"] == 4 and body["error"] == ""
    assert [[s["student"] for s in g["submissions"]] for g in body["groups"]] == [["alice", "ta"]]
    assert body["groups"][0]["matches"] is None and body["groups"][0]["own_shingles"] > 20
    # one pair per two distinct texts: Alice stands for her group with the TA
    pairs = [(p["left"]["student"], p["right"]["student"]) for p in body["near_pairs"]]
    assert ("alice", "bob") in pairs and ("bob", "ta") not in pairs
    pair = body["near_pairs"][pairs.index(("alice", "bob"))]
    assert 0.85 <= pair["similarity"] < 1 and {"owner: pagoda", "owner: temple"} <= {
        line for d in pair["differences"] for line in (d["left"], d["right"])}
    assert pair["left"]["files"]["svc-web.yaml"].startswith("apiVersion: v1")
    assert body["leaks"] == [{"submission": carol.pk, "student": "carol",
                              "value": variant_of(w, w.alice)["service"], "owner": "alice", "variable": "service",
                              "owner_submission": alice.pk}]
    assert extra.pk in {s["id"] for g in body["groups"] for s in g["submissions"]}


def test_only_each_students_latest_submission_is_compared(w):
    hand_in(w, w.alice, own_work(w, w.alice), attempt=1)
    latest = hand_in(w, w.alice, own_work(w, w.alice), attempt=2)
    view = similarity_build(course_assignment=w.clusterip)
    assert view.compared == 1 and view.groups == [] and view.pairs == []
    hand_in(w, w.bob, own_work(w, w.bob))
    view = similarity_build(course_assignment=w.clusterip)
    assert [[m.id for m in g.submissions] for g in view.groups] == [[latest.pk, latest.pk + 1]]


def test_the_reference_solution_handed_in_by_two_students_is_labelled(w):
    for user in (w.alice, w.bob):
        files, _ = w.bank.solution(variant_seed(user_id=user.pk, assignment_slug=CLUSTERIP))
        hand_in(w, user, files["svc-web.yaml"].decode())
    view = similarity_build(course_assignment=w.clusterip)
    assert [(len(g.submissions), g.matches, g.own_shingles) for g in view.groups] == [(2, "solution", 0)]


def test_the_report_takes_two_queries_whatever_the_class_size(w, copied, django_assert_num_queries):
    with django_assert_num_queries(2):
        similarity_build(course_assignment=w.clusterip)


def test_the_openapi_schema_documents_the_similarity_endpoint(w):
    schema = api(w.alice).get("/api/schema/?format=json").json()
    assert "/api/v1/assignments/{course_assignment_id}/similarity/" in schema["paths"]
    fields = schema["components"]["schemas"]["SimilarityReport"]["properties"]
    assert {"groups", "near_pairs", "leaks", "compared"} <= set(fields)


def test_the_page_speaks_korean_to_a_korean_instructor(client, w, copied):
    w.prof.language = "ko"
    w.prof.save()
    client.force_login(w.prof)
    html = client.get(reverse("gradebook:similarity", args=[w.clusterip.pk])).content.decode()
    assert "유사한 제출물" in html and "다른 학생의 값" in html and "학생 3명의 최근 제출물 비교" in html


def test_an_assignment_missing_from_the_bank_gives_a_message_not_a_traceback(client, w):
    SubmissionFactory(course_assignment=w.lab, student=w.alice)
    client.force_login(w.prof)
    r = client.get(reverse("gradebook:similarity", args=[w.lab.pk]))
    assert r.status_code == 200 and "The assignment could not be loaded" in r.content.decode()
