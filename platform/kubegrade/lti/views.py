"""LMS-facing endpoints (OIDC login, launch, JWKS, deep linking) and the instructor's
passback status page. Thin: the adapter validates, the services act."""

import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from lti_tool.views import jwks  # noqa: F401  (served as ours: /lti/jwks/)

from kubegrade.courses.access import Action, allowed, course_assignment_for, require
from kubegrade.courses.models import CourseAssignment, Role
from kubegrade.lti import pylti_adapter
from kubegrade.lti.middleware import LTI_SESSION_FLAG
from kubegrade.lti.passback import resend_mark
from kubegrade.lti.roster import RosterUnavailable, roster_sync
from kubegrade.lti.selectors import contexts_with_roster, line_items_of, passback_rows
from kubegrade.lti.services import (
    ContextNotLinked,
    LaunchNotUsable,
    context_link_existing_course,
    context_link_new_course,
    course_linked_to,
    courses_to_link,
    launch_sign_in,
    line_item_remember,
)
from kubegrade.lti.tasks import scores_refresh_task, scores_send_task
from kubegrade.page_errors import domain_errors_as_http

log = logging.getLogger(__name__)
DEEP_LINK_SESSION_KEY = "kubegrade_lti_deep_link_launch"
LINK_SESSION_KEY = "kubegrade_lti_link_launch"


def _refused(request, detail: str, *, advice: str = "", status: int = 403, new_window: bool = False) -> HttpResponse:
    """A refused login or launch as a page in the viewer's language: what happened, what
    to do, and the technical detail for whoever administers the LMS."""
    log.info("lti.refused status=%s %s", status, detail)
    return render(request, "lti/refused.html", {"detail": detail, "advice": advice, "new_window": new_window},
                  status=status)


def _cookie_blocked(request, detail: str) -> HttpResponse:
    return _refused(request, detail, status=400, new_window=True, advice=_(
        "Your browser did not send KubeGrade's cookie back inside the LMS page (it blocks "
        "third-party cookies). Open the assignment again from the LMS and choose \"Open KubeGrade "
        "in a new window\" when it is offered, or allow cookies for this site."))


def _not_verified_advice() -> str:
    return _("The LMS's launch could not be verified. Open the assignment again from the LMS; if this "
             "keeps happening, give the details below to whoever runs the LMS.")


def _launch_again_advice() -> str:
    return _("This page belongs to an LMS launch that is over: open KubeGrade again from the LMS course.")


@csrf_exempt
@xframe_options_exempt
def oidc_login(request, registration_uuid=None):
    try:
        return pylti_adapter.oidc_login_response(request, registration_uuid)
    except pylti_adapter.LaunchRefused as exc:
        return _refused(request, str(exc), advice=_not_verified_advice())


@method_decorator((csrf_exempt, xframe_options_exempt), name="dispatch")
class LaunchView(View):
    def post(self, request):
        try:
            lti_launch = pylti_adapter.launch_validate(request)
            result = launch_sign_in(lti_launch)
        except pylti_adapter.CookieMissing as exc:
            return _cookie_blocked(request, str(exc))
        except pylti_adapter.LaunchRefused as exc:
            return _refused(request, str(exc), advice=_not_verified_advice())
        except ContextNotLinked as exc:
            return _refused(request, str(exc), status=409)
        except LaunchNotUsable as exc:
            return _refused(request, str(exc))
        login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[LTI_SESSION_FLAG] = True
        if result.needs_link:
            request.session[LINK_SESSION_KEY] = lti_launch.get_launch_id()
            return redirect("lti:link-course")
        return _after_sign_in(request, lti_launch, result)


def _after_sign_in(request, lti_launch, result) -> HttpResponse:
    if lti_launch.is_deep_link_launch:
        if result.role != Role.INSTRUCTOR:
            return _refused(request, _("Only an instructor can add KubeGrade assignments to the LMS course."))
        request.session[DEEP_LINK_SESSION_KEY] = lti_launch.get_launch_id()
        return redirect("lti:deep-link", course_id=result.course.pk)
    if result.course_assignment is not None:
        return redirect("courses:assignment", course_assignment_id=result.course_assignment.pk)
    return redirect("courses:detail", course_id=result.course.pk)


@login_required
@domain_errors_as_http
def link_course(request):
    """An instructor's first launch from an LMS course: make a new KubeGrade course for it,
    or link it to a course they already instruct (its roster, policies and extensions
    kept). Then the launch carries on as if the link had always been there."""
    launch_id = request.session.get(LINK_SESSION_KEY)
    if not launch_id:
        return _refused(request, "no launch waiting for a course link", status=400, advice=_(
            "No LMS launch is waiting to be linked to a course in this session: open KubeGrade from the LMS course."))
    try:
        lti_launch = pylti_adapter.launch_restore(request, launch_id)
    except pylti_adapter.LaunchRefused as exc:
        return _refused(request, str(exc), status=400, advice=_launch_again_advice())
    context = lti_launch.context
    linked = course_linked_to(context)
    if linked is None and request.method == "POST":
        if request.POST.get("choice") == "new":
            linked = context_link_new_course(context=context, by=request.user)
        elif request.POST.get("course", "").isdigit():
            linked = context_link_existing_course(context=context, course_id=int(request.POST["course"]),
                                                  by=request.user)
    if linked is None:
        return render(request, "lti/link_course.html", {
            "context": context, "courses": courses_to_link(user=request.user)},
            status=400 if request.method == "POST" else 200)
    del request.session[LINK_SESSION_KEY]
    try:
        result = launch_sign_in(lti_launch)
    except LaunchNotUsable as exc:
        return _refused(request, str(exc))
    if result.user.pk != request.user.pk:  # the session changed hands since the launch
        raise Http404("No such launch.")
    messages.success(request, _("This LMS course is linked to %(code)s.") % {"code": linked.code})
    return _after_sign_in(request, lti_launch, result)


@login_required
@domain_errors_as_http
def deep_link_pick(request, course_id: int):
    """The instructor picks assignments; each goes back as one resource link with one line item."""
    require(user=request.user, course_id=course_id, action=Action.MANAGE_COURSE)
    launch_id = request.session.get(DEEP_LINK_SESSION_KEY)
    if not launch_id:
        return _refused(request, "no deep linking request in this session", status=400, advice=_(
            "No deep linking request is open in this session: add KubeGrade again from the LMS course."))
    try:
        lti_launch = pylti_adapter.launch_restore(request, launch_id)
    except pylti_adapter.LaunchRefused as exc:
        return _refused(request, str(exc), status=400, advice=_launch_again_advice())
    linked = course_linked_to(lti_launch.context)
    if linked is None or linked.pk != course_id:  # the course of the URL is the launch's, or nothing
        raise Http404("No such course.")
    cas = list(CourseAssignment.objects.filter(course_id=course_id).select_related("assignment"))
    if request.method != "POST":
        return render(request, "lti/deep_link.html", {"cas": cas, "course_id": course_id})
    chosen = [ca for ca in cas if str(ca.pk) in request.POST.getlist("course_assignment")]
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
    enrollment = require(user=request.user, course_id=ca.course_id, action=Action.VIEW_STAFF_PAGES)
    return render(request, "lti/passback.html", {
        "ca": ca, "course": ca.course, "rows": passback_rows(course_assignment_id=ca.pk),
        "line_items": line_items_of(course_assignment_id=ca.pk),
        "can_resend": allowed(enrollment, Action.RESEND_PASSBACK),
        "can_sync_roster": allowed(enrollment, Action.SYNC_ROSTER),
    })


@login_required
@require_POST
@domain_errors_as_http
def passback_resend(request, course_assignment_id: int):
    """"Send again" for chosen rows, or the whole column (recomputed, then sent)."""
    ca = course_assignment_for(user=request.user, course_assignment_id=course_assignment_id,
                               action=Action.RESEND_PASSBACK)
    send_ids = [int(i) for i in request.POST.getlist("send") if i.isdigit()]
    if send_ids:
        for registration_id in resend_mark(course_assignment_id=ca.pk, send_ids=send_ids):
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
    require(user=request.user, course_id=course_id, action=Action.SYNC_ROSTER)
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
