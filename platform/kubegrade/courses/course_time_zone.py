"""One time-zone rule for a course's staff pages and CSVs: the course's own zone.

A course runs on one clock (its due dates are set for a classroom), so every staff page
of the course, its CSV exports and the due dates typed into its forms and CSV imports use
`Course.time_zone` (blank: settings.TIME_ZONE), and the pages print the zone's name beside
the times. The viewer's own zone (`viewer_time_zone`) is for pages outside a course.
"""

import functools
import zoneinfo

from django.conf import settings
from django.utils import timezone

from kubegrade.courses.models import Course, CourseAssignment
from kubegrade.viewer_time_zone import zone_named


def course_zone(course: Course) -> zoneinfo.ZoneInfo:
    return zone_named(course.time_zone) or zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _zone_for_url(kwargs: dict) -> zoneinfo.ZoneInfo | None:
    """The zone of the course named by the URL (`course_id` or `course_assignment_id`)."""
    if "course_id" in kwargs:
        name = Course.objects.filter(pk=kwargs["course_id"]).values_list("time_zone", flat=True).first()
    elif "course_assignment_id" in kwargs:
        name = CourseAssignment.objects.filter(pk=kwargs["course_assignment_id"]).values_list(
            "course__time_zone", flat=True).first()
    else:
        return None
    return None if name is None else zone_named(name) or zoneinfo.ZoneInfo(settings.TIME_ZONE)


def in_course_time_zone(view):
    """Runs a staff view of one course (its id in the URL) in the course's zone: its forms read
    typed times there, its page and CSV write them there."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        zone = _zone_for_url(kwargs)
        if zone is None:
            return view(request, *args, **kwargs)
        with timezone.override(zone):
            return view(request, *args, **kwargs)
    return wrapped
