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


class CourseAssignmentSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="assignment.slug")
    title = serializers.SerializerMethodField()
    kind = serializers.CharField(source="assignment.kind")
    week = serializers.IntegerField(source="assignment.week")
    points = serializers.FloatField(source="assignment.points")

    class Meta:
        model = CourseAssignment
        fields = ["id", "slug", "title", "kind", "week", "points", "due_at", "score_policy",
                  "late_penalty_percent_per_day", "late_days_max", "max_attempts", "answers_shown"]

    def get_title(self, obj) -> str:
        return obj.assignment.title_for(self.context.get("language", "en"))


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


class SubmissionDetailSerializer(serializers.ModelSerializer):
    assignment = serializers.CharField(source="course_assignment.assignment.slug")
    course_assignment_id = serializers.IntegerField()
    student = serializers.CharField(source="student.username")
    checks = serializers.SerializerMethodField()
    transcript = serializers.SerializerMethodField()
    engine_version = serializers.SerializerMethodField()
    answers_visible = serializers.SerializerMethodField()
    answers_note = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "course_assignment_id", "assignment", "student", "attempt", "status", "status_message",
                  "score", "max_score", "gradable", "checks", "transcript", "engine_version",
                  "answers_visible", "answers_note", "submitted_at", "queued_at", "started_at", "graded_at"]

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
