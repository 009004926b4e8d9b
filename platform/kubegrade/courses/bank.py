"""The bridge to the assignment bank in `scoring/`: loads and caches bank assignments.

The bank is plain Python outside Django; it is imported lazily so the platform starts
(and its other tests run) even where the bank has no assignments yet. A cached entry is
reloaded when the spec on disk no longer has the content hash a caller asks for.
"""

import threading
from pathlib import Path

from django.conf import settings

_cache: dict[str, object] = {}
_lock = threading.Lock()


def bank_root() -> Path:
    return Path(settings.KUBEGRADE_BANK_ROOT)


def bank_load_all() -> tuple[list, list[str]]:
    """Every loadable assignment, and the errors of those that are not.

    One broken spec (an instructor mid-edit) must not keep the others from loading, so
    when the bank as a whole fails, each `week*/*/spec.yaml` folder is loaded alone.
    """
    from scoring.bank import SpecError, load_assignment, load_bank

    try:
        assignments, errors = load_bank(bank_root()), []
    except SpecError:
        assignments, errors = [], []
        for spec in sorted(bank_root().glob("*/*/spec.yaml")):
            try:
                assignments.append(load_assignment(spec.parent))
            except SpecError as exc:
                errors.append(str(exc))
    with _lock:
        for assignment in assignments:
            _cache[assignment.slug] = assignment
    return assignments, errors


def bank_assignment(slug: str, content_hash: str | None = None):
    """The bank's Assignment for `slug`, fresh from disk if the cached one has another hash."""
    with _lock:
        cached = _cache.get(slug)
    if cached is not None and (content_hash is None or cached.content_hash == content_hash):
        return cached
    loaded = _load_one(slug)
    with _lock:
        _cache[slug] = loaded
    return loaded


def _load_one(slug: str):
    from scoring.bank import load_assignment

    return load_assignment(bank_root() / slug)


def bank_over_limit(limits: dict, files: dict[str, bytes], commands: str):
    """The limit an upload is over (`scoring.submission.OverLimit`: `limit`, `limit_value`,
    `handed_in`), or None, by the engine's own rule, so the platform never accepts what the
    engine would then refuse. `limits` is a version's stored `submission_limits`; a limit
    it lacks takes the bank's default, as the engine's would."""
    from scoring.bank import SubmissionSpec
    from scoring.submission import over_limit

    declared = {key: int(limits[key]) for key in ("max_files", "max_bytes", "max_commands") if limits.get(key)}
    spec = SubmissionSpec(files=list(limits.get("files") or []), commands=bool(limits.get("commands")), **declared)
    return over_limit(spec, files, commands)


def bank_command_lines(commands: str) -> list[str]:
    """The lines the engine would run from a commands text (comments, blanks, pasted prompts dropped)."""
    from scoring.submission import command_lines

    return command_lines(commands)


def bank_starter_files(slug: str, content_hash: str | None, seed: int) -> dict[str, bytes]:
    """The assignment's starter files rendered with this seed's values, as the workspace gets them."""
    return bank_assignment(slug, content_hash).starter_files(seed)
