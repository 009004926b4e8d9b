"""The workspace pages: the student's own (created on first visit through the API the page
calls) and the staff's read-only view of a student's. The page is a shell around the HTTP
API: the terminal and the editor (static/workspace/*.js) read and write only through it.
What the page needs from the server rides in one JSON script tag, never in inline script."""

from django.contrib.auth.decorators import login_required
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from kubegrade.courses.instructions import render_for_student
from kubegrade.errors import PermissionDenied
from kubegrade.page_errors import domain_errors_as_http
from kubegrade.submissions.selectors import submissions_of_student
from kubegrade.submissions.variants import variant_seed
from kubegrade.workspaces.access import course_assignment_for_workspace_owner, workspace_for_viewer


@login_required
@domain_errors_as_http
def workspace_own(request, course_assignment_id: int):
    try:
        ca = course_assignment_for_workspace_owner(user=request.user, course_assignment_id=course_assignment_id)
    except PermissionDenied:
        return redirect("courses:assignment", course_assignment_id)  # staff have none of their own
    return _render(request, ca, owner=request.user, read_only=False,
                   open_url=f"/api/v1/assignments/{ca.pk}/workspace/", workspace_id=None)


@login_required
@domain_errors_as_http
def workspace_staff(request, workspace_id: int):
    workspace, read_only = workspace_for_viewer(user=request.user, workspace_id=workspace_id)
    if not read_only:
        return redirect("workspaces:own", workspace.course_assignment_id)
    return _render(request, workspace.course_assignment, owner=workspace.owner, read_only=True,
                   open_url="", workspace_id=workspace.pk)


def _render(request, ca, *, owner, read_only: bool, open_url: str, workspace_id: int | None):
    assignment = ca.assignment
    version = assignment.current_version
    seed = variant_seed(user_id=owner.pk, assignment_slug=assignment.slug)
    rendered = render_for_student(
        slug=assignment.slug, content_hash=version.content_hash if version else None,
        language=translation.get_language(), seed=seed, kind=assignment.kind,
    )
    latest = submissions_of_student(student_id=owner.pk, course_assignment_id=ca.pk).first()
    limits = (version.submission_limits if version else None) or {}
    config = {
        "openUrl": open_url,
        "workspaceUrl": f"/api/v1/workspaces/{workspace_id}/" if workspace_id else "",
        "apiRoot": "/api/v1/workspaces/",
        "readOnly": read_only,
        "takesCommands": bool(limits.get("commands")),
        "maxBytes": limits.get("max_bytes"),
        "csrfToken": get_token(request),
        "aceBase": request.build_absolute_uri("/static/vendor/ace/"),
        "text": client_texts(),
    }
    context = {
        "ca": ca, "course": ca.course, "assignment": assignment, "rendered": rendered, "owner": owner,
        "read_only": read_only, "config": config, "latest": latest,
        "title": assignment.title_for(translation.get_language()),
    }
    return render(request, "workspaces/workspace.html", context)


def client_texts() -> dict[str, str]:
    """What the page's script says, in the reader's language (the script holds no text)."""
    return {
        "saved": _("Saved"), "unsaved": _("Unsaved changes"), "saving": _("Saving…"),
        "newFileName": _("File name, for example service.yaml"), "deleteConfirm": _("Delete %(name)s?"),
        "resetConfirm": _("Reset the workspace? The cluster starts again from the setup, the files "
                          "from the starter, and the terminal history is cleared."),
        "editing": _("editing %(path)s"), "editHint": _("Save applies the object as kubectl edit does; "
                                                        "Cancel leaves it unchanged."),
        "submitting": _("Submitting…"), "submitted": _("Submitted: attempt %(attempt)s."),
        "viewResult": _("See the result"), "overLimit": _("Over the limit of %(limit)s bytes: untick "
                                                          "some lines."),
        "noLines": _("No command lines yet: only the files are handed in."),
        "loading": _("Starting your cluster…"), "error": _("Error"),
        "readOnlyTerminal": _("Read-only: this is what the student ran."),
        "earlier": _("(%(n)s earlier commands are not shown)"),
        "total": _("%(bytes)s of %(limit)s bytes"), "submit": _("Submit"),
        "filesOnly": _("This assignment grades the files: the command lines are not handed in."),
        "drift": _("The live cluster differs from %(names)s: the grader applies the file, not what you changed "
                   "with kubectl. Use the live objects as the file?"),
        "usedLive": _("Saved the live objects in %(names)s."),
    }
