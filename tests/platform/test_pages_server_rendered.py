"""Server-rendered pages through Django's test client: who sees which page, the
submit form's errors, the language per user, and the JSON the pages poll.
(The same flows in a real browser are in test_browser_flows.py.)"""

import pytest
from django.urls import reverse

from kubegrade.courses import instructions
from kubegrade.submissions.models import Submission
from platform_factories import SubmissionFactory


@pytest.fixture
def w(course_world, stub_engine, monkeypatch):
    """Pages render bank instructions; here a small stand-in assignment provides them."""
    class BankLab:
        content_hash = "x"

        def render_instructions(self, lang, seed):
            return "# 서비스 만들기" if lang == "ko" else f"# Create a Service\n\nUse port `{seed % 1000}`."

        def variant(self, seed):
            return {"service_name": f"web-{seed % 97}", "port": 8080}

        def shown_values(self, seed):
            return {"service_name": f"web-{seed % 97}", "port": "8080"}

        def questions(self, lang, seed):
            return []

    monkeypatch.setattr(instructions, "bank_assignment", lambda slug, content_hash=None: BankLab())
    return course_world


def login(client, user):
    client.force_login(user)
    return client


def test_pages_need_a_sign_in(client, w):
    r = client.get(reverse("courses:list"))
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert client.get("/login/").status_code == 200


def test_a_student_sees_their_course_assignment_and_variant(client, w):
    login(client, w.alice)
    assert "k8s-test" in client.get(reverse("courses:list")).content.decode()
    page = client.get(reverse("courses:detail", args=[w.course.pk])).content.decode()
    assert "Test lab" in page and "Gradebook" not in page
    r = client.get(reverse("courses:assignment", args=[w.lab.pk]))
    html = r.content.decode()
    assert r.status_code == 200 and "<h1>Create a Service</h1>" in html and "service_name" in html
    assert 'name="file__service.yaml"' in html and 'name="commands"' in html


def test_the_page_language_follows_the_user(client, w):
    w.bob.language = "ko"
    w.bob.save()
    login(client, w.bob)
    html = client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()
    assert "서비스 만들기" in html and "채점 요청" in html and "테스트 실습" in html and 'lang="ko"' in html
    client.post(reverse("language-set"), {"language": "en", "next": "/courses/"})
    w.bob.refresh_from_db()
    assert w.bob.language == "en"
    assert "Submit for grading" in client.get(reverse("courses:assignment", args=[w.lab.pk])).content.decode()


def test_submitting_from_the_page_redirects_to_the_result(client, w, django_capture_on_commit_callbacks):
    login(client, w.alice)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("submissions:submit", args=[w.lab.pk]),
                        {"file__service.yaml": "kind: Service\n", "commands": "kubectl apply -f service.yaml"})
    sub = Submission.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("submissions:detail", args=[sub.pk])
    html = client.get(r["Location"]).content.decode()
    assert "10 <small>/ 10</small>" in html and "3 endpoints" in html and "Check the selector." not in html
    status = client.get(reverse("submissions:status", args=[sub.pk])).json()
    assert status == {"id": sub.pk, "status": "graded", "score": 10.0, "max_score": 10.0, "pending": False}


def test_a_too_large_page_upload_shows_the_limit_with_413(client, w):
    login(client, w.alice)
    r = client.post(reverse("submissions:submit", args=[w.lab.pk]), {"file__service.yaml": "a: b\n" * 1000})
    assert r.status_code == 413 and "at most 4096 bytes" in r.content.decode()
    assert not Submission.objects.exists()


def test_other_students_and_outsiders_get_404_for_a_submission(client, w):
    sub = SubmissionFactory(course_assignment=w.lab, student=w.alice)
    for user, status in [(w.bob, 404), (w.outsider, 404), (w.otherprof, 404), (w.ta, 200), (w.alice, 200)]:
        login(client, user)
        assert client.get(reverse("submissions:detail", args=[sub.pk])).status_code == status
        assert client.get(reverse("submissions:status", args=[sub.pk])).status_code == status


@pytest.mark.parametrize("name", ["gradebook:gradebook", "gradebook:csv"])
def test_staff_pages_refuse_students_and_outsiders(client, w, name):
    url = reverse(name, args=[w.course.pk])
    for user, status in [(w.alice, 403), (w.outsider, 404), (w.otherprof, 404), (w.ta, 200), (w.prof, 200)]:
        login(client, user)
        assert client.get(url).status_code == status


def test_the_gradebook_page_has_the_table_plot_and_csv(client, w):
    SubmissionFactory(course_assignment=w.lab, student=w.alice, status="graded", score=8.0, max_score=10.0,
                      gradable=True)
    login(client, w.prof)
    html = client.get(reverse("gradebook:gradebook", args=[w.course.pk])).content.decode()
    assert 'id="gradebook"' in html and "<svg" in html and ">8</a>" in html
    csv = client.get(reverse("gradebook:csv", args=[w.course.pk]))
    assert csv["Content-Disposition"].endswith('k8s-test-gradebook.csv"') and f"Test,{w.alice.pk},alice,alice,k8s-test,8.00,".encode() in csv.content


def test_staff_grant_extensions_and_overrides_from_the_pages(client, w):
    """README, "Who may do what": TAs grant extensions; overrides are the instructors'
    unless the course turns on "TAs may override grades"."""
    login(client, w.ta)
    r = client.post(reverse("gradebook:extensions", args=[w.lab.pk]),
                    {"student": w.bob.pk, "due_at": "2031-01-02T10:00", "reason": "hospital"})
    assert r.status_code == 302 and w.lab.extensions.get().reason == "hospital"
    page = client.get(reverse("gradebook:student", args=[w.course.pk, w.alice.pk])).content.decode()
    assert 'id="override-form"' not in page
    r = client.post(reverse("gradebook:override", args=[w.course.pk, w.alice.pk]),
                    {"course_assignment": w.lab.pk, "score": "7", "reason": "appeal"})
    assert r.status_code == 403 and not w.lab.overrides.exists()
    w.course.tas_may_override_grades = True
    w.course.save()
    r = client.post(reverse("gradebook:override", args=[w.course.pk, w.alice.pk]),
                    {"course_assignment": w.lab.pk, "score": "7", "reason": "appeal"})
    assert r.status_code == 302 and w.lab.overrides.get().created_by == w.ta
    assert "appeal" in client.get(reverse("gradebook:student", args=[w.course.pk, w.alice.pk])).content.decode()
    login(client, w.alice)
    assert client.post(reverse("gradebook:override", args=[w.course.pk, w.alice.pk]),
                       {"course_assignment": w.lab.pk, "score": "10", "reason": "me"}).status_code == 403
    login(client, w.otherprof)
    assert client.post(reverse("gradebook:override", args=[w.course.pk, w.alice.pk]),
                       {"course_assignment": w.lab.pk, "score": "10", "reason": "x"}).status_code == 404


def test_regrade_all_from_the_page_shows_progress_after_a_reload(client, w, django_capture_on_commit_callbacks):
    sub = SubmissionFactory(course_assignment=w.lab, student=w.alice, status="graded", score=1.0, max_score=10.0)
    login(client, w.prof)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("gradebook:regrade", args=[w.lab.pk]))
    assert r.status_code == 302
    html = client.get(reverse("gradebook:regrade", args=[w.lab.pk])).content.decode()
    assert "1 done, 0 failed of 1" in html and 'data-finished="1"' in html
    sub.refresh_from_db()
    assert sub.score == 10.0
    login(client, w.alice)
    batch_id = w.lab.regrade_batches.get().pk
    assert client.get(reverse("gradebook:regrade-progress", args=[batch_id])).status_code == 403


def test_the_admin_lists_every_model(admin_client, db):
    for path in ["courses/course", "courses/enrollment", "courses/assignment", "courses/assignmentversion",
                 "courses/courseassignment", "courses/extension", "submissions/submission", "grading/grade",
                 "grading/gradeoverride", "grading/regradebatch", "accounts/user"]:
        assert admin_client.get(f"/admin/{path}/").status_code == 200, path


def test_an_assignment_page_is_hidden_from_outsiders_and_unpublished_ones_from_students(client, w):
    url = reverse("courses:assignment", args=[w.lab.pk])
    login(client, w.outsider)
    assert client.get(url).status_code == 404
    w.lab.published = False
    w.lab.save()
    login(client, w.alice)
    assert client.get(url).status_code == 404
    listed = client.get(reverse("courses:detail", args=[w.course.pk])).content.decode()
    assert f'href="{url}"' not in listed
    login(client, w.prof)
    assert client.get(url).status_code == 200
