"""Reads for the LMS pages and tasks: passback status, contexts with a roster service."""

from lti_tool.models import LtiContext

from kubegrade.lti.models import LineItem, ScoreSend, SendState


def contexts_with_roster(*, course_id: int | None = None) -> list[int]:
    """LMS contexts mapped to a course whose launches gave an NRPS memberships URL."""
    contexts = LtiContext.objects.exclude(memberships_url="").filter(kubegrade_course__isnull=False)
    if course_id is not None:
        contexts = contexts.filter(kubegrade_course__course_id=course_id)
    return list(contexts.values_list("pk", flat=True))


def registrations_with_pending() -> list[int]:
    return list(ScoreSend.objects.filter(state=SendState.PENDING)
                .values_list("line_item__context__deployment__registration_id", flat=True).distinct())


def passback_rows(*, course_assignment_id: int) -> list[ScoreSend]:
    return list(ScoreSend.objects.filter(line_item__course_assignment_id=course_assignment_id)
                .select_related("student", "line_item__context").order_by("student__username"))


def line_items_of(*, course_assignment_id: int) -> list[LineItem]:
    return list(LineItem.objects.filter(course_assignment_id=course_assignment_id).select_related("context"))
