"""LMS-facing endpoints (OIDC login, launch, JWKS, deep linking) and the instructor's
passback status page. Thin: the adapter validates, the services act."""

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from lti_tool.views import jwks  # noqa: F401  (served as ours: /lti/jwks/)

from kubegrade.courses.access import require_staff
from kubegrade.courses.models import CourseAssignment, Role
from kubegrade.lti import pylti_adapter
from kubegrade.lti.middleware import LTI_SESSION_FLAG
from kubegrade.lti.passback import resend_mark
from kubegrade.lti.roster import RosterUnavailable, roster_sync
from kubegrade.lti.selectors import contexts_with_roster, line_items_of, passback_rows
from kubegrade.lti.services import LaunchNotUsable, launch_sign_in, line_item_remember
from kubegrade.lti.tasks import scores_refresh_task, scores_send_task
from kubegrade.page_errors import domain_errors_as_http

log = logging.getLogger(__name__)
DEEP_LINK_SESSION_KEY = "kubegrade_lti_deep_link_launch"


def _refused(message: str) -> HttpResponse:
    log.info("lti.refused %s", message)
    return HttpResponseForbidden(f"LTI launch refused: {message}\n", content_type="text/plain; charset=utf-8")


@csrf_exempt
@xframe_options_exempt
def oidc_login(request, registration_uuid=None):
    try:
        return pylti_adapter.oidc_login_response(request, registration_uuid)
    except pylti_adapter.LaunchRefused as exc:
        return _refused(str(exc))


@method_decorator((csrf_exempt, xframe_options_exempt), name="dispatch")
class LaunchView(View):
    def post(self, request):
        try:
            lti_launch = pylti_adapter.launch_validate(request)
            result = launch_sign_in(lti_launch)
        except (pylti_adapter.LaunchRefused, LaunchNotUsable) as exc:
            return _refused(str(exc))
        login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[LTI_SESSION_FLAG] = True
        if lti_launch.is_deep_link_launch:
            if result.role != Role.INSTRUCTOR:
                return _refused("Only an instructor can add KubeGrade assignments to the LMS course.")
            request.session[DEEP_LINK_SESSION_KEY] = lti_launch.get_launch_id()
            return redirect("lti:deep-link", course_id=result.course.pk)
        if result.course_assignment is not None:
            return redirect("courses:assignment", course_assignment_id=result.course_assignment.pk)
        return redirect("courses:detail", course_id=result.course.pk)


@login_required
@domain_errors_as_http
def deep_link_pick(request, course_id: int):
    """The instructor picks assignments; each goes back as one resource link with one line item."""
    require_staff(user=request.user, course_id=course_id)
    launch_id = request.session.get(DEEP_LINK_SESSION_KEY)
    if not launch_id:
        return _refused("No deep linking request is open in this session.")
    cas = list(CourseAssignment.objects.filter(course_id=course_id).select_related("assignment"))
    if request.method != "POST":
        return render(request, "lti/deep_link.html", {"cas": cas, "course_id": course_id})
    chosen = [ca for ca in cas if str(ca.pk) in request.POST.getlist("course_assignment")]
    lti_launch = pylti_adapter.launch_restore(request, launch_id)
    launch_url = request.build_absolute_uri(reverse("lti:launch"))
    items = [{"url": launch_url, "title": ca.assignment.title_en, "label": ca.assignment.title_en,
              "score_maximum": ca.assignment.points, "resource_id": f"kubegrade:{ca.assignment.slug}",
              "custom": {"assignment": ca.assignment.slug}} for ca in chosen]
    for ca in chosen:
        line_item_remember(context=lti_launch.context, course_assignment=ca)
    del request.session[DEEP_LINK_SESSION_KEY]
    response = HttpResponse(pylti_adapter.deep_link_form_html(lti_launch, items))
    response.csp_exempt = True  # pylti1p3's form posts itself to the LMS by an inline script
    return response


@login_required
@domain_errors_as_http
def passback_status(request, course_assignment_id: int):
    ca = get_object_or_404(CourseAssignment.objects.select_related("assignment", "course"), pk=course_assignment_id)
    require_staff(user=request.user, course_id=ca.course_id)
    return render(request, "lti/passback.html", {
        "ca": ca, "course": ca.course, "rows": passback_rows(course_assignment_id=ca.pk),
        "line_items": line_items_of(course_assignment_id=ca.pk),
    })


@login_required
@require_POST
@domain_errors_as_http
def passback_resend(request, course_assignment_id: int):
    """"Send again" for chosen rows, or the whole column (recomputed, then sent)."""
    ca = get_object_or_404(CourseAssignment, pk=course_assignment_id)
    require_staff(user=request.user, course_id=ca.course_id)
    send_ids = [int(i) for i in request.POST.getlist("send") if i.isdigit()]
    if send_ids:
        for registration_id in resend_mark(send_ids=send_ids):
            scores_send_task.delay(registration_id)
        messages.success(request, "Sending again.")
    else:
        scores_refresh_task.delay(ca.pk, None)
        messages.success(request, "The whole column is being checked and sent.")
    return redirect("lti:passback", course_assignment_id=ca.pk)


@login_required
@require_POST
@domain_errors_as_http
def roster_sync_now(request, course_id: int):
    """The staff's "sync the roster" button: read the LMS roster now and say what changed."""
    require_staff(user=request.user, course_id=course_id)
    contexts = contexts_with_roster(course_id=course_id)
    if not contexts:
        messages.error(request, "No LMS has offered its roster for this course yet: "
                                "launch KubeGrade from the LMS first.")
    for context_id in contexts:
        try:
            report = roster_sync(context_id=context_id)
        except RosterUnavailable as exc:
            messages.error(request, str(exc))
            continue
        messages.success(request, f"Roster synced: {len(report.added)} added, {len(report.left)} marked as left, "
                                  f"{report.kept} unchanged.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("courses:detail", kwargs={"course_id": course_id})
    return redirect(back)
