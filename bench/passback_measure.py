"""Run by bench/passback.py in a Django process of its own (DATABASE_URL is the bench's
database): builds a course linked to the test platform, starts the workers, makes the
grade changes and counts what reached the platform. Prints one JSON line."""

import json
import os
import sys
import time

import django

django.setup()

from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402
from lti_tool.models import Key, LtiContext, LtiUser  # noqa: E402
from lti_tool.views import jwks  # noqa: E402

from kg_worker_process import WorkerProcess, broker_flush, wait_for  # noqa: E402  (tests/platform)
from kubegrade.accounts.models import User  # noqa: E402
from kubegrade.courses.models import Assignment, Course, CourseAssignment, Enrollment, Role  # noqa: E402
from kubegrade.grading.overrides import grade_override_create  # noqa: E402
from kubegrade.lti.models import CourseContext, LineItem, ScoreSend  # noqa: E402
from kubegrade.lti.services import registration_create  # noqa: E402
from lti_test_platform import LmsTestServer  # noqa: E402  (tests/platform)


def world(lms: LmsTestServer, students: int):
    Key.objects.generate()
    registration = registration_create(
        name="Bench LMS", issuer=lms.issuer, client_id=lms.client_id, auth_url=f"{lms.url}/auth",
        token_url=f"{lms.url}/token", keyset_url=f"{lms.url}/jwks", deployment_ids=[lms.deployment_id])
    course = Course.objects.create(code="bench-passback", title="Bench")
    assignment = Assignment.objects.create(slug="bench/passback", week=1, kind="lab", title_en="Bench lab",
                                           title_ko="Bench lab", points=10)
    ca = CourseAssignment.objects.create(course=course, assignment=assignment, due_at=timezone.now())
    context = LtiContext.objects.create(deployment=registration.deployments.get(), id_on_platform="course-77",
                                        lineitems_url=f"{lms.url}/lineitems?context=course-77")
    CourseContext.objects.create(context=context, course=course)
    LineItem.objects.create(context=context, course_assignment=ca, resource_link_id="link-bench")
    prof = User.objects.create(username="prof")
    people = []
    for n in range(students):
        user = User.objects.create(username=f"student{n:04d}")
        Enrollment.objects.create(course=course, user=user, role=Role.STUDENT)
        LtiUser.objects.create(registration=registration, sub=f"sub-{n:04d}", auth_user=user)
        people.append(user)
    return ca, prof, people


def main(students: int, workers: int) -> dict:
    lms = LmsTestServer().start("http://127.0.0.1:9")  # no tool server: its key set is handed over below
    ca, prof, people = world(lms, students)
    # The platform checks our token requests' signatures against the tool's key set, as
    # the tool's /lti/jwks/ serves it.
    lms.registration.set_tool_key_set(json.loads(jwks(RequestFactory().get("/lti/jwks/")).content))
    broker_flush()
    # INFO: the helper waits for the worker's "ready." line.
    pool = [WorkerProcess({**os.environ, "KUBEGRADE_LOG_LEVEL": "INFO"}, concurrency=1).start() for _ in range(workers)]
    expected = {}
    try:
        start = time.monotonic()
        for rnd, score in ((1, 6.0), (2, 9.0)):
            for n, user in enumerate(people):
                given = score - (n % 5) * 0.5
                grade_override_create(course_assignment=ca, student=user, score=given, reason=f"round {rnd}", by=prof)
                expected[f"sub-{n:04d}"] = given
            # The second round starts once the first arrived: every version is a change the LMS must see.
            wait_for(lambda: len(lms.scores) >= rnd * students, timeout=600, what=f"round {rnd} at the platform",
                     interval=0.05)
        seconds = time.monotonic() - start
        time.sleep(2)  # anything sent twice would arrive now
    finally:
        for worker in pool:
            worker.stop()
        lms.stop()
    per_user: dict[str, list[str]] = {}
    for _, body in lms.scores:
        per_user.setdefault(body["userId"], []).append(body["timestamp"])
    stamps = [(user, stamp) for user, seq in per_user.items() for stamp in seq]
    last = {body["userId"]: body["scoreGiven"] for _, body in lms.scores}
    return {
        "students": students, "workers": workers, "changes": 2 * students, "accepted": len(lms.scores),
        "lost": 2 * students - len(set(stamps)), "sent_twice": len(stamps) - len(set(stamps)),
        "out_of_order": sum(seq != sorted(seq) for seq in per_user.values()),
        "refused": sum(status != 200 for status in lms.answers),
        "wrong_last": sum(last.get(sub) != score for sub, score in expected.items()),
        "pending_left": ScoreSend.objects.exclude(state="sent").count(),
        "seconds": seconds, "per_second": len(lms.scores) / seconds, "max_in_flight": lms.max_in_flight,
        "token_requests": lms.token_requests,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
