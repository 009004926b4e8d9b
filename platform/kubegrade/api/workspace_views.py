"""The lab workspace's API (`/api/v1/.../workspace/`, `/api/v1/workspaces/{id}/...`):
authenticate, call one service or selector of `kubegrade.workspaces`, serialize.
The owner reads and writes; the course's staff read (every write 403); others 404."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from kubegrade.api import workspace_serializers as ws
from kubegrade.workspaces import selectors, services
from kubegrade.workspaces.access import course_assignment_for_workspace_owner
from kubegrade.workspaces.submit import workspace_drift, workspace_submit


def _workspace_response(request, workspace_id: int, status: int = 200) -> Response:
    view = selectors.workspace_view_for(user=request.user, workspace_id=workspace_id)
    return Response(ws.WorkspaceSerializer(view).data, status=status)


def _step(outcome) -> dict:
    step = outcome.step
    return {"seq": outcome.event.seq if outcome.event else None, "prompt": step.prompt,
            "line": outcome.event.line if outcome.event else "", "output": step.output,
            "exit_code": step.exit_code, "next_prompt": step.next_prompt, "following": step.following,
            "editing": ws.editing_of(step.edit_path, step.edit_content)}


class WorkspaceOpenView(APIView):
    @extend_schema(request=None, responses={200: ws.WorkspaceSerializer, 201: ws.WorkspaceSerializer})
    def post(self, request, course_assignment_id: int):
        ca = course_assignment_for_workspace_owner(user=request.user, course_assignment_id=course_assignment_id)
        workspace, created = services.workspace_open(user=request.user, course_assignment=ca)
        return _workspace_response(request, workspace.pk, 201 if created else 200)


class WorkspaceDetailView(APIView):
    @extend_schema(responses=ws.WorkspaceSerializer)
    def get(self, request, workspace_id: int):
        return _workspace_response(request, workspace_id)


class WorkspaceHistoryView(APIView):
    @extend_schema(parameters=[OpenApiParameter("before", OpenApiTypes.INT)],
                   responses=ws.HistoryEntrySerializer(many=True))
    def get(self, request, workspace_id: int):
        before = request.query_params.get("before")
        before = int(before) if before and before.isdigit() else None
        page = selectors.workspace_history_before(user=request.user, workspace_id=workspace_id, before=before)
        return Response(ws.HistoryEntrySerializer(page, many=True).data)


class WorkspaceCommandView(APIView):
    @extend_schema(request=ws.LineSerializer, responses=ws.StepSerializer)
    def post(self, request, workspace_id: int):
        body = ws.LineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        outcome = services.workspace_run_command(user=request.user, workspace_id=workspace_id,
                                                 line=body.validated_data["line"])
        return Response(ws.StepSerializer(_step(outcome)).data)


class WorkspaceFollowView(APIView):
    @extend_schema(request=None, responses=ws.FollowSerializer)
    def post(self, request, workspace_id: int):
        outcome = services.workspace_follow(user=request.user, workspace_id=workspace_id)
        return Response(ws.FollowSerializer(_step(outcome)).data)


class WorkspaceInterruptView(APIView):
    @extend_schema(request=None, responses=ws.InterruptSerializer)
    def post(self, request, workspace_id: int):
        outcome = services.workspace_interrupt(user=request.user, workspace_id=workspace_id)
        return Response(ws.InterruptSerializer(_step(outcome)).data)


class WorkspaceEditView(APIView):
    @extend_schema(request=ws.ContentSerializer, responses=ws.StepSerializer)
    def post(self, request, workspace_id: int):
        body = ws.ContentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        outcome = services.workspace_finish_edit(user=request.user, workspace_id=workspace_id,
                                                 content=body.validated_data["content"])
        return Response(ws.StepSerializer(_step(outcome)).data)


class WorkspaceCompleteView(APIView):
    @extend_schema(request=ws.LineSerializer, responses=ws.CompletionSerializer)
    def post(self, request, workspace_id: int):
        body = ws.LineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        start, candidates = selectors.workspace_completion(user=request.user, workspace_id=workspace_id,
                                                           line=body.validated_data["line"])
        return Response(ws.CompletionSerializer({"start": start, "candidates": candidates}).data)


class WorkspaceFileView(APIView):
    @extend_schema(request=ws.ContentSerializer, responses=ws.FileWrittenSerializer)
    def put(self, request, workspace_id: int, name: str):
        body = ws.ContentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        stored = services.workspace_write_file(user=request.user, workspace_id=workspace_id, name=name,
                                               content=body.validated_data["content"])
        return Response(ws.FileWrittenSerializer({"name": stored.name,
                                                  "size": len(stored.content.encode("utf-8"))}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, workspace_id: int, name: str):
        services.workspace_delete_file(user=request.user, workspace_id=workspace_id, name=name)
        return Response(status=204)


class WorkspaceResetView(APIView):
    @extend_schema(request=None, responses=ws.WorkspaceSerializer)
    def post(self, request, workspace_id: int):
        services.workspace_reset(user=request.user, workspace_id=workspace_id)
        return _workspace_response(request, workspace_id)


class WorkspaceSubmitView(APIView):
    @extend_schema(request=ws.SubmitSerializer, responses={201: ws.SubmittedSerializer})
    def post(self, request, workspace_id: int):
        body = ws.SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        submission = workspace_submit(user=request.user, workspace_id=workspace_id,
                                      seqs=body.validated_data.get("seqs"))
        data = {"submission": {"id": submission.pk, "status": submission.status, "attempt": submission.attempt},
                "url": reverse("submissions:detail", args=[submission.pk])}
        return Response(ws.SubmittedSerializer(data).data, status=201)


class WorkspaceDriftView(APIView):
    @extend_schema(responses={200: ws.DriftSerializer})
    def get(self, request, workspace_id: int):
        drifted = workspace_drift(user=request.user, workspace_id=workspace_id)
        data = {"files": [{"name": name, "live": text} for name, text in drifted.items()]}
        return Response(ws.DriftSerializer(data).data)
