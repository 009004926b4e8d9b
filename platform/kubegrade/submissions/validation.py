"""Checks on what a student uploads, before anything is stored: the assignment's limits
(file count, bytes, command count: 413 naming the limit), by the engine's own rule
(`scoring.submission.over_limit`, reached through `courses.bank`), and that every file
is UTF-8 text, and that every file has a name the grader reads."""

import posixpath

from kubegrade.courses.bank import bank_command_lines, bank_over_limit
from django.utils.translation import gettext as _

from kubegrade.errors import BinaryFileRejected, InvalidSubmission, UnexpectedFileName, UploadTooLarge

MAX_NAME_LENGTH = 200
COMMANDS_FILE = "commands.sh"  # the file the README and the local check keep typed commands in


def take_commands_file(files: dict[str, bytes], commands: str, limits: dict) -> tuple[dict[str, bytes], str]:
    """An uploaded `commands.sh` is the commands, as `python -m simulator grade` reads it,
    when the assignment takes commands; the same commands in the box as well are one hand-in,
    and a commands.sh of comments only (the starter's) is no command at all. Different
    commands in both places are refused: which of them to run is the student's call."""
    if not limits.get("commands"):
        return files, commands
    named = [name for name in files if clean_file_name(name) == COMMANDS_FILE]
    if not named:
        return files, commands
    from_file = decode_text(COMMANDS_FILE, files[named[0]]).replace("\r\n", "\n")
    others = {name: data for name, data in files.items() if name not in named}
    if not bank_command_lines(from_file):
        return others, commands
    typed = bank_command_lines(commands)
    if typed and typed != bank_command_lines(from_file):
        raise InvalidSubmission(
            _("Commands came twice: in the commands box and as commands.sh. Hand them in one way."),
            field="commands")
    return others, from_file


def clean_file_name(name: str) -> str:
    base = posixpath.basename(name.replace("\\", "/")).strip()
    if not base or base in {".", ".."} or len(base) > MAX_NAME_LENGTH:
        raise InvalidSubmission(f"{name!r} is not a usable file name.", field="files")
    return base


def decode_text(name: str, data: bytes) -> str:
    if b"\x00" in data:
        raise BinaryFileRejected(f"{name} looks like a binary file; upload plain-text YAML manifests.", file=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BinaryFileRejected(f"{name} is not UTF-8 text (byte {exc.start} is invalid).", file=name) from exc


OVER_LIMIT_MESSAGES = {
    "max_files": "{handed_in} files uploaded; this assignment accepts at most {limit_value} files.",
    "max_bytes": "The files and commands total {handed_in} bytes; this assignment accepts at most {limit_value} bytes.",
    "max_commands": "{handed_in} commands given (each command joined by ;, &&, || or | counts); "
                    "this assignment accepts at most {limit_value} commands.",
}


def validate_limits(files: dict[str, bytes], commands: str, limits: dict) -> None:
    """Raises UploadTooLarge naming the first of the assignment's limits the upload is over."""
    over = bank_over_limit(limits, files, commands)
    if over is not None:
        message = OVER_LIMIT_MESSAGES[over.limit].format(handed_in=over.handed_in, limit_value=over.limit_value)
        raise UploadTooLarge(message, limit=over.limit, limit_value=over.limit_value)


def validate_files(files: dict[str, bytes]) -> dict[str, str]:
    """Returns the files as text keyed by clean names, or raises naming the file."""
    texts = {}
    for name, data in files.items():
        clean = clean_file_name(name)
        if clean in texts:
            raise InvalidSubmission(f"Two files are named {clean}.", field="files")
        texts[clean] = decode_text(clean, data)
    return texts


def validate_commands(commands: str) -> str:
    if "\x00" in commands:
        raise BinaryFileRejected("The commands contain a NUL byte; paste plain text.", field="commands")
    try:
        commands.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: PostgreSQL cannot store it
        raise InvalidSubmission(f"The commands contain an unpaired surrogate (character {exc.start}); "
                                "paste plain text.", field="commands") from exc
    return commands


def validate_nonempty(files: dict[str, str], commands: str, answers: dict | None) -> None:
    if not files and not commands.strip() and not answers:
        raise InvalidSubmission(_("Nothing to grade: add a file, a command or an answer."))


def validate_file_names(files: dict[str, str], commands: str, limits: dict) -> None:
    """Refuses a file the grading would never read. The grader applies the files the
    assignment asks for; another file can only be used by the student's own commands, so
    it is refused when the assignment takes no commands, or when no commands were given
    and none of the asked-for files is there (the engine's "not gradable", which would
    only tell the student after the fact)."""
    expected = list(limits.get("files") or [])
    unexpected = sorted(name for name in files if name not in expected)
    if not expected or not unexpected:
        return
    usable_by_commands = bool(limits.get("commands")) and (commands.strip() or set(files) & set(expected))
    if usable_by_commands:
        return
    raise UnexpectedFileName(
        _("%(names)s is not a file this assignment reads; name your file as asked: %(expected)s.")
        % {"names": ", ".join(unexpected), "expected": ", ".join(expected)},
        field="files", files=unexpected, expected=expected,
    )
