"""The one place the platform calls `scoring.copies`: copy detection over plain values.

Student variants come from the bank (`bank.variant(seed)`); the baselines are the
assignment's starter and reference solution, rendered for one fixed seed, so that a
group of students who all handed in the reference is labelled as such. A reference
that cannot be rendered (a solution needing facts from a cluster that fails to build)
is left out and logged rather than taking the page down.
"""

import logging
from dataclasses import dataclass

from kubegrade.courses.bank import bank_assignment

log = logging.getLogger(__name__)
BASELINE_SEED = 0


@dataclass(frozen=True)
class HandedIn:
    id: int
    student: str
    seed: int
    files: dict[str, str]
    commands: str
    answers: dict | None = None


def copies_find(*, slug: str, content_hash: str | None, handed_in: list[HandedIn], roster_seeds: dict[str, int]):
    """A `scoring.copies.CopyReport` for one assignment; `handed_in` oldest first, any
    number per student (only the latest counts); `roster_seeds` the variant seed of every
    student of the course."""
    from scoring.copies import SubmittedWork, find_copies

    bank = bank_assignment(slug, content_hash)
    works = [SubmittedWork(h.id, h.student, _files_of(h), h.commands, bank.variant(h.seed)) for h in handed_in]
    roster = {student: bank.variant(seed) for student, seed in roster_seeds.items()}
    return find_copies(works, roster=roster, baselines=_baselines(bank))


def copies_side_by_side(left: list[str], right: list[str]):
    from scoring.copies import side_by_side

    return side_by_side(left, right)


def _files_of(handed_in: HandedIn) -> dict[str, bytes]:
    files = {name: text.encode("utf-8") for name, text in (handed_in.files or {}).items()}
    if handed_in.answers:  # a quiz: its answers compare like a file
        files["answers.yaml"] = "".join(f"{q}: {a}\n" for q, a in sorted(handed_in.answers.items())).encode()
    return files


def _baselines(bank) -> list:
    from scoring.copies import Baseline

    variant = bank.variant(BASELINE_SEED)
    baselines = [Baseline("starter", bank.starter_files(BASELINE_SEED), "", variant)]
    try:
        files, commands = bank.solution(BASELINE_SEED)
    except Exception:  # noqa: BLE001 - an unrenderable reference only loses its label
        log.exception("rendering the reference solution of %s failed", bank.slug)
        return baselines
    return baselines + [Baseline("solution", files, commands, variant)]
