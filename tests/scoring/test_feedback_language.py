"""Feedback speaks the student's language: Korean students read no English engine phrases,
English students read no Korean. What tools print (curl, kubectl) and what the spec's
author wrote are quoted as they are; everything the engine says around them comes from
the catalogue in `scoring.messages`, which has every text in both languages."""

from __future__ import annotations

import re
import string
from argparse import Namespace

import pytest
import yaml

from scoring.budget import BudgetExceeded, Budget
from scoring.cli import run_grade
from scoring.engine import SubmissionRejected, grade_submission
from scoring.expectations import Try, describe, got_text
from scoring.facts import FactMissing, Facts, object_field
from scoring.messages import EXIT_MEANINGS, LANGS, TEXTS, Phrase, localize, text
from scoring.quiz import right_answers
from scoring.templates import TemplateError, render
from scoring.vantages import VantageUnavailable

from .conftest import BANK_ROOT, SEEDS, lab_slugs, quiz_slugs

HANGUL = re.compile(r"[\uac00-\ud7a3]")

# The engine's own English, as it used to leak into Korean feedback. A phrase may still
# appear where a tool printed it (kubectl exec says "command terminated with exit code 6")
# or where the spec's author quoted one in a Korean hint ("curl 6: Could not resolve host"),
# so a hit only counts when the field has more of it than the literal text it quotes.
ENGINE_PHRASES = (
    "exactly", "one of", "exit code", "no output", "nothing", "passed", "hint", "expected", "got",
    "tries", "containing", "text matching", "the addresses", "no ready pods", "the field", "the object",
    "no such object", "not set", "not found in namespace", "has no", "could not compute", "could not run",
    "unknown name", "answers missing", "unexpected answers", "more", "or ---", "(none)", "ran", "points",
    "nothing to grade", "missing files", "not asked for", "was ignored", "grading stopped", "budget",
    "tell your instructor", "no answer", "printed nothing", "no node", "no pod",
)
# Of those, the ones no tool prints: never allowed in Korean, not even in `got`.
ENGINE_ONLY = ("(no output)", "(exit code", "(nothing)", "(not set)", "not found in namespace", "has no ",
               "distinct answers missing", "never ran", "(no answer)", "(none)",
               "printed nothing matching", "no Ready pod with labels", "unknown name")


def _phrase_counts(value: str) -> dict[str, int]:
    lowered = value.lower()
    return {phrase: len(re.findall(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", lowered)) for phrase in ENGINE_PHRASES}


def _authored(assignment, item_id: str, lang: str) -> tuple[str, ...]:
    """What the spec's author wrote for one check or question (quoted as is, never the engine's)."""
    items = assignment.spec.get("checks") or assignment.spec.get("questions") or []
    item = next(entry for entry in items if str(entry["id"]) == item_id)
    return tuple(str(item[key].get(lang, "")) for key in ("title", "prompt", "hint", "explain") if key in item)


def _leaks(field: str, *literal: str) -> list[str]:
    """Engine phrases in `field` beyond what the literal texts it quotes contain."""
    allowed = _phrase_counts("\n".join(literal))
    return [phrase for phrase, count in _phrase_counts(field).items() if count > allowed[phrase]]


def _cases() -> list[tuple[str, str | None]]:
    cases = []
    for slug in lab_slugs() + quiz_slugs():
        cases.append((slug, None))  # the reference solution
        cases.extend((slug, case.name) for case in sorted((BANK_ROOT / slug / "wrong").glob("*")) if case.is_dir())
    return cases


def _grade(assignment, case: str | None, seed: int, lang: str):
    answers = None
    if case is None:
        if assignment.kind == "quiz":
            files, commands, answers = {}, "", right_answers(assignment, seed)
        else:
            files, commands = assignment.solution(seed)
    else:
        files, commands, _ = assignment.wrong_submission(case, seed)
        if assignment.kind == "quiz":
            loaded = yaml.safe_load(files.pop("answers.yaml", b"{}")) or {}
            answers = {str(key): str(value) for key, value in loaded.items()}
    return grade_submission(assignment, files, commands, seed, answers, lang=lang)


@pytest.fixture(scope="module")
def graded(bank):
    """Every reference solution and wrong case, graded in both languages (first seed)."""
    return {(slug, case, lang): _grade(bank[slug], case, SEEDS[0], lang)
            for slug, case in _cases() for lang in LANGS}


def _name(slug: str, case: str | None) -> str:
    return f"{slug}:{case or 'solution'}"


# -- the catalogue ----------------------------------------------------------------------

def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_catalogue_text_exists_in_both_languages(key):
    entry = TEXTS[key]
    assert set(entry) == set(LANGS), key
    assert all(entry[lang].strip() for lang in LANGS), key
    assert _fields(entry["en"]) == _fields(entry["ko"]), key
    assert HANGUL.search(entry["ko"]), f"{key}: the Korean text is not Korean: {entry['ko']!r}"
    assert not HANGUL.search(entry["en"]), key


def test_every_exit_code_meaning_exists_in_both_languages():
    for program, meanings in EXIT_MEANINGS.items():
        for code, meaning in meanings.items():
            assert set(meaning) == set(LANGS), (program, code)
            assert HANGUL.search(meaning["ko"]) and not HANGUL.search(meaning["en"]), (program, code)


def test_a_phrase_renders_in_either_language_and_reads_english_as_text():
    phrase = Phrase("object_not_found", resource="services", name="'svc-web'", namespace="default")
    assert str(phrase) == "services 'svc-web' not found in namespace default"
    assert localize(phrase, "ko") == "default 네임스페이스에 services 'svc-web' 없음"
    nested = text("fact_missing", "ko", reason=FactMissing("x", phrase))
    assert nested == "기대값을 계산할 수 없습니다: default 네임스페이스에 services 'svc-web' 없음."


def test_the_engine_phrases_korean_students_were_shown_in_english_are_korean_now():
    facts = Facts(None, {"ips": ["10.0.0.1", "10.0.0.2"], "word": "hi"}, {})
    expect = {"one_of": ["a", "b"], "same_set": "{{ ips }}", "exit_code": 0, "contains": "{{ word }}",
              "matches": "^x", "absent": True, "exists": False}
    korean = describe(expect, facts, "ko")
    assert korean == ("다음 중 하나: a | b; 정확히 일치해야 함: 10.0.0.1, 10.0.0.2; 종료 코드 0; 출력에 'hi' 포함; "
                      "/^x/ 패턴에 맞는 출력; 필드가 설정되지 않음; 오브젝트가 없음")
    assert describe(expect, facts, "en") == ("one of: a | b; exactly: 10.0.0.1, 10.0.0.2; exit code 0; "
                                             "output containing 'hi'; text matching /^x/; the field is not set; "
                                             "no such object")
    assert describe({"exit_code": "nonzero", "same_set": []}, facts, "ko") == "0이 아닌 종료 코드; 정확히 일치해야 함: (없음)"
    assert got_text(Try("curl", "", 7), "ko") == "(출력 없음)\n(종료 코드 7)"
    assert got_text(Try("curl", "", 7), "en") == "(no output)\n(exit code 7)"
    assert got_text(Try("kubectl", inspected=True, value=[]), "ko") == "(없음)"


def test_reasons_raised_without_a_language_are_shown_in_the_students_own():
    class Empty:
        def get(self, *args):
            return None

    with pytest.raises(FactMissing) as missing:
        object_field(Empty(), "services/svc-web", "shop", "spec.clusterIP")
    assert localize(missing.value, "ko") == "shop 네임스페이스에 services 'svc-web' 없음"
    assert localize(missing.value, "en") == "services 'svc-web' not found in namespace shop"
    with pytest.raises(TemplateError) as unknown:
        render("{{ nope }}", {})
    assert localize(unknown.value, "ko") == "알 수 없는 이름 {{ nope }}"
    assert str(unknown.value) == "unknown name {{ nope }}"
    unavailable = VantageUnavailable(Phrase("no_pod", name="client", namespace="shop"))
    assert localize(unavailable, "ko") == "shop 네임스페이스에 client Pod가 없음"
    assert str(unavailable) == "no pod client in namespace shop"
    over = BudgetExceeded(Phrase("over_time", seconds=10.0))
    assert text("budget", "ko", reason=over).startswith("채점 중단: 채점 시간 제한 10초 초과.")


# -- every solution and wrong case, in Korean -------------------------------------------

@pytest.mark.parametrize(("slug", "case"), _cases(), ids=[_name(*c) for c in _cases()])
def test_korean_feedback_has_no_english_engine_phrases(bank, graded, slug, case):
    report = graded[(slug, case, "ko")]
    problems = []
    if _leaks(report.message, *(result.got for result in report.checks)):
        problems.append(("message", report.message, _leaks(report.message)))
    if report.message and not HANGUL.search(report.message):
        problems.append(("message", report.message, "not Korean"))
    for result in report.checks:
        literal = (result.run, result.got, report.transcript, *_authored(bank[slug], result.id, "ko"))
        for name in ("feedback", "expected", "hint"):
            value = getattr(result, name)
            leaked = _leaks(value, *literal, *_quiz_choices(report, result))
            if leaked:
                problems.append((result.id, name, value, leaked))
        engine_only = [phrase for phrase in ENGINE_ONLY if phrase in result.got and phrase not in report.transcript]
        if engine_only:
            problems.append((result.id, "got", result.got, engine_only))
        if not result.passed and not HANGUL.search(result.feedback):
            problems.append((result.id, "feedback", result.feedback, "not Korean"))
        if not HANGUL.search(result.title):
            problems.append((result.id, "title", result.title, "not Korean"))
    assert problems == []


def _quiz_choices(report, result) -> tuple[str, ...]:
    """A choice question's `expected` quotes the spec's choices, which may be English words."""
    return (result.expected,) if re.match(r"^[a-z]\) ", result.expected) else ()


def test_korean_transcript_headers_and_run_labels(graded):
    report = graded[("week4/01-clusterip", "selector-typo", "ko")]
    assert report.transcript.startswith("# 준비 (과제가 미리 실행한 명령)\n")
    assert "\n# 제출물\n" in report.transcript and "\n# 채점\n" in report.transcript
    assert report.check("clusterip.C004").run.endswith(" (40회)")
    assert report.check("clusterip.C002").expected.startswith("정확히 일치해야 함: ")
    assert "종료 코드 0" in report.check("clusterip.C005").expected
    assert "(출력 없음)" in report.check("clusterip.C005").got
    assert "기대값 [다음 중 하나: " in report.check("clusterip.C005").feedback


# -- and English stays English ----------------------------------------------------------

@pytest.mark.parametrize(("slug", "case"), _cases(), ids=[_name(*c) for c in _cases()])
def test_english_feedback_has_no_korean(graded, slug, case):
    report = graded[(slug, case, "en")].to_dict()
    texts = [report["message"], report["transcript"]] + [
        check[name] for check in report["checks"] for name in ("title", "run", "expected", "got", "hint", "feedback")]
    assert [value for value in texts if HANGUL.search(value)] == []


def test_english_feedback_keeps_its_wording(graded):
    report = graded[("week4/01-clusterip", "selector-typo", "en")]
    assert report.message == "2 of 10 points."
    assert report.check("clusterip.C002").expected.startswith("exactly: ")
    assert report.check("clusterip.C005").expected.startswith("one of: ")
    assert report.check("clusterip.C005").expected.endswith("; exit code 0")
    assert report.check("clusterip.C005").got == "(no output)\n(exit code 7)"
    assert report.check("clusterip.C005").feedback.startswith("Ran `root@")
    assert "This follows from the cause above: The selector " in report.check("clusterip.C005").feedback
    assert report.check("clusterip.C004").run.endswith(" (x40)")
    assert report.transcript.startswith("# setup (prepared by the assignment)\n")


def test_the_same_grade_whatever_the_language(graded):
    for (slug, case, lang), report in graded.items():
        if lang == "ko":
            english = graded[(slug, case, "en")]
            assert (report.score, report.gradable) == (english.score, english.gradable), _name(slug, case)
            assert [r.passed for r in report.checks] == [r.passed for r in english.checks], _name(slug, case)


# -- messages around the grading --------------------------------------------------------

def test_not_gradable_and_refusals_in_korean(bank):
    clusterip = bank["week4/01-clusterip"]
    report = grade_submission(clusterip, {"svc.yaml": b"x"}, "", 1, lang="ko")
    assert report.message == "채점할 것이 없습니다. 제출해야 할 것: svc-web.yaml, 제출한 것: svc.yaml."
    assert grade_submission(clusterip, {}, "", 1, lang="ko").message.endswith("제출한 것: 없음.")
    with pytest.raises(SubmissionRejected, match="파일이 너무 많습니다: 4개 제출, 제한은 max_files=3"):
        grade_submission(clusterip, {f"f{n}.yaml": b"x" for n in range(4)}, "", 1, lang="ko")
    with pytest.raises(SubmissionRejected, match="상대 경로"):
        grade_submission(clusterip, {"../svc-web.yaml": b""}, "", 1, lang="ko")
    files, commands = clusterip.solution(1)
    budget = grade_submission(clusterip, files, commands, 1, lang="ko", budget=Budget(seconds=0.0))
    assert budget.message.startswith("채점 중단: 채점 시간 제한 0초 초과.")
    files["notes.txt"] = b"hi"
    message = grade_submission(clusterip, files, "kubectl get pods\n", 1, lang="ko").message
    assert message == ("10점 만점에 10점. 과제에서 요구하지 않은 파일이라 적용하지 않았습니다: notes.txt "
                       "(요구 파일: svc-web.yaml). 이 과제는 명령 파일을 받지 않으므로 commands.sh는 무시했습니다.")
    quiz = grade_submission(bank["week4/quiz-01-clusterip"], {}, "", 1, answers={}, lang="ko")
    assert quiz.message == "채점할 것이 없습니다: 제출한 답이 없습니다."


def _args(assignment, submission, lang):
    return Namespace(assignment=str(BANK_ROOT / assignment), submission=str(submission), seed=1, json=False, lang=lang)


def test_cli_report_in_korean(bank, tmp_path, capsys):
    files, _, _ = bank["week4/01-clusterip"].wrong_submission("selector-typo", 1)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert run_grade(_args("week4/01-clusterip", tmp_path, "ko")) == 0
    out = capsys.readouterr().out
    assert "week4/01-clusterip (시드 1): 2/10" in out and "10점 만점에 2점." in out
    assert "[통과] clusterip.C001" in out and "[실패] clusterip.C002" in out
    assert "소요 시간: " in out and ", 엔진 scoring-" in out
    assert not re.search(r"\b(PASS|FAIL|PART|seed|time:|engine)\b", out)


def test_cli_messages_in_korean(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_grade(_args("week4/01-clusterip", empty, "ko")) == 2
    assert "[채점 불가]" in capsys.readouterr().out
    assert run_grade(_args("week4/01-clusterip", tmp_path / "missing", "ko")) == 2
    assert "오류: 폴더가 아닙니다: " in capsys.readouterr().err
    assert run_grade(_args("week4", empty, "ko")) == 1
    assert capsys.readouterr().err.startswith("오류: 과제 정의가 올바르지 않습니다:\n")
