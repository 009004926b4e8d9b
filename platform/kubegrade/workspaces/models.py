"""A student's lab workspace as rows: the workspace, its files, the ordered event log
and the latest pickled snapshot of its live cluster.

The event log is the truth: the live `(cluster, session)` is a pure function of the
assignment version, the seed, the starter files and the log of the current run
(`services.workspace_live`). The snapshot only saves replaying it. A reset starts a new
`run`; the rows of earlier runs stay, marked by their run number.
"""

from django.conf import settings
from django.db import models

from kubegrade.courses.models import AssignmentVersion, CourseAssignment


class Workspace(models.Model):
    course_assignment = models.ForeignKey(CourseAssignment, on_delete=models.CASCADE, related_name="workspaces")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workspaces")
    version = models.ForeignKey(AssignmentVersion, on_delete=models.PROTECT, related_name="workspaces")
    seed = models.BigIntegerField(help_text="The variant seed the submission pipeline uses for this student.")
    run = models.PositiveIntegerField(default=1, help_text="Starts at 1; a reset starts the next run.")
    last_seq = models.PositiveIntegerField(default=0, help_text="The seq of the newest event, over every run.")
    last_event_at = models.DateTimeField(help_text="When the newest event (or the run) started: the clock's base.")
    # What the newest event left the terminal showing, so reading a workspace never needs its cluster.
    prompt = models.CharField(max_length=300, default="remote > ")
    following = models.BooleanField(default=False)
    editing_path = models.CharField(max_length=300, blank=True)
    editing_content = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course_assignment", "owner"], name="workspace_unique_owner")]

    def __str__(self) -> str:
        return f"workspace #{self.pk} {self.owner} {self.course_assignment}"


class WorkspaceFile(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="files")
    run = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    content = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "run", "name"], name="workspace_file_unique")]


class EventKind(models.TextChoices):
    COMMAND = "command", "command line"
    FILE_WRITE = "file_write", "file written"
    FILE_DELETE = "file_delete", "file deleted"
    FOLLOW = "follow", "watch followed"
    INTERRUPT = "interrupt", "Ctrl-C"
    EDIT = "edit", "kubectl edit saved"
    API = "api", "API request"  # from the student's own kubectl through the workspace's API endpoint


HISTORY_KINDS = (EventKind.COMMAND, EventKind.EDIT)  # what the terminal's scrollback shows


class WorkspaceEvent(models.Model):
    """One step of a run, with what a rebuild needs to repeat it exactly: the line, the
    file's name and content, the edited text, and the real seconds elapsed before it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="events")
    run = models.PositiveIntegerField()
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    line = models.TextField(blank=True, help_text="The command line, or the file's name.")
    content = models.TextField(blank=True, help_text="A written file's or a saved edit's text.")
    elapsed = models.FloatField(default=0.0, help_text="Simulated seconds let pass before it (real time, capped).")
    prompt = models.CharField(max_length=300, blank=True)
    output = models.TextField(blank=True)
    exit_code = models.IntegerField(null=True, blank=True)
    following = models.BooleanField(default=False, help_text="The line started a watch.")
    edit_path = models.CharField(max_length=300, blank=True, help_text="The line opened an editor on this file.")
    skipped = models.BooleanField(default=False, help_text="Stopped by the budget: a rebuild leaves it out, "
                                  "as the terminal did (nothing it did was kept).")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["workspace", "seq"], name="workspace_event_unique_seq")]
        indexes = [models.Index(fields=["workspace", "run", "seq"], name="workspace_event_run_seq"),
                   models.Index(fields=["kind", "created_at"], name="workspace_event_kind_time")]


class WorkspaceSnapshot(models.Model):
    """The live `(cluster, session)` pickled (zlib) after event `seq` of `run`."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="snapshot")
    run = models.PositiveIntegerField()
    seq = models.PositiveIntegerField()
    data = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)


class WorkspaceRun(models.Model):
    """One run of a workspace (the first, and one per reset): when it started, and whether a
    submission was handed in from it. Older runs' rows are pruned past
    `KUBEGRADE_WORKSPACE_RUNS_KEPT`, except runs handed in (`services.prune_old_runs`)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="runs")
    run = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    handed_in = models.BooleanField(default=False, help_text="A submission was handed in from this run.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "run"], name="workspace_run_unique")]
        indexes = [models.Index(fields=["workspace", "started_at"], name="workspace_run_started")]


class WorkspaceApiToken(models.Model):
    """A bearer token for the workspace's cluster API (`/k8s/<workspace id>/`), kept as its
    SHA-256 only: the kubeconfig that carries it is shown once, when it is made. Making a new
    one revokes the workspace's others (rotation); revoking stamps `revoked_at`."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "revoked_at"], name="workspace_api_token_live")]
