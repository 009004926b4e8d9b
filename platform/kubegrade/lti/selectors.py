"""Reads for the LMS pages: the passback status of a course assignment."""

from kubegrade.lti.models import LineItem, ScoreSend, SendState


def registrations_with_pending() -> list[int]:
    return list(ScoreSend.objects.filter(state=SendState.PENDING)
                .values_list("line_item__context__deployment__registration_id", flat=True).distinct())


def passback_rows(*, course_assignment_id: int) -> list[ScoreSend]:
    return list(ScoreSend.objects.filter(line_item__course_assignment_id=course_assignment_id)
                .select_related("student", "line_item__context").order_by("student__username"))


def line_items_of(*, course_assignment_id: int) -> list[LineItem]:
    return list(LineItem.objects.filter(course_assignment_id=course_assignment_id).select_related("context"))
