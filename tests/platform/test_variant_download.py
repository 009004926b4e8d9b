""""Download my variant": the zip holds the student's starter files and seed, and the local
check run on it (`python -m simulator grade --seed SEED`) gives the grade the server gives
the same files. Worked on a partly wrong hand-in, so the equality is not 0 = 0 or 10 = 10."""

import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import ROOT
from kubegrade.submissions.models import Status, Submission
from test_api_permissions import client_for

pytestmark = pytest.mark.usefixtures("requires_scoring")
SLUG = "week4/01-clusterip"


@pytest.fixture
def lab(db):
    from kubegrade.courses.demo import demo_course_seed
    from kubegrade.courses.models import CourseAssignment
    from kubegrade.courses.services import assignments_sync_from_bank

    assignments_sync_from_bank()
    course, _ = demo_course_seed()
    ca = CourseAssignment.objects.get(course=course, assignment__slug=SLUG)
    return ca, course.enrollments.get(user__username="student1").user


def test_the_local_check_of_the_downloaded_variant_grades_what_the_server_grades(
        client, lab, tmp_path, django_capture_on_commit_callbacks):
    ca, student = lab
    client.force_login(student)
    page = client.get(reverse("courses:assignment", args=[ca.pk])).content.decode()
    assert reverse("submissions:variant_download", args=[ca.pk]) in page
    response = client.get(reverse("submissions:variant_download", args=[ca.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    folder = tmp_path / "week4-01-clusterip"
    seed = int((folder / "SEED").read_text())
    assert f"--seed {seed}" in (folder / "CHECK-LOCALLY.txt").read_text()
    assert sorted(p.name for p in (folder / "submission").iterdir()) == ["svc-web.yaml"]

    # the student's work: the targetPort typo case of the bank, written with their own values
    sys.path.insert(0, str(ROOT))
    from scoring.bank import load_assignment, render_folder

    assignment = load_assignment(ROOT / "assignments" / SLUG)
    work = render_folder(ROOT / "assignments" / SLUG / "wrong" / "targetport-80", assignment.variant(seed))
    (folder / "submission" / "svc-web.yaml").write_bytes(work["svc-web.yaml"])

    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(student).post(f"/api/v1/assignments/{ca.pk}/submissions/",
                                     {"files": [SimpleUploadedFile("svc-web.yaml", work["svc-web.yaml"])]},
                                     format="multipart")
    server = Submission.objects.get(pk=r.json()["id"])
    assert server.status == Status.GRADED and server.seed == seed
    local = subprocess.run(
        [sys.executable, "-m", "simulator", "grade", str(ROOT / "assignments" / SLUG),
         "--submission", str(folder / "submission"), "--seed", str(seed), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(local.stdout)
    assert 0 < report["score"] < report["max_score"]
    assert (report["score"], report["max_score"]) == (server.score, server.max_score)
    server_checks = client_for(student).get(f"/api/v1/submissions/{server.pk}/").json()["checks"]
    assert [(c["id"], c["passed"]) for c in report["checks"]] == [(c["id"], c["passed"]) for c in server_checks]


def test_another_students_variant_is_not_downloadable_by_an_outsider(client, lab, course_world):
    ca, _ = lab
    client.force_login(course_world.outsider)
    assert client.get(reverse("submissions:variant_download", args=[ca.pk])).status_code == 404
