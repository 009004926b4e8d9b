"""Who may see a workspace, as with submissions: its owner reads and writes (reads only,
once they left the course), the course's instructors and TAs read (read-only), anyone
else gets 404 (its existence is not revealed). The rules are the permission table's
(`courses.access`)."""

from kubegrade.courses.access import Action, actions_of, course_assignment_for_member, enrollment_get, is_staff
from kubegrade.errors import NotFound, PermissionDenied
from kubegrade.workspaces.models import Workspace


def workspace_for_viewer(*, user, workspace_id: int) -> tuple[Workspace, bool]:
    """(workspace, read_only) for the caller, or NotFound."""
    workspace = (Workspace.objects.select_related("course_assignment__assignment", "owner", "version")
                 .filter(pk=workspace_id).first())
    if workspace is None:
        raise NotFound("No such workspace.")
    enrollment = enrollment_get(user=user, course_id=workspace.course_assignment.course_id)
    if workspace.owner_id == user.pk:
        actions = actions_of(enrollment)
        if Action.SUBMIT in actions:
            return workspace, False
        if Action.READ_OWN_WORK in actions:
            return workspace, True
        raise NotFound("No such workspace.")
    if not is_staff(enrollment):
        raise NotFound("No such workspace.")
    return workspace, True


def course_assignment_for_workspace_owner(*, user, course_assignment_id: int):
    """The course assignment a student opens their workspace on; staff get 403 (they open
    a student's workspace from the gradebook), outsiders 404."""
    ca, enrollment = course_assignment_for_member(user=user, course_assignment_id=course_assignment_id)
    if Action.SUBMIT not in actions_of(enrollment):
        raise PermissionDenied("Only students of the course have a workspace; staff open a student's "
                               "workspace read-only from the gradebook." if is_staff(enrollment) else
                               "You left this course: your past work stays readable, new work is closed.")
    return ca
