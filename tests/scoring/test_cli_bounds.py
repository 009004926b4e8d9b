"""`python -m simulator grade` stays bounded whatever the folder holds: a YAML bomb or deep
nesting in answers.yaml, a 1 GB file, too many files. Each is refused with one line naming
the bound, exit status 2 and no traceback, after little work: the CLI runs in a child process
under a 1 GiB address-space limit, so a regression fails here instead of eating the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scoring.answers_file import AnswersRefused, parse_answers
from scoring.messages import localize

from .conftest import BANK_ROOT

REPO = BANK_ROOT.parent
ADDRESS_SPACE = 1 << 30  # 1 GiB: reading a 1 GB file whole, or expanding a bomb, cannot fit
CPU_SECONDS = 2.0  # loose: a refusal costs well under a second of CPU, even on a busy machine
QUIZ = BANK_ROOT / "week4/quiz-01-clusterip"
LAB = BANK_ROOT / "week4/01-clusterip"  # submission: max_files 3, max_bytes 20000

# The answers.yaml bomb: nine lists of nine aliases of the list before (9^9 "lol"s).
ALIAS_BOMB = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    f"{name}: &{name} [{','.join([f'*{before}'] * 9)}]" for before, name in zip("abcdefgh", "bcdefghi")]) + "\n"
FLAT_ALIASES = "a: &a lol\n" + "".join(f"q{n}: *a\n" for n in range(50))
FLOW_NESTING = "quiz-clusterip.Q001: " + "[" * 5000 + "]" * 5000  # 10 KB
BLOCK_NESTING = "".join(" " * depth + f"k{depth}:\n" for depth in range(140))  # 10 KB


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CPU, (30, 30))


def grade_in_child(assignment: Path, folder: Path, lang: str = "en") -> tuple[subprocess.CompletedProcess, float]:
    """Run the CLI in a child under the limits; (the result, the child's CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "simulator", "grade", str(assignment), "--submission", str(folder),
                             "--seed", "1", "--lang", lang], cwd=REPO, capture_output=True, text=True, timeout=60,
                            preexec_fn=_limit_child)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def assert_refused(result: subprocess.CompletedProcess, cpu: float, message: str) -> None:
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    assert result.stderr.splitlines() == [message]
    assert result.returncode == 2
    assert cpu < CPU_SECONDS


def _answers_folder(tmp_path: Path, answers: str) -> Path:
    (tmp_path / "answers.yaml").write_text(answers)
    return tmp_path


def test_an_alias_bomb_in_answers_yaml_is_refused_at_once(tmp_path):
    assert len(ALIAS_BOMB) < 400
    result, cpu = grade_in_child(QUIZ, _answers_folder(tmp_path, ALIAS_BOMB))
    assert_refused(result, cpu, "refused: answers.yaml nests deeper than 2 levels: an answer is text, "
                                "or a list of choices")


def test_many_aliases_of_one_answer_are_refused_past_the_small_budget(tmp_path):
    result, cpu = grade_in_child(QUIZ, _answers_folder(tmp_path, FLAT_ALIASES))
    assert_refused(result, cpu, "refused: answers.yaml uses more than 8 YAML anchors and aliases")


def test_ten_kilobytes_of_nested_lists_is_refused_without_a_recursion_error(tmp_path):
    assert len(FLOW_NESTING) >= 10_000
    result, cpu = grade_in_child(QUIZ, _answers_folder(tmp_path, FLOW_NESTING))
    # libyaml may stop first at its own nesting limit (0.2.5: 1000), or the reader at level 3
    assert result.stderr.startswith(("refused: answers.yaml nests deeper than 2 levels",
                                     "refused: answers.yaml is not valid YAML: line 1: exceeded maximum nesting"))
    assert_refused(result, cpu, result.stderr.rstrip("\n"))


def test_ten_kilobytes_of_nested_mappings_is_refused_without_a_recursion_error(tmp_path):
    assert len(BLOCK_NESTING) >= 10_000
    result, cpu = grade_in_child(QUIZ, _answers_folder(tmp_path, BLOCK_NESTING))
    assert_refused(result, cpu, "refused: answers.yaml: the answer to k0 must be text, a number or a list of choices")


@pytest.mark.parametrize("name", ["svc-web.yaml", "commands.sh"])
def test_a_one_gigabyte_lab_file_is_refused_from_its_size_before_reading(tmp_path, name):
    with open(tmp_path / name, "wb") as sparse:
        sparse.truncate(1 << 30)  # takes no disk space; reading it whole would not fit the child
    started = time.perf_counter()
    result, cpu = grade_in_child(LAB, tmp_path)
    assert_refused(result, cpu, "refused: too large: 1073741824 bytes handed in, the limit is max_bytes=20000")
    assert time.perf_counter() - started < 30


def test_a_one_gigabyte_answers_yaml_is_refused_from_its_size_before_reading(tmp_path):
    with open(tmp_path / "answers.yaml", "wb") as sparse:
        sparse.truncate(1 << 30)
    result, cpu = grade_in_child(QUIZ, tmp_path, lang="ko")
    assert_refused(result, cpu, "제출 거부: 제출물이 너무 큽니다: 1073741824바이트 제출, 제한은 max_bytes=65536")


def test_files_beyond_max_files_are_refused_by_count(tmp_path):
    for number in range(4):
        (tmp_path / f"svc-{number}.yaml").write_text("kind: Service\n")
    result, cpu = grade_in_child(LAB, tmp_path)
    assert_refused(result, cpu, "refused: too many files: 4 handed in, the limit is max_files=3")


def test_files_together_over_max_bytes_are_refused(tmp_path):
    (tmp_path / "svc-web.yaml").write_text("#" * 15_000)
    (tmp_path / "commands.sh").write_text("#" * 5_001)
    result, cpu = grade_in_child(LAB, tmp_path)
    assert_refused(result, cpu, "refused: too large: 20001 bytes handed in, the limit is max_bytes=20000")


# -- what an answers file may hold --------------------------------------------------------

def test_answers_are_read_as_typed_one_per_question():
    answers = parse_answers(b"q1: b, c\nq2: [b, c]\nq3: 6\nq4: yes\nq5: 06\nq6:\nq7: |\n  search a\n  options b\n")
    assert answers == {"q1": "b, c", "q2": "b, c", "q3": "6", "q4": "yes", "q5": "06", "q6": "",
                       "q7": "search a\noptions b\n"}


def test_a_few_aliases_of_answers_are_fine():
    assert parse_answers(b"q1: &ip 10.233.0.1\nq2: *ip\nq3: &ab [a, b]\nq4: *ab\n") == {
        "q1": "10.233.0.1", "q2": "10.233.0.1", "q3": "a, b", "q4": "a, b"}


@pytest.mark.parametrize(("data", "message"), [
    (b"- a\n- b\n", "answers.yaml must hold one `question-id: answer` per line"),
    (b"just text", "answers.yaml must hold one `question-id: answer` per line"),
    (b"q1: a\n---\nq1: b\n", "answers.yaml must hold one `question-id: answer` per line"),
    (b"q1: {a: 1}\n", "answers.yaml: the answer to q1 must be text, a number or a list of choices"),
    (b"q1: [[a]]\n", "answers.yaml nests deeper than 2 levels: an answer is text, or a list of choices"),
    (b"q1: *nowhere\n", "answers.yaml: the alias *nowhere names no earlier answer"),
    (b"q1: [a\nq2: b\n", "answers.yaml is not valid YAML: line 2: did not find expected ',' or ']'"),
    (b"q1: \xff\n", "answers.yaml is not valid YAML: invalid leading UTF-8 octet"),
])
def test_an_answers_file_that_is_not_flat_question_answer_lines_is_refused(data, message):
    with pytest.raises(AnswersRefused) as refused:
        parse_answers(data)
    assert localize(refused.value, "en") == message


def test_refusals_speak_the_students_language():
    with pytest.raises(AnswersRefused) as refused:
        parse_answers(FLAT_ALIASES.encode())
    assert localize(refused.value, "ko") == "answers.yaml 에 YAML 앵커와 별칭이 8개를 넘습니다"


def test_the_address_space_limit_would_catch_a_whole_read(tmp_path):
    """The guard itself: the same child limits make reading 1 GB whole fail."""
    with open(tmp_path / "big", "wb") as sparse:
        sparse.truncate(1 << 30)
    result = subprocess.run([sys.executable, "-c", f"open({str(tmp_path / 'big')!r}, 'rb').read()"],
                            capture_output=True, text=True, timeout=60, preexec_fn=_limit_child)
    assert result.returncode != 0 and "MemoryError" in result.stderr
    assert os.path.getsize(tmp_path / "big") == 1 << 30
