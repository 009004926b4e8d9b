"""Explicit serializers of the copy report (`gradebook.similarity.SimilarityView`) for
`GET /api/v1/assignments/{id}/similarity/`, so the OpenAPI schema names every field."""

from rest_framework import serializers


class SimilarSubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    student = serializers.CharField(help_text="Username.")


class SimilarGroupSerializer(serializers.Serializer):
    submissions = SimilarSubmissionSerializer(many=True)
    matches = serializers.ChoiceField(
        choices=["solution", "starter"], allow_null=True,
        help_text="The baseline the text equals exactly (expected on short assignments), or null.",
    )
    own_shingles = serializers.IntegerField(
        help_text="Two-token windows of the text that are in neither the starter nor the reference solution."
    )


class SideSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="submission_id")
    student = serializers.CharField(source="username")
    files = serializers.DictField(child=serializers.CharField(), help_text="File name to text, as handed in.")
    commands = serializers.CharField(allow_blank=True)


class DifferenceSerializer(serializers.Serializer):
    left = serializers.CharField(allow_blank=True, help_text="Normalised line, empty when only the right has one.")
    right = serializers.CharField(allow_blank=True)


class NearPairSerializer(serializers.Serializer):
    similarity = serializers.FloatField(help_text="Jaccard similarity of the shingles beyond the baselines, 0 to 1.")
    left = SideSerializer()
    right = SideSerializer()
    differences = DifferenceSerializer(many=True)


class LeakSerializer(serializers.Serializer):
    submission = serializers.IntegerField()
    student = serializers.CharField()
    value = serializers.CharField(help_text="The other student's value found in this submission.")
    owner = serializers.CharField(help_text="The one student whose variant holds the value.")
    variable = serializers.CharField(help_text="The owner's variable holding it.")
    owner_submission = serializers.IntegerField(allow_null=True, help_text="Null when the owner has not handed in.")


class SimilarityReportSerializer(serializers.Serializer):
    course_assignment = serializers.IntegerField(source="course_assignment.pk")
    assignment = serializers.CharField(source="course_assignment.assignment.slug")
    compared = serializers.IntegerField(help_text="Students whose latest submission was compared.")
    groups = SimilarGroupSerializer(many=True)
    near_pairs = NearPairSerializer(many=True, source="pairs")
    leaks = LeakSerializer(many=True)
    error = serializers.CharField(allow_blank=True)
