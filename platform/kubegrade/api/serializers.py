"""API representations. Serializers only shape data; they hold no rules."""

import json

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kubegrade.courses.models import CourseAssignment, Enrollment
from kubegrade.submissions.models import Submission


class CourseSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="course.id")
    code = serializers.CharField(source="course.code")
    title = serializers.CharField(source="course.title")
    role = serializers.CharField()

    class Meta:
        model = Enrollment


class GradeSerializer(serializers.Serializer):
    """The grade that counts (`gradebook.selectors.Cell`), the one the gradebook shows."""

    score = serializers.FloatField(allow_null=True, help_text="Effective score: penalty applied, or the override.")
    max_score = serializers.FloatField()
    raw_score = serializers.FloatField(allow_null=True, help_text="The counted attempt's score before any penalty.")
    late_days = serializers.IntegerField()
    penalty = serializers.FloatField(help_text="Points the late policy took off the counted attempt.")
    overridden = serializers.BooleanField()
    override_reason = serializers.CharField(source="reason_for_student", allow_null=True,
                                            help_text="The override's reason, when staff chose to show it.")
    counted_submission_id = serializers.IntegerField(source="submission_id", allow_null=True)
    attempts = serializers.IntegerField()


class CourseAssignmentSerializer(serializers.ModelSerializer):
    """For a student, `due_at` is their own due date (an extension included) and `grade`
    their effective score; staff get the course's due date and no grade."""

    slug = serializers.CharField(source="assignment.slug")
    title = serializers.SerializerMethodField()
    kind = serializers.CharField(source="assignment.kind")
    week = serializers.IntegerField(source="assignment.week")
    points = serializers.FloatField(source="assignment.points")
    due_at = serializers.SerializerMethodField()
    course_due_at = serializers.DateTimeField(source="due_at")
    extended = serializers.SerializerMethodField()
    grade = serializers.SerializerMethodField()

    class Meta:
        model = CourseAssignment
        fields = ["id", "slug", "title", "kind", "week", "points", "due_at", "course_due_at", "extended",
                  "score_policy", "late_penalty_percent_per_day", "late_days_max", "max_attempts", "answers_shown",
                  "grade"]

    def get_title(self, obj) -> str:
        return obj.assignment.title_for(self.context.get("language", "en"))

    def _standing(self, obj):
        return (self.context.get("standings") or {}).get(obj.pk)

    @extend_schema_field(serializers.DateTimeField())
    def get_due_at(self, obj):
        standing = self._standing(obj)
        return serializers.DateTimeField().to_representation(standing.due_at if standing else obj.due_at)

    def get_extended(self, obj) -> bool:
        standing = self._standing(obj)
        return bool(standing and standing.grade.extended)

    @extend_schema_field(GradeSerializer(allow_null=True))
    def get_grade(self, obj):
        standing = self._standing(obj)
        return GradeSerializer(standing.grade).data if standing else None


class CourseAssignmentDetailSerializer(CourseAssignmentSerializer):
    variant = serializers.SerializerMethodField(help_text="The caller's own values, as the page shows them "
                                                "(the spec's `shown: true` variables).")

    class Meta(CourseAssignmentSerializer.Meta):
        fields = CourseAssignmentSerializer.Meta.fields + ["variant"]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_variant(self, obj) -> dict:
        return self.context.get("variant") or {}


class AnswersField(serializers.JSONField):
    """Quiz answers as a JSON object of question id to answer; in a multipart form the
    object arrives as a JSON string."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise serializers.ValidationError("answers must be a JSON object") from exc
        if not isinstance(data, dict) or not all(isinstance(v, (str, int, float)) for v in data.values()):
            raise serializers.ValidationError("answers must map question ids to answers, e.g. {\"Q001\": \"b\"}")
        return {str(k): str(v) for k, v in data.items()}


class SubmissionCreateSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    commands = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    answers = AnswersField(required=False, default=None)


class SubmissionCreatedSerializer(serializers.ModelSerializer):
    class Meta:
        model = Submission
        fields = ["id", "status", "attempt", "submitted_at"]


HIDDEN_UNTIL_SHOWN = "Empty, null or absent while the course's answer policy hides the expected answers."


class CheckSerializer(serializers.Serializer):
    """One check (a lab) or question (a quiz) of a grade, as `feedback_policy.visible_result`
    lets the caller see it (`scoring.checks.CheckResult`)."""

    id = serializers.CharField(help_text="Stable id, e.g. clusterip.C004 or quiz-dns.Q002.")
    title = serializers.CharField()
    points = serializers.FloatField(help_text="Points earned.")
    max_points = serializers.FloatField()
    passed = serializers.BooleanField()
    run = serializers.CharField(allow_blank=True, help_text="What ran, as typed at its prompt (a quiz's is "
                                "hidden with the answers).")
    expected = serializers.CharField(allow_blank=True, allow_null=True, required=False, help_text=HIDDEN_UNTIL_SHOWN)
    got = serializers.CharField(allow_blank=True, help_text="What came back, quoted as printed.")
    hint = serializers.CharField(allow_blank=True)
    feedback = serializers.CharField(allow_blank=True, allow_null=True, required=False, help_text=HIDDEN_UNTIL_SHOWN)
    cause = serializers.CharField(allow_blank=True, required=False, default="",
                                  help_text="The root cause this failing check follows from, when the engine named "
                                            "one (checks with the same cause are folded under it on the result page).")
    cause_expected = serializers.CharField(allow_blank=True, required=False, default="",
                                           help_text="What the cause's setting should be. " + HIDDEN_UNTIL_SHOWN)
    cause_got = serializers.CharField(allow_blank=True, required=False, default="",
                                      help_text="What the cluster has instead.")
    cause_hint = serializers.CharField(allow_blank=True, required=False, default="",
                                       help_text="The hint for the cause: a folded check has none of its own.")


class SubmissionDetailSerializer(serializers.ModelSerializer):
    assignment = serializers.CharField(source="course_assignment.assignment.slug")
    course_assignment_id = serializers.IntegerField()
    student = serializers.CharField(source="student.username")
    checks = serializers.SerializerMethodField()
    transcript = serializers.SerializerMethodField()
    engine_version = serializers.SerializerMethodField()
    answers_visible = serializers.SerializerMethodField()
    answers_note = serializers.SerializerMethodField()
    first_error = serializers.SerializerMethodField()
    late_days = serializers.SerializerMethodField()
    late_score = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    grade = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "course_assignment_id", "assignment", "student", "attempt", "status", "status_message",
                  "score", "max_score", "gradable", "checks", "transcript", "first_error", "engine_version",
                  "answers_visible", "answers_note", "late_days", "late_score", "counts", "grade",
                  "submitted_at", "queued_at", "started_at", "graded_at"]

    def _attempt(self):
        return self.context.get("attempt")

    def get_first_error(self, obj) -> str:
        return self._result(obj).get("first_error", "")

    def get_late_days(self, obj) -> int:
        return self._attempt().late_days if self._attempt() else 0

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_late_score(self, obj):
        """This attempt's score after the late penalty, in the assignment's points."""
        return self._attempt().late_score if self._attempt() else None

    def get_counts(self, obj) -> bool:
        """Whether this is the attempt the grade counts (best or latest, as the policy says)."""
        return bool(self._attempt() and self._attempt().counts)

    @extend_schema_field(GradeSerializer(allow_null=True))
    def get_grade(self, obj):
        return GradeSerializer(self._attempt().standing.grade).data if self._attempt() else None

    def _result(self, obj) -> dict:
        """The grade as the caller may see it (`feedback_policy.visible_result`), or {}."""
        return self.context.get("result") or {}

    @extend_schema_field(CheckSerializer(many=True))
    def get_checks(self, obj) -> list[dict]:
        return CheckSerializer(self._result(obj).get("checks", []), many=True).data

    def get_transcript(self, obj) -> str:
        return self._result(obj).get("transcript", "")

    def get_engine_version(self, obj) -> str:
        return self._result(obj).get("engine_version", "")

    def get_answers_visible(self, obj) -> bool:
        return self._result(obj).get("answers_visible", False)

    def get_answers_note(self, obj) -> str:
        return self._result(obj).get("answers_note", "")


class GradebookCellSerializer(serializers.Serializer):
    assignment = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    max_score = serializers.FloatField()
    late_days = serializers.IntegerField()
    overridden = serializers.BooleanField()
    submission_id = serializers.IntegerField(allow_null=True)


class GradebookRowSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    total = serializers.FloatField()
    cells = GradebookCellSerializer(many=True)
