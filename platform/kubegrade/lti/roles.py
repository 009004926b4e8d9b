"""The course role an LMS gives someone, read from their context (course membership)
roles only. Launches and roster syncs (NRPS) both ask `course_role_from_lti_roles`.

LTI 1.3 core, "Role vocabularies": context roles are the LIS v2 membership vocabulary
(`http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor`), each with sub-roles
(`.../membership/Instructor#TeachingAssistant`); the simple names of context roles
("Instructor", "Learner") may stand for the full URIs. System and institution roles
(`.../system/person#...`, `.../institution/person#...`, LIS v1 `urn:lti:instrole:...`)
say what someone is elsewhere in the institution and never grant a course role: a
faculty member enrolled as a student in a colleague's course is a student there.

Canvas sends a TA both `membership#Instructor` and the sub-role
`membership/Instructor#TeachingAssistant` (its "Canvas Roles" page), so a TA sub-role
decides over the principal role it refines.
"""

from kubegrade.courses.models import Role

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
# The LIS v2 context roles; their simple names are allowed in place of the URIs.
CONTEXT_ROLES = frozenset({"Administrator", "ContentDeveloper", "Instructor", "Learner", "Mentor", "Manager",
                           "Member", "Officer"})
# Instructor sub-roles that mean a course assistant, not a teacher of record (LIS v2;
# Moodle maps its LIS v1 TeachingAssistant roles onto these).
TA_SUB_ROLES = frozenset({"TeachingAssistant", "TeachingAssistantSection", "TeachingAssistantSectionAssociation",
                          "TeachingAssistantOffering", "TeachingAssistantTemplate", "TeachingAssistantGroup", "Grader"})


def context_roles(roles: list[str]) -> list[tuple[str, str | None]]:
    """(principal role, sub-role or None) for each context role in `roles`; every other
    role (system, institution, unknown) is left out."""
    found = []
    for role in roles:
        if not isinstance(role, str):
            continue
        if role.startswith(MEMBERSHIP + "#"):
            name = role[len(MEMBERSHIP) + 1:]
            if name in CONTEXT_ROLES:
                found.append((name, None))
        elif role.startswith(MEMBERSHIP + "/"):
            principal, sep, sub = role[len(MEMBERSHIP) + 1:].partition("#")
            if sep and principal in CONTEXT_ROLES and sub:
                found.append((principal, sub))
        elif role in CONTEXT_ROLES:
            found.append((role, None))
    return found


def course_role_from_lti_roles(roles: list[str]) -> str | None:
    """Our role for someone with these LTI roles in the course, or None when no context
    role makes them a course member here (an administrator, an observer, a mentor)."""
    found = context_roles(roles)
    instructor_subs = {sub for principal, sub in found if principal == "Instructor"}
    if instructor_subs & TA_SUB_ROLES and not (instructor_subs - TA_SUB_ROLES - {None}):
        return Role.TA
    if instructor_subs:
        return Role.INSTRUCTOR
    if any(principal == "Learner" for principal, _ in found):
        return Role.STUDENT
    return None
