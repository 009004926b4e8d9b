""""Download my variant": the student's starter files, rendered with their own values, and
the seed the server grades them with, so `python -m simulator grade` on the student's
machine grades exactly what the server grades (the seed is the one `submission_create`
stores; it reveals nothing the assignment page does not already show as values)."""

import io
import zipfile

from kubegrade.courses.bank import bank_starter_files
from kubegrade.submissions.variants import variant_seed

SEED_FILE = "SEED"
HOWTO_FILE = "CHECK-LOCALLY.txt"


def local_check_command(*, slug: str, seed: int, folder: str) -> str:
    return f"python -m simulator grade assignments/{slug} --submission {folder} --seed {seed}"


def variant_archive(*, student, course_assignment) -> tuple[str, bytes]:
    """(file name, zip bytes): a folder named after the assignment holding `submission/` (the
    starter files: what is handed in), and beside it SEED and the command that checks it
    locally, kept out of `submission/` so the check never counts them as handed-in files."""
    assignment = course_assignment.assignment
    seed = variant_seed(user_id=student.pk, assignment_slug=assignment.slug)
    version = assignment.current_version
    folder = assignment.slug.replace("/", "-")
    starter = bank_starter_files(assignment.slug, version.content_hash if version else None, seed)
    howto = (f"Your variant of {assignment.slug} (seed {seed}).\n"
             "Edit the files here, then check them as the server will grade them (commands in commands.sh):\n\n"
             f"  {local_check_command(slug=assignment.slug, seed=seed, folder=folder + '/submission')}\n\n"
             "Run it from the KubeGrade repository, with this folder beside it or the path changed.\n"
             "Hand in the files of submission/ (and commands.sh when the assignment takes commands).\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(starter.items()):
            archive.writestr(f"{folder}/submission/{name}", data)
        archive.writestr(f"{folder}/{SEED_FILE}", f"{seed}\n")
        archive.writestr(f"{folder}/{HOWTO_FILE}", howto)
    return f"{folder}-seed-{seed}.zip", buffer.getvalue()
