"""Checks on what a student uploads, before anything is stored: file count, total size,
command count (413 naming the limit) and that every file is UTF-8 text."""

import posixpath

from kubegrade.courses.bank import bank_count_commands
from kubegrade.errors import BinaryFileRejected, InvalidSubmission, UploadTooLarge

MAX_NAME_LENGTH = 200


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


def validate_files(files: dict[str, bytes], spec: dict) -> dict[str, str]:
    """Returns the files as text keyed by clean names, or raises with the limit named."""
    max_files = int(spec.get("max_files") or 0)
    max_bytes = int(spec.get("max_bytes") or 0)
    if max_files and len(files) > max_files:
        raise UploadTooLarge(
            f"{len(files)} files uploaded; this assignment accepts at most {max_files} files.",
            limit="max_files", limit_value=max_files,
        )
    total = sum(len(data) for data in files.values())
    if max_bytes and total > max_bytes:
        raise UploadTooLarge(
            f"The files total {total} bytes; this assignment accepts at most {max_bytes} bytes.",
            limit="max_bytes", limit_value=max_bytes,
        )
    texts = {}
    for name, data in files.items():
        clean = clean_file_name(name)
        if clean in texts:
            raise InvalidSubmission(f"Two files are named {clean}.", field="files")
        texts[clean] = decode_text(clean, data)
    return texts


def validate_commands(commands: str, spec: dict) -> str:
    max_commands = int(spec.get("max_commands") or 0)
    count = bank_count_commands(commands) if max_commands else 0
    if max_commands and count > max_commands:
        raise UploadTooLarge(
            f"{count} commands given (each command joined by ;, &&, || or | counts); "
            f"this assignment accepts at most {max_commands} commands.",
            limit="max_commands", limit_value=max_commands,
        )
    if "\x00" in commands:
        raise BinaryFileRejected("The commands contain a NUL byte; paste plain text.", field="commands")
    return commands


def validate_nonempty(files: dict[str, str], commands: str, answers: dict | None) -> None:
    if not files and not commands.strip() and not answers:
        raise InvalidSubmission("Nothing to grade: add a file, a command or an answer.")
