"""`GET /api/v1/assignments/{id}/similarity/`: the copy report for the course's staff
(students 403, others 404). Authenticate, call the selector, serialize."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from kubegrade.api.similarity_serializers import SimilarityReportSerializer
from kubegrade.courses.access import course_assignment_for_member, require_staff
from kubegrade.gradebook.similarity import similarity_build


class SimilarityView(APIView):
    @extend_schema(responses=SimilarityReportSerializer,
                   description="Identical groups, nearly identical pairs side by side, and submissions carrying "
                               "another student's variant values; each student's latest submission.")
    def get(self, request, course_assignment_id: int):
        ca, _ = course_assignment_for_member(user=request.user, course_assignment_id=course_assignment_id)
        require_staff(user=request.user, course_id=ca.course_id)
        return Response(SimilarityReportSerializer(similarity_build(course_assignment=ca)).data)
