"""API representations of the lab workspace (`kubegrade.workspaces`). Shapes only."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class EditingSerializer(serializers.Serializer):
    path = serializers.CharField(help_text="The file kubectl would open in $EDITOR.")
    content = serializers.CharField(allow_blank=True, help_text="Its text, with kubectl's comment header.")


class WorkspaceFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    content = serializers.CharField(allow_blank=True)
    size = serializers.SerializerMethodField()

    def get_size(self, obj) -> int:
        return len(obj.content.encode("utf-8"))


class HistoryEntrySerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    prompt = serializers.CharField(allow_blank=True)
    line = serializers.CharField(allow_blank=True, help_text="The line typed; for a saved edit, the edited file.")
    kind = serializers.CharField(help_text="command, or edit for a saved `kubectl edit` (its line is the "
                                 "temporary file, not something typed: the page shows only its output).")
    output = serializers.CharField(allow_blank=True)
    exit_code = serializers.IntegerField(allow_null=True)


class LimitsSerializer(serializers.Serializer):
    max_line = serializers.IntegerField()
    commands_per_minute = serializers.IntegerField()
    max_files = serializers.IntegerField()
    max_bytes = serializers.IntegerField()


def editing_of(path: str, content: str) -> dict | None:
    return {"path": path, "content": content} if path else None


class WorkspaceSerializer(serializers.Serializer):
    """A `selectors.WorkspaceView`."""

    id = serializers.IntegerField(source="workspace.id")
    course_assignment = serializers.IntegerField(source="workspace.course_assignment_id")
    owner = serializers.CharField(source="workspace.owner.username")
    read_only = serializers.BooleanField()
    prompt = serializers.CharField(source="workspace.prompt")
    following = serializers.BooleanField(source="workspace.following")
    editing = serializers.SerializerMethodField()
    files = WorkspaceFileSerializer(many=True)
    history = HistoryEntrySerializer(many=True)
    history_total = serializers.IntegerField()
    limits = LimitsSerializer()

    @extend_schema_field(EditingSerializer(allow_null=True))
    def get_editing(self, obj) -> dict | None:
        return editing_of(obj.workspace.editing_path, obj.workspace.editing_content)


class LineSerializer(serializers.Serializer):
    line = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ContentSerializer(serializers.Serializer):
    content = serializers.CharField(allow_blank=True, trim_whitespace=False)


class SubmitSerializer(serializers.Serializer):
    seqs = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=None,
                                 allow_null=True, help_text="The command lines to hand in; all of them by default.")


class StepSerializer(serializers.Serializer):
    """What a command line or a saved edit printed."""

    seq = serializers.IntegerField()
    prompt = serializers.CharField(allow_blank=True)
    line = serializers.CharField(allow_blank=True)
    output = serializers.CharField(allow_blank=True)
    exit_code = serializers.IntegerField(allow_null=True)
    next_prompt = serializers.CharField()
    following = serializers.BooleanField()
    editing = EditingSerializer(allow_null=True)


class FollowSerializer(serializers.Serializer):
    output = serializers.CharField(allow_blank=True)
    following = serializers.BooleanField()
    next_prompt = serializers.CharField()


class InterruptSerializer(serializers.Serializer):
    output = serializers.CharField(allow_blank=True)
    exit_code = serializers.IntegerField(allow_null=True)
    next_prompt = serializers.CharField()
    following = serializers.BooleanField()
    editing = EditingSerializer(allow_null=True)


class CompletionSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Where in the line the completed word starts.")
    candidates = serializers.ListField(child=serializers.CharField())


class FileWrittenSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()


class SubmittedSerializer(serializers.Serializer):
    submission = serializers.DictField(help_text="{id, status, attempt}")
    url = serializers.CharField(help_text="The submission's page, which follows the grading.")


class DriftedFileSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="A workspace file whose objects differ in the live cluster.")
    live = serializers.CharField(help_text="The file's text with the live objects, ready to save in its place.")


class DriftSerializer(serializers.Serializer):
    files = DriftedFileSerializer(many=True, help_text="Empty when the live cluster holds what every file states.")
