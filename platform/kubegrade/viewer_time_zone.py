"""The viewer's own time zone for every page: the user's saved preference, else the `tz`
cookie that static/site/time-zone.js sets from the browser, else settings.TIME_ZONE.

Templates print times with `|date` (which converts to the active zone) and label them
with the zone's abbreviation or offset, so a student in New York reads New York times.
Names the zone database does not know are ignored rather than failing the page.
"""

import zoneinfo

from django.utils import timezone

TIME_ZONE_COOKIE = "tz"


def zone_named(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone called `name`, or None for a blank, malformed or unknown name."""
    if not name or len(name) > 64:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        # ValueError: a path-like or otherwise malformed key ("../etc", "a//b").
        return None


class ViewerTimeZoneMiddleware:
    """After AuthenticationMiddleware: activates the viewer's zone for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        preferred = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        zone = zone_named(preferred) or zone_named(request.COOKIES.get(TIME_ZONE_COOKIE))
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()  # settings.TIME_ZONE
        try:
            return self.get_response(request)
        finally:
            # Threads are reused between requests: never let one viewer's zone leak into the next.
            timezone.deactivate()
