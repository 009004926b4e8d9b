"""Feedback text in the student's language (ko or en); English when a text is missing."""

from __future__ import annotations

TEXTS = {
    "passed": {"en": "Passed.", "ko": "통과했습니다."},
    "failed": {"en": "Ran {run}; expected {expected}; got {got}.", "ko": "{run} 실행 결과: 기대값 {expected}, 실제 {got}."},
    "partial": {"en": "{passed} of {total} tries passed.", "ko": "{total}번 중 {passed}번 통과했습니다."},
    "hint": {"en": "Hint: {hint}", "ko": "힌트: {hint}"},
    "fact_missing": {"en": "Could not compute what to expect: {reason}.",
                     "ko": "기대값을 계산할 수 없습니다: {reason}."},
    "vantage_missing": {"en": "Could not run from there: {reason}.", "ko": "실행할 위치가 없습니다: {reason}."},
    "nothing_in_transcript": {"en": "(none of your commands matched)", "ko": "(해당하는 명령을 실행하지 않았습니다)"},
    "missing_answers": {"en": "(distinct answers missing: {missing})", "ko": "(나오지 않은 응답: {missing})"},
    "unexpected_answers": {"en": "(unexpected answers: {extra})", "ko": "(예상 밖의 응답: {extra})"},
    "exit_meaning": {"en": "exit code {code}: {meaning}", "ko": "종료 코드 {code}: {meaning}"},
    "no_answer": {"en": "(no answer)", "ko": "(답 없음)"},
    "not_gradable": {"en": "Nothing to grade: this assignment asks for {wanted}; the submission had {got}.",
                     "ko": "채점할 것이 없습니다: 이 과제는 {wanted}를 제출해야 하는데, 제출물에는 {got}만 있습니다."},
    "no_answers": {"en": "Nothing to grade: no answers were submitted.", "ko": "채점할 것이 없습니다: 제출한 답이 없습니다."},
    "unasked_files": {"en": "Not asked for, so not applied: {names} (this assignment asks for {wanted}).",
                      "ko": "과제에서 요구하지 않은 파일이라 적용하지 않았습니다: {names} (요구 파일: {wanted})."},
    "missing_files": {"en": "Missing files: {names}.", "ko": "제출되지 않은 파일: {names}."},
    "commands_ignored": {"en": "This assignment takes no commands file; commands.sh was ignored.",
                         "ko": "이 과제는 명령 파일을 받지 않으므로 commands.sh는 무시했습니다."},
    "graded": {"en": "{score:g} of {max_score:g} points.", "ko": "{max_score:g}점 만점에 {score:g}점."},
    "budget": {"en": "Grading stopped: {reason}. This attempt is not counted; simplify the submission and retry.",
               "ko": "채점 중단: {reason}. 이번 제출은 횟수에 포함되지 않습니다. 제출물을 줄여 다시 시도하세요."},
    "none": {"en": "nothing", "ko": "아무것도 없음"},
}

EXIT_MEANINGS = {
    "curl": {
        6: {"en": "could not resolve the host name", "ko": "호스트 이름을 찾지 못함(DNS)"},
        7: {"en": "connection refused: nothing answers on that address and port",
            "ko": "연결 거부: 해당 주소와 포트에서 응답하는 것이 없음"},
        28: {"en": "timed out: the address is not reachable from there", "ko": "시간 초과: 그 위치에서 도달할 수 없는 주소"},
    },
    "nslookup": {1: {"en": "the name does not exist (NXDOMAIN)", "ko": "이름이 존재하지 않음(NXDOMAIN)"}},
    "kubectl": {1: {"en": "kubectl reported an error", "ko": "kubectl 오류"}},
}


def text(key: str, lang: str, **values) -> str:
    entry = TEXTS[key]
    return (entry.get(lang) or entry["en"]).format(**values)


def pick(texts: dict | None, lang: str) -> str:
    if not texts:
        return ""
    return str(texts.get(lang) or texts.get("en") or "")


def exit_meaning(command: str, code: int | None, lang: str) -> str:
    """What a well-known exit code means, e.g. curl 7 is 'connection refused'."""
    if not code:
        return ""
    words = command.split()
    program = next((w for w in words if w in EXIT_MEANINGS), "")
    meaning = EXIT_MEANINGS.get(program, {}).get(code)
    return text("exit_meaning", lang, code=code, meaning=pick(meaning, lang)) if meaning else ""
