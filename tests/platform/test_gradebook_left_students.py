"""Students the LMS roster no longer lists (Enrollment.state "left", issue 11) stay in the
gradebook with their grades, marked on their row, and a filter shows only them."""

from django.urls import reverse

from kubegrade.courses.models import Enrollment, EnrollmentState
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.gradebook.table import TableQuery, table_rows


def bob_left(w):
    Enrollment.objects.filter(course=w.course, user=w.bob).update(state=EnrollmentState.LEFT)


def test_the_filter_shows_only_the_students_who_left(course_world):
    bob_left(course_world)
    book = gradebook_build(course=course_world.course)
    ids = [ca.pk for ca in book.columns]
    assert [r.username for r in table_rows(book, TableQuery.from_params({"show": "left"}, ids))] == ["bob"]
    assert [r.username for r in table_rows(book, TableQuery.from_params({}, ids))] == ["alice", "bob"]


def test_the_gradebook_page_marks_the_row_of_a_student_who_left(client, course_world):
    bob_left(course_world)
    client.force_login(course_world.prof)
    page = client.get(reverse("gradebook:gradebook", args=[course_world.course.pk])).content.decode()
    bob_row = next(row for row in page.split("<tr>") if ">bob</a>" in row)
    alice_row = next(row for row in page.split("<tr>") if ">alice</a>" in row)
    assert '<span class="badge left">Left the course</span>' in bob_row
    assert "Left the course" not in alice_row
    assert '<option value="left">Left the course</option>' in page
