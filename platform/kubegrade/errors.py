"""Domain errors with stable machine codes and the HTTP status each maps to.

Services raise these; the API's exception handler and the page views turn them into
responses. They carry no Django or DRF types so services stay framework-light.
"""


class KubeGradeError(Exception):
    code = "error"
    http_status = 400

    def __init__(self, detail: str, **extra: object):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "detail": self.detail, **self.extra}


class NotFound(KubeGradeError):
    code = "not_found"
    http_status = 404


class PermissionDenied(KubeGradeError):
    code = "permission_denied"
    http_status = 403


class InvalidSubmission(KubeGradeError):
    code = "invalid_submission"
    http_status = 400


class BinaryFileRejected(InvalidSubmission):
    code = "binary_file"


class UnexpectedFileName(InvalidSubmission):
    """A file the grader would never read (a misspelt name): refused before it is stored,
    so it costs no attempt; `expected` names the files the assignment asks for."""

    code = "unexpected_file_name"


class InvalidAnswers(InvalidSubmission):
    """Quiz answers the assignment cannot take: an id that is not one of its questions, or
    text that is not storable (NUL, a lone surrogate) or too long. Refused before storing."""

    code = "invalid_answers"


class UploadTooLarge(KubeGradeError):
    code = "upload_too_large"
    http_status = 413


class SubmitThrottled(KubeGradeError):
    code = "throttled"
    http_status = 429

    @property
    def retry_after(self) -> int:
        return int(self.extra.get("retry_after_seconds", 60))


class AttemptsExhausted(KubeGradeError):
    """Every attempt the course assignment allows is used. 409, not 403: the student may
    submit to this assignment (403 is about who the caller is); the assignment's state,
    their used attempts, now refuses one more."""

    code = "attempts_exhausted"
    http_status = 409


class CommandsThrottled(SubmitThrottled):
    """A workspace's owner typed more commands a minute than the terminal allows (429, Retry-After)."""


class WorkspaceBusy(KubeGradeError):
    """Another request changed the workspace while this one ran; nothing of this one was kept."""

    code = "workspace_busy"
    http_status = 409
