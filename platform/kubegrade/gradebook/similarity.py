"""Similar submissions of one course assignment, for its staff: the copy report
(`copy_detection.copies_find`) with usernames, the files of each near pair side by side,
and links back to the submissions.

Computed on read, never stored: two queries (the submissions, the roster), then the
engine-free detection. Each student's latest submission is compared; a student who left
the course still counts, and every enrolled student's variant is known, so a leak can
name someone who never handed in.
"""

import logging
from dataclasses import dataclass, field

from kubegrade.courses.models import CourseAssignment, Enrollment, Role
from kubegrade.gradebook.copy_detection import HandedIn, copies_find, copies_side_by_side
from kubegrade.submissions.models import Submission
from kubegrade.submissions.variants import variant_seed

log = logging.getLogger(__name__)
MAX_PAIRS_SHOWN = 50  # each pair prints two whole submissions; the API returns them all


@dataclass(frozen=True)
class Side:
    submission_id: int
    username: str
    files: dict[str, str]
    commands: str


@dataclass(frozen=True)
class PairView:
    similarity: float
    left: Side
    right: Side
    rows: list  # scoring.copies.SideBySideRow: the normalised texts aligned, differing lines marked

    @property
    def differences(self) -> list:
        return [row for row in self.rows if not row.same]

    @property
    def sides(self) -> tuple[Side, Side]:
        return self.left, self.right

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


@dataclass(frozen=True)
class SubmissionRef:
    id: int
    student: str


@dataclass(frozen=True)
class GroupView:
    submissions: list[SubmissionRef]
    matches: str | None  # "solution" or "starter" when the text is exactly that baseline
    own_shingles: int


@dataclass
class SimilarityView:
    course_assignment: CourseAssignment
    compared: int = 0
    groups: list[GroupView] = field(default_factory=list)
    pairs: list[PairView] = field(default_factory=list)
    leaks: list = field(default_factory=list)  # scoring.copies.Leak
    error: str = ""

    @property
    def pairs_shown(self) -> list[PairView]:
        return self.pairs[:MAX_PAIRS_SHOWN]


def similarity_build(*, course_assignment: CourseAssignment) -> SimilarityView:
    assignment = course_assignment.assignment
    rows = list(
        Submission.objects.filter(course_assignment=course_assignment)
        .order_by("student__username", "attempt")
        .values_list("pk", "student__username", "seed", "files", "commands", "answers")
    )
    handed_in = [HandedIn(pk, username, seed, files or {}, commands or "", answers)
                 for pk, username, seed, files, commands, answers in rows]
    roster = {
        username: variant_seed(user_id=user_id, assignment_slug=assignment.slug)
        for user_id, username in Enrollment.objects.filter(
            course_id=course_assignment.course_id, role=Role.STUDENT
        ).values_list("user_id", "user__username")
    }
    version = assignment.current_version
    try:
        report = copies_find(slug=assignment.slug, content_hash=version.content_hash if version else None,
                             handed_in=handed_in, roster_seeds=roster)
    except Exception as exc:  # noqa: BLE001 - a broken bank entry must not take the page down
        log.exception("copy detection for %s failed", assignment.slug)
        return SimilarityView(course_assignment, error=f"The assignment could not be loaded ({type(exc).__name__}).")
    sides = {h.id: Side(h.id, h.student, h.files, h.commands) for h in handed_in}
    pairs = [PairView(p.similarity, sides[p.a], sides[p.b],
                      copies_side_by_side(report.normalised[p.a], report.normalised[p.b]))
             for p in report.near_pairs]
    groups = [GroupView([SubmissionRef(*member) for member in zip(g.submissions, g.students)], g.matches, g.own_shingles)
              for g in report.groups]
    return SimilarityView(course_assignment, report.compared, groups, pairs, report.leaks)
