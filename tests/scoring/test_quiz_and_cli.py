"""Quizzes render per student and accept letters, numbers or text; the CLI grades a folder."""

from __future__ import annotations

import json
from argparse import Namespace

from scoring.cli import run_grade
from scoring.engine import grade_submission

from .conftest import BANK_ROOT
from .hand_quiz_answers import load_hand_answers


def test_quiz_questions_render_the_students_own_cluster(bank):
    quiz = bank["week4/quiz-01-clusterip"]
    questions = quiz.questions("en", 5)
    assert [q.kind for q in questions] == ["predict", "choice", "short"]
    assert quiz.variant(5)["service"] in questions[2].prompt
    assert all("{{" not in q.prompt for q in questions)
    assert questions[1].choices == ["remote", "master", "worker2"]


def test_choice_answers_accept_letters_numbers_or_text(bank):
    quiz = bank["week4/quiz-02-nodeport"]
    right = load_hand_answers(quiz, 1).first_right()
    assert right["quiz-nodeport.Q002"] == "a, b, c"
    for spelled in ("a, b, c", "1 2 3", "A,B,C"):
        answers = {**right, "quiz-nodeport.Q002": spelled}
        assert grade_submission(quiz, {}, "", 1, answers=answers).check("quiz-nodeport.Q002").passed, spelled


def test_short_answers_ignore_case_and_spacing(bank):
    quiz = bank["week4/quiz-01-clusterip"]
    # seed 1's ClusterIP, read off `kubectl get svc` (quiz_answers/quiz-01-clusterip.seed1.yaml)
    answers = {**load_hand_answers(quiz, 1).first_right(), "quiz-clusterip.Q003": "  10.233.37.149\n"}
    assert grade_submission(quiz, {}, "", 1, answers=answers).score == 3


def test_wrong_quiz_answer_shows_the_explanation(bank):
    quiz = bank["week4/quiz-03-dns"]
    answers = {**load_hand_answers(quiz, 1).first_right(), "quiz-dns.Q003": "0"}
    result = grade_submission(quiz, {}, "", 1, answers=answers).check("quiz-dns.Q003")
    assert not result.passed and "could not resolve host" in result.feedback
    assert result.expected == "6"


def _args(assignment, submission, **extra):
    return Namespace(assignment=str(assignment), submission=str(submission), seed=extra.get("seed", 1),
                     json=extra.get("json", False), lang=extra.get("lang", "en"))


def test_cli_grades_a_folder_and_prints_a_readable_report(bank, tmp_path, capsys):
    files, _ = bank["week4/01-clusterip"].solution(1)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert run_grade(_args(BANK_ROOT / "week4/01-clusterip", tmp_path)) == 0
    out = capsys.readouterr().out
    assert "10/10" in out and "[PASS] clusterip.C001" in out


def test_cli_json_output_is_the_report_dict(bank, tmp_path, capsys):
    files, _, _ = bank["week4/01-clusterip"].wrong_submission("selector-typo", 1)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert run_grade(_args(BANK_ROOT / "week4/01-clusterip", tmp_path, json=True)) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["score"] == 2 and report["gradable"] is True


def test_cli_reads_quiz_answers_from_answers_yaml(bank, tmp_path, capsys):
    quiz = bank["week4/quiz-07-loadbalancer"]
    lines = [f'{key}: "{value}"' for key, value in load_hand_answers(quiz, 1).first_right().items()]
    (tmp_path / "answers.yaml").write_text("\n".join(lines) + "\n")
    assert run_grade(_args(BANK_ROOT / "week4/quiz-07-loadbalancer", tmp_path)) == 0
    assert "3/3" in capsys.readouterr().out


def test_cli_refuses_an_empty_folder_as_not_gradable(tmp_path, capsys):
    assert run_grade(_args(BANK_ROOT / "week4/01-clusterip", tmp_path)) == 2
    assert "not gradable" in capsys.readouterr().out
