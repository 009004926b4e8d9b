"""`python -m simulator grade ASSIGNMENT --submission DIR [--seed N] [--json] [--lang en|ko]`.

Reads the student's folder (every file; `commands.sh` holds typed commands and
`answers.yaml` a quiz's answers as `id: answer`), grades it and prints the report:
human-readable by default, the platform's dict with `--json`. Exit status 0 when
graded (whatever the score), 2 when refused or not gradable, 1 on a bad assignment.
The folder is read within the assignment's limits, sizes checked before reading
(`scoring.submission_folder`), and answers.yaml within tight YAML bounds
(`scoring.answers_file`); a refusal is one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scoring.answers_file import parse_answers
from scoring.bank import SpecError, load_assignment
from scoring.engine import SubmissionRejected, grade_submission
from scoring.messages import text
from scoring.report import render_text
from scoring.submission_folder import read_submission_folder


def run_grade(args) -> int:
    lang = getattr(args, "lang", "en") or "en"
    try:
        assignment = load_assignment(Path(args.assignment))
    except SpecError as error:
        print(text("cli_bad_assignment", lang, problems=error), file=sys.stderr)
        return 1
    directory = Path(args.submission)
    if not directory.is_dir():
        print(text("cli_not_a_folder", lang, directory=directory), file=sys.stderr)
        return 2
    try:
        handed_in = read_submission_folder(directory, assignment.submission, assignment.kind == "quiz", lang)
    except OSError as error:  # an unreadable file or folder on the student's machine
        print(text("cli_unreadable", lang, path=error.filename or directory, reason=error.strerror or error),
              file=sys.stderr)
        return 2
    except SubmissionRejected as error:
        print(text("cli_refused", lang, error=error), file=sys.stderr)
        return 2
    try:
        answers = parse_answers(handed_in.answers or b"") if assignment.kind == "quiz" else None
        report = grade_submission(assignment, handed_in.files, handed_in.commands, args.seed, answers, lang=lang)
    except SubmissionRejected as error:
        print(text("cli_refused", lang, error=error), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(report))
    return 0 if report.gradable else 2

