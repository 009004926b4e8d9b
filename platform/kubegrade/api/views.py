"""API views: authenticate, call a selector or service, serialize. Nothing else."""

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from kubegrade.api import serializers as s
from kubegrade.api.renderers import FormatParamWins, GradebookCSVRenderer
from kubegrade.courses.access import course_assignment_for_member, is_staff, require_member, require_staff
from kubegrade.courses.instructions import shown_values_for
from kubegrade.courses.selectors import assignment_standing, assignment_standings, course_assignments_visible
from kubegrade.courses.selectors import enrollments_for_user
from kubegrade.gradebook.export import gradebook_csv_text
from kubegrade.gradebook.selectors import gradebook_build
from kubegrade.submissions.feedback_policy import visible_result
from kubegrade.submissions.selectors import attempt_grade, submission_current_grade, submission_for_viewer, submissions_of_student
from kubegrade.submissions.services import submission_create


class CourseListView(APIView):
    @extend_schema(responses=s.CourseSerializer(many=True))
    def get(self, request):
        return Response(s.CourseSerializer(enrollments_for_user(user=request.user), many=True).data)


class CourseAssignmentListView(APIView):
    @extend_schema(responses=s.CourseAssignmentSerializer(many=True))
    def get(self, request, course_id: int):
        enrollment = require_member(user=request.user, course_id=course_id)
        items = course_assignments_visible(enrollment=enrollment)
        standings = {} if is_staff(enrollment) else {
            st.course_assignment.pk: st for st in assignment_standings(enrollment=enrollment)}
        context = {"language": translation.get_language(), "standings": standings}
        return Response(s.CourseAssignmentSerializer(items, many=True, context=context).data)


class CourseAssignmentDetailView(APIView):
    @extend_schema(responses=s.CourseAssignmentDetailSerializer)
    def get(self, request, course_assignment_id: int):
        ca, enrollment = course_assignment_for_member(user=request.user, course_assignment_id=course_assignment_id)
        standings = {} if is_staff(enrollment) else {
            ca.pk: assignment_standing(course_assignment=ca, student_id=request.user.pk)}
        context = {"language": translation.get_language(), "standings": standings,
                   "variant": shown_values_for(course_assignment=ca, student_id=request.user.pk)}
        return Response(s.CourseAssignmentDetailSerializer(ca, context=context).data)


class SubmissionListCreateView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=s.SubmissionCreatedSerializer(many=True))
    def get(self, request, course_assignment_id: int):
        ca, _ = course_assignment_for_member(user=request.user, course_assignment_id=course_assignment_id)
        mine = submissions_of_student(student_id=request.user.pk, course_assignment_id=ca.pk)
        return Response(s.SubmissionCreatedSerializer(mine, many=True).data)

    @extend_schema(request={"multipart/form-data": s.SubmissionCreateSerializer},
                   responses={201: s.SubmissionCreatedSerializer})
    def post(self, request, course_assignment_id: int):
        ca, _ = course_assignment_for_member(user=request.user, course_assignment_id=course_assignment_id)
        body = s.SubmissionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        files = {f.name: f.read() for f in body.validated_data["files"]}
        submission = submission_create(
            student=request.user, course_assignment=ca, files=files,
            commands=body.validated_data["commands"], answers=body.validated_data["answers"],
        )
        return Response(s.SubmissionCreatedSerializer(submission).data, status=201)


class SubmissionDetailView(APIView):
    @extend_schema(responses=s.SubmissionDetailSerializer)
    def get(self, request, submission_id: int):
        submission = submission_for_viewer(user=request.user, submission_id=submission_id)
        grade = submission_current_grade(submission=submission)
        result = visible_result(grade=grade, submission=submission, viewer=request.user)
        attempt = None if submission.is_pending else attempt_grade(submission=submission)
        return Response(s.SubmissionDetailSerializer(submission, context={"result": result, "attempt": attempt}).data)


def _float_or_none(value) -> float | None:
    return None if value is None else float(value)


class GradebookView(APIView):
    renderer_classes = [JSONRenderer, GradebookCSVRenderer]
    content_negotiation_class = FormatParamWins

    @extend_schema(
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"])],
        responses={(200, "application/json"): s.GradebookRowSerializer(many=True), (200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request, course_id: int):
        enrollment = require_staff(user=request.user, course_id=course_id)
        book = gradebook_build(course=enrollment.course)
        if request.accepted_renderer.format == "csv":
            response = Response(gradebook_csv_text(book))
            response["Content-Disposition"] = f'attachment; filename="{enrollment.course.code}-gradebook.csv"'
            return response
        # The shape of GradebookRowSerializer (the schema), built as plain values: the
        # nested serializer cost 8,500 to_representation calls at 500 x 16.
        slugs = [ca.assignment.slug for ca in book.columns]
        rows = [
            {"username": r.username, "name": r.name, "total": float(r.total),
             "cells": [{"assignment": slug, "score": _float_or_none(c.score), "max_score": float(c.max_score),
                        "late_days": c.late_days, "overridden": c.overridden, "submission_id": c.submission_id}
                       for slug, c in zip(slugs, r.cells)]}
            for r in book.rows
        ]
        return Response(rows)
