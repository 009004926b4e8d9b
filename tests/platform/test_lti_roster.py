"""Names and Role Provisioning against the test platform (its NRPS 2.0 endpoint, paged,
scope checked): the staff's button and the beat task bring the LMS roster in; students
who never launched appear in the gradebook; people who left are marked, not deleted."""

import re

import pytest

from test_lti import INSTRUCTOR, LEARNER, TA, first_launch, launch, lms  # noqa: F401  (fixtures and helpers)

ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"


def member(user_id: str, roles: list[str], status: str = "Active") -> dict:
    return {"user_id": user_id, "roles": roles, "status": status, "given_name": user_id.title(),
            "family_name": "Tester", "name": f"{user_id.title()} Tester", "email": f"{user_id}@lms.test"}


@pytest.fixture
def course_with_roster(lms, stub_engine):
    """The instructor launched once (so the LMS gave its memberships URL); the LMS roster
    has five people across three pages, an administrator and someone inactive."""
    import platform_factories as f

    from kubegrade.courses.services import course_assignment_add
    from kubegrade.lti.models import CourseContext

    lms.members["course-77"] = [member("prof", [INSTRUCTOR]), member("alice", [LEARNER]), member("bob", [LEARNER]),
                                member("carol", [TA]), member("root", [ADMIN]), member("dave", [LEARNER], "Inactive")]
    resp = first_launch(lms)
    course = CourseContext.objects.get().course
    ca = course_assignment_add(course=course, assignment=f.AssignmentFactory(slug="week4/90-lab"))
    return course, ca, resp.browser


def _enrolments(course) -> dict[str, tuple[str, str]]:
    return {e.user.username.split("-", 1)[1]: (e.role, e.state) for e in course.enrollments.select_related("user")}


def _sync_button(lms, browser, ca) -> str:
    page = browser.get(f"{lms.tool}/lti/assignments/{ca.pk}/passback/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    assert 'id="roster-sync"' in page.text
    done = browser.post(f"{lms.tool}/lti/courses/{ca.course_id}/roster/sync/", headers={"Referer": page.url},
                        data={"csrfmiddlewaretoken": token, "next": f"/lti/assignments/{ca.pk}/passback/"})
    assert done.status_code == 200 and done.url == page.url
    return done.text


def test_the_staff_button_brings_in_the_whole_roster_with_their_roles(lms, course_with_roster):
    course, ca, browser = course_with_roster
    page = _sync_button(lms, browser, ca)
    assert "Roster synced: 3 added, 0 marked as left, 1 unchanged." in page
    assert _enrolments(course) == {"prof": ("instructor", "active"), "alice": ("student", "active"),
                                   "bob": ("student", "active"), "carol": ("ta", "active")}
    assert lms.roster_requests == 3  # pages of two, followed through Link rel="next"


def test_students_who_never_launched_appear_in_the_gradebook(lms, course_with_roster):
    course, ca, browser = course_with_roster
    _sync_button(lms, browser, ca)
    gradebook = browser.get(f"{lms.tool}/courses/{course.pk}/gradebook/")
    assert gradebook.status_code == 200
    assert "lti1-alice" in gradebook.text or "Alice" in gradebook.text
    assert "lti1-bob" in gradebook.text or "Bob" in gradebook.text


def test_people_who_left_are_marked_not_deleted_and_come_back_on_launch(lms, course_with_roster, settings):
    from kubegrade.lti.tasks import rosters_sync_task

    course, ca, browser = course_with_roster
    _sync_button(lms, browser, ca)
    # alice dropped the course (the LMS no longer lists her); bob is now Inactive.
    lms.members["course-77"] = [m for m in lms.members["course-77"] if m["user_id"] != "alice"]
    next(m for m in lms.members["course-77"] if m["user_id"] == "bob")["status"] = "Inactive"
    rosters_sync_task.delay()  # what beat runs (eager in the tests)
    assert _enrolments(course)["alice"] == ("student", "left") and _enrolments(course)["bob"] == ("student", "left")
    assert _enrolments(course)["prof"] == ("instructor", "active")
    launch(lms, "alice", [LEARNER])
    assert _enrolments(course)["alice"] == ("student", "active")


def test_an_account_enrolled_by_hand_is_never_marked_by_the_lms(lms, course_with_roster):
    import platform_factories as f

    from kubegrade.courses.services import enrollment_upsert
    from kubegrade.lti.roster import roster_sync
    from kubegrade.lti.selectors import contexts_with_roster

    course, ca, browser = course_with_roster
    enrollment_upsert(course=course, user=f.UserFactory(username="guest"), role="student")
    roster_sync(context_id=contexts_with_roster(course_id=course.pk)[0])
    assert course.enrollments.get(user__username="guest").state == "active"


def test_a_roster_the_lms_refuses_is_said_in_words(lms, course_with_roster):
    course, ca, browser = course_with_roster
    del lms.members["course-77"]
    assert "The LMS did not give the roster (404)" in _sync_button(lms, browser, ca)


def test_a_roster_gives_course_roles_from_context_roles_only(lms, course_with_roster):
    """Issue 16, finding 1, through NRPS: a faculty member listed with Canvas's institution
    Instructor role beside a Learner membership is a student here; an institution role
    alone enrols nobody."""
    from kubegrade.lti.roster import roster_sync
    from kubegrade.lti.selectors import contexts_with_roster

    course, ca, browser = course_with_roster
    inst = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"
    lms.members["course-77"] += [member("faculty", [inst, LEARNER]), member("dean", [inst])]
    roster_sync(context_id=contexts_with_roster(course_id=course.pk)[0])
    assert _enrolments(course)["faculty"] == ("student", "active")
    assert "dean" not in _enrolments(course)
