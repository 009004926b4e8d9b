"""Deep Linking 2.0 against the test platform: the instructor picks assignments on our
page, the LMS gets one resource link and one gradebook column per assignment (label,
scoreMaximum, resourceId), a grade lands in that column, and neither a second launch nor
a course copy adds a column."""

import html
import re

import pytest

from test_lti import INSTRUCTOR, LEARNER, _graded, first_launch, launch, lms  # noqa: F401  (fixtures and helpers)


def _csrf(page_html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html).group(1)


def deep_link(lms, cas, context_id="course-77", context_label="K8S") -> list[str]:
    """The instructor's deep linking launch, our picker page, and the form we return to the LMS."""
    resp = launch(lms, "prof", [INSTRUCTOR], message_type="LtiDeepLinkingRequest", context_id=context_id,
                  context_label=context_label)
    assert resp.status_code == 302 and "/deep-link/" in resp.headers["Location"], resp.text
    page = resp.browser.get(lms.tool + resp.headers["Location"])
    assert page.status_code == 200
    for ca in cas:
        assert ca.assignment.title_en in page.text
    answer = resp.browser.post(page.url, data={"csrfmiddlewaretoken": _csrf(page.text),
                                               "course_assignment": [ca.pk for ca in cas]},
                               headers={"Referer": page.url})
    assert answer.status_code == 200, answer.text
    form = re.search(r'action="([^"]+)" method="POST"><input type="hidden" name="JWT" value="([^"]+)"', answer.text)
    assert html.unescape(form.group(1)) == f"{lms.url}/deep-link-return"
    return lms.deep_link_return(form.group(2), context_id)


@pytest.fixture
def two_labs(lms, stub_engine):
    import platform_factories as f

    from kubegrade.courses.services import course_assignment_add
    from kubegrade.lti.models import CourseContext

    first_launch(lms)
    course = CourseContext.objects.get().course
    labs = [course_assignment_add(course=course, assignment=f.AssignmentFactory(
        slug=f"week4/9{n}-lab", title_en=f"Lab 9{n}", points=10 + n)) for n in (1, 2)]
    return labs, stub_engine


def test_each_chosen_assignment_becomes_one_link_with_one_column(lms, two_labs):
    labs, _ = two_labs
    links = deep_link(lms, labs)
    assert len(links) == 2
    columns = sorted(lms.columns(), key=lambda c: c["label"])
    assert [(c["label"], c["scoreMaximum"], c["resourceId"]) for c in columns] == [
        ("Lab 91", 11, "kubegrade:week4/91-lab"), ("Lab 92", 12, "kubegrade:week4/92-lab")]
    assert {lms.links[link]["custom"]["assignment"] for link in links} == {"week4/91-lab", "week4/92-lab"}


def test_a_student_launching_the_link_is_graded_into_that_column_and_no_other(lms, two_labs):
    from kubegrade.accounts.models import User

    labs, engine = two_labs
    links = deep_link(lms, labs)
    link = next(link for link in links if lms.links[link]["custom"]["assignment"] == "week4/91-lab")
    resp = launch(lms, "alice", [LEARNER], claims=lms.link_launch_claims(link, sub="alice", roles=[LEARNER]))
    assert resp.headers["Location"] == f"/assignments/{labs[0].pk}/"
    launch(lms, "alice", [LEARNER], claims=lms.link_launch_claims(link, sub="alice", roles=[LEARNER]))  # again
    engine.report = {**engine.report, "score": 11.0, "max_score": 11.0}
    _graded(labs[0], User.objects.get(username__endswith="alice"), 11)
    column = next(c for c in lms.columns() if c["resourceLinkId"] == link)
    assert [(column_id, body["scoreGiven"]) for column_id, body in lms.scores] == [
        (column["id"].rsplit("/", 1)[1], 11.0)]
    assert len(lms.columns()) == 2


def test_a_course_copy_finds_its_copied_columns_instead_of_adding_new_ones(lms, two_labs):
    from kubegrade.accounts.models import User
    from kubegrade.courses.services import course_assignment_add
    from kubegrade.lti.models import CourseContext

    labs, engine = two_labs
    links = deep_link(lms, labs)
    renamed = lms.course_copy("course-77", "course-78")
    first_launch(lms, context_id="course-78", context_label="K8S-NEXT")
    copy = CourseContext.objects.get(context__id_on_platform="course-78").course
    for ca in labs:
        course_assignment_add(course=copy, assignment=ca.assignment)
    # The copy's launch names the line items container but not the column (as Moodle does).
    link = renamed[links[0]]
    launch(lms, "bob", [LEARNER], claims=lms.link_launch_claims(link, sub="bob", roles=[LEARNER], with_lineitem=False))
    copied_ca = copy.course_assignments.get(assignment__slug=lms.links[link]["custom"]["assignment"])
    engine.report = {**engine.report, "score": 5.0, "max_score": copied_ca.assignment.points}
    _graded(copied_ca, User.objects.get(username__endswith="bob"), 5)
    assert len(lms.columns("course-77")) == 2 and len(lms.columns("course-78")) == 2
    copied_column = next(c for c in lms.columns("course-78") if c["resourceLinkId"] == link)
    copied_column_id = copied_column["id"].rsplit("/", 1)[1]
    assert [(column_id, body["userId"]) for column_id, body in lms.scores] == [(copied_column_id, "bob")]


def test_an_instructors_first_launch_may_be_the_deep_linking_one(lms):
    """The LMS course is linked on the way: the instructor chooses its course, then picks
    assignments as if it had always been linked."""
    from kubegrade.lti.models import CourseContext

    resp = first_launch(lms, message_type="LtiDeepLinkingRequest")
    course = CourseContext.objects.get().course
    assert resp.status_code == 302 and resp.headers["Location"] == f"/lti/courses/{course.pk}/deep-link/"
    picker = resp.browser.get(lms.tool + resp.headers["Location"])
    assert picker.status_code == 200 and 'id="deep-link-return"' in picker.text


def test_the_deep_link_page_is_only_for_the_course_the_launch_is_linked_to(lms):
    import platform_factories as f

    from kubegrade.accounts.models import User
    from kubegrade.courses.services import enrollment_upsert

    first_launch(lms)
    resp = launch(lms, "prof", [INSTRUCTOR], message_type="LtiDeepLinkingRequest")
    other = f.CourseFactory(code="other")
    enrollment_upsert(course=other, user=User.objects.get(username__endswith="prof"), role="instructor")
    assert resp.browser.get(f"{lms.tool}/lti/courses/{other.pk}/deep-link/").status_code == 404
