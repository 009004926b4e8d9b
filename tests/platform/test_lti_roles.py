"""Course roles from the LMS's context roles only, with the role lists Canvas and Moodle
really send (issue 16, finding 1). Expected roles are written by hand from the sources
quoted beside each list; launches and roster syncs use the same function.

Canvas: instructure/canvas-lms, doc/api/canvas_roles.md, table "LTI 1.3 using the LIS
2.0 LTI Advantage Roles" (a user's launch carries their system, institution and context
rows):
    | user         | System role      | http://purl.imsglobal.org/vocab/lis/v2/system/person#User |
    | teacher      | Institution role | http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor |
    | student      | Institution role | http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student |
    | admin        | Institution role | http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator |
    | TaEnrollment | Context role     | http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor |
    | TaEnrollment | Context sub-role | http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant |
    | StudentEnrollment  | Context role | http://purl.imsglobal.org/vocab/lis/v2/membership#Learner |
    | TeacherEnrollment  | Context role | http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor |
    | DesignerEnrollment | Context sub-role | http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper |
    | ObserverEnrollment | Context sub-role | http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor |
    | StudentViewEnrollment | System role | http://purl.imsglobal.org/vocab/lti/system/person#TestUser |

Moodle: moodle/moodle, mod/lti/locallib.php, `lti_get_ims_role` (its roles claim is this
comma-joined string split into a list):
    if (has_capability('mod/lti:manage', $context)) { array_push($roles, 'Instructor'); }
    else { array_push($roles, 'Learner'); }
    if (is_siteadmin($user) || has_capability('mod/lti:admin', $context)) {
        // Make sure admins do not have the Learner role, then set admin role.
        $roles = array_diff($roles, array('Learner'));
        if (!$islti2) {
            array_push($roles, 'urn:lti:sysrole:ims/lis/Administrator', 'urn:lti:instrole:ims/lis/Administrator');
"""

import pytest

from kubegrade.lti.roles import course_role_from_lti_roles

V2 = "http://purl.imsglobal.org/vocab/lis/v2/"
SYSTEM_USER = V2 + "system/person#User"
INST_INSTRUCTOR = V2 + "institution/person#Instructor"
INST_STUDENT = V2 + "institution/person#Student"
INST_ADMIN = V2 + "institution/person#Administrator"
INSTRUCTOR = V2 + "membership#Instructor"
LEARNER = V2 + "membership#Learner"
TA_SUB_ROLE = V2 + "membership/Instructor#TeachingAssistant"


@pytest.mark.parametrize(("who", "roles", "role"), [
    ("a teacher of the course", [SYSTEM_USER, INST_INSTRUCTOR, INSTRUCTOR], "instructor"),
    ("a student", [SYSTEM_USER, INST_STUDENT, LEARNER], "student"),
    # Finding 1: a faculty member enrolled as a student in a colleague's course.
    ("a teacher elsewhere, a student here", [SYSTEM_USER, INST_INSTRUCTOR, LEARNER], "student"),
    ("a TA (principal role and its sub-role)", [SYSTEM_USER, INST_STUDENT, INSTRUCTOR, TA_SUB_ROLE], "ta"),
    ("an account admin not enrolled", [SYSTEM_USER, INST_ADMIN], None),
    ("a teacher elsewhere, not enrolled here", [SYSTEM_USER, INST_INSTRUCTOR], None),
    ("an observer", [SYSTEM_USER, V2 + "membership#Mentor"], None),
    ("a designer", [SYSTEM_USER, INST_INSTRUCTOR, V2 + "membership#ContentDeveloper"], None),
    ("the student view", [LEARNER, "http://purl.imsglobal.org/vocab/lti/system/person#TestUser"], "student"),
])
def test_canvas_role_lists(who, roles, role):
    assert course_role_from_lti_roles(roles) == role, who


@pytest.mark.parametrize(("who", "roles", "role"), [
    ("a teacher (mod/lti:manage)", ["Instructor"], "instructor"),
    ("a student", ["Learner"], "student"),
    ("a site admin who teaches", ["Instructor", "urn:lti:sysrole:ims/lis/Administrator",
                                  "urn:lti:instrole:ims/lis/Administrator"], "instructor"),
    # Moodle takes Learner away from admins: no course role is left.
    ("a site admin in someone else's course", ["urn:lti:sysrole:ims/lis/Administrator",
                                               "urn:lti:instrole:ims/lis/Administrator"], None),
])
def test_moodle_role_lists(who, roles, role):
    assert course_role_from_lti_roles(roles) == role, who


@pytest.mark.parametrize(("roles", "role"), [
    # LIS v1 institution roles end in a context role's name: still not a course role.
    (["urn:lti:instrole:ims/lis/Instructor", "Learner"], "student"),
    # A Learner sub-role named Instructor is a Learner (LIS v2 membership/Learner#Instructor).
    ([V2 + "membership/Learner#Instructor"], "student"),
    ([V2 + "membership/Instructor#PrimaryInstructor"], "instructor"),
    ([V2 + "membership/Instructor#Grader"], "ta"),
    # A teacher of record who is also listed as a TA teaches.
    ([INSTRUCTOR, V2 + "membership/Instructor#PrimaryInstructor", TA_SUB_ROLE], "instructor"),
    # Not the membership vocabulary, whatever the last segment says.
    (["http://example.org/roles#Instructor", V2 + "person#Instructor"], None),
    ([], None),
])
def test_context_roles_only_and_their_sub_roles(roles, role):
    assert course_role_from_lti_roles(roles) == role
