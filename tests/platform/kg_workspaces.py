"""Helpers for the workspace tests: a course with real bank labs and a student in it."""

from types import SimpleNamespace

from platform_factories import CourseFactory, EnrollmentFactory, UserFactory

from kubegrade.courses.bank import bank_assignment
from kubegrade.courses.models import Role
from kubegrade.courses.services import assignment_upsert_from_bank, course_assignment_add

ENDPOINTS = "week4/05-endpoints"
DNS_FQDN = "week4/03-dns-fqdn"  # a lab that takes commands (max_commands: 30)


def workspace_world() -> SimpleNamespace:
    course = CourseFactory(code="k8s-ws", title="Workspace course")
    other = CourseFactory(code="k8s-other", title="Other course")
    people = {name: UserFactory(username=name) for name in ["prof", "ta", "alice", "bob", "stranger"]}
    for name, role in [("prof", Role.INSTRUCTOR), ("ta", Role.TA), ("alice", Role.STUDENT), ("bob", Role.STUDENT)]:
        EnrollmentFactory(course=course, user=people[name], role=role)
    EnrollmentFactory(course=other, user=people["stranger"], role=Role.STUDENT)
    labs = {}
    for slug in (ENDPOINTS, DNS_FQDN):
        assignment_upsert_from_bank(bank_assignment(slug))
        from kubegrade.courses.models import Assignment

        labs[slug] = course_assignment_add(course=course, assignment=Assignment.objects.get(slug=slug))
    return SimpleNamespace(course=course, endpoints=labs[ENDPOINTS], dns=labs[DNS_FQDN], **people)
