"""`python -m simulator grade ASSIGNMENT --submission DIR [--seed N] [--json] [--lang en|ko]`.

Reads the student's folder (every file; `commands.sh` holds typed commands and
`answers.yaml` a quiz's answers as `id: answer`), grades it and prints the report:
human-readable by default, the platform's dict with `--json`. Exit status 0 when
graded (whatever the score), 2 when refused or not gradable, 1 on a bad assignment.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from scoring.bank import SpecError, load_assignment, read_submission_dir
from scoring.engine import SubmissionRejected, grade_submission
from scoring.messages import text
from scoring.report import render_text

ANSWERS_FILE = "answers.yaml"


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
    files, commands = read_submission_dir(directory)
    answers = _answers(files.pop(ANSWERS_FILE, None)) if assignment.kind == "quiz" else None
    try:
        report = grade_submission(assignment, files, commands, args.seed, answers, lang=lang)
    except SubmissionRejected as error:
        print(text("cli_refused", lang, error=error), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(report))
    return 0 if report.gradable else 2


def _answers(data: bytes | None) -> dict[str, str]:
    if not data:
        return {}
    try:
        loaded = yaml.safe_load(data.decode("utf-8", "replace"))
    except yaml.YAMLError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(key): "" if value is None else _answer_text(value) for key, value in loaded.items()}


def _answer_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
