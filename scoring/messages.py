"""Every text the engine itself shows a student, in their language (ko or en).

`TEXTS` is the catalogue: one entry per phrase, each with both languages (a test checks
that every entry has both, with the same `{placeholders}`). What tools print (curl,
kubectl, nslookup) and what a spec's author wrote (titles, hints, expected values) are
quoted as they are; everything around them comes from here.

Code that has no language at hand (an exception raised deep in `facts` or `vantages`)
carries a `Phrase`: the key and its values, rendered when the student's language is
known (`localize`). `str()` of a phrase is its English text, for logs and tracebacks.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "ko")

TEXTS = {
    # -- a check's verdict and feedback ---------------------------------------------------
    "passed": {"en": "Passed.", "ko": "통과했습니다."},
    "failed": {"en": "Ran {run}; expected {expected}; got {got}.",
               "ko": "{run} 실행 결과: 기대값 [{expected}], 실제 [{got}]."},
    "partial": {"en": "{passed} of {total} tries passed.", "ko": "{total}번 중 {passed}번 통과했습니다."},
    "hint": {"en": "Hint: {hint}", "ko": "힌트: {hint}"},
    "fact_missing": {"en": "Could not compute what to expect: {reason}.",
                     "ko": "기대값을 계산할 수 없습니다: {reason}."},
    "vantage_missing": {"en": "Could not run from there: {reason}.", "ko": "실행할 위치가 없습니다: {reason}."},
    "check_crashed": {"en": "This check could not run ({error}); tell your instructor.",
                      "ko": "이 항목을 채점하지 못했습니다({error}). 강사에게 알려 주세요."},
    "expected_unknown": {"en": "(not computable on this cluster)", "ko": "(이 클러스터에서는 계산할 수 없음)"},
    "never_ran": {"en": "(your submission never ran {what}; text that only looks like it earns nothing)",
                  "ko": "(제출물이 {what} 를 실제로 실행한 적이 없습니다. 출력처럼 보이는 글자만으로는 점수가 없습니다)"},
    "never_aimed": {"en": "(your submission ran {program}, but no run matched {what}: a name in a header, the data or "
                          "the output is not what a program was pointed at)",
                    "ko": "(제출물이 {program} 를 실행했지만 {what} 에 맞는 실행은 없습니다. 헤더나 데이터, 출력에 있는 "
                          "이름은 프로그램이 향한 대상이 아닙니다)"},
    "missing_answers": {"en": "(distinct answers missing: {missing})", "ko": "(나오지 않은 응답: {missing})"},
    "exit_meaning": {"en": "exit code {code}: {meaning}", "ko": "종료 코드 {code}: {meaning}"},
    "more_commands": {"en": "(+{count} more)", "ko": "(외 {count}개)"},
    # -- causes (scoring.diagnosis): one named first, the checks that follow folded under it -
    "follows_from": {"en": "This follows from the cause above: {cause}", "ko": "위의 원인 때문입니다: {cause}"},
    "cause_no_service": {"en": "The Service {service} does not exist in namespace {namespace}.",
                         "ko": "네임스페이스 {namespace} 에 Service {service} 가 없습니다."},
    "cause_selector": {"en": "The selector {selector} of Service {service} matches no pod in namespace {namespace}; "
                             "the pods there are labelled {labels}.",
                       "ko": "Service {service} 의 selector {selector} 에 맞는 Pod 가 네임스페이스 {namespace} 에 "
                             "없습니다. 그곳의 Pod 레이블: {labels}."},
    "cause_no_pods": {"en": "(no pod has that label key)", "ko": "(그 레이블 키를 가진 Pod 없음)"},
    "cause_target_port": {"en": "The targetPort {target} of Service {service} is not a port its pods listen on "
                                "({ports}).",
                          "ko": "Service {service} 의 targetPort {target} 는 Pod 가 듣는 포트({ports})가 아닙니다."},
    "cause_no_service_expected": {"en": "a Service named {service} in namespace {namespace}",
                                  "ko": "네임스페이스 {namespace} 의 Service {service}"},
    "cause_no_service_got": {"en": "no such Service", "ko": "그런 Service 없음"},
    "cause_no_service_hint": {"en": "Create the Service with metadata.name: {service} (kubectl apply -f your file), "
                                    "then check it with kubectl get svc.",
                              "ko": "metadata.name: {service} 인 Service 를 만드세요(kubectl apply -f 파일). "
                                    "kubectl get svc 로 확인하세요."},
    "cause_selector_expected": {"en": "a selector matching the pods' labels ({labels})",
                                "ko": "Pod 레이블({labels})에 맞는 selector"},
    "cause_selector_hint": {"en": "Make the Service's selector equal the pods' labels, key and value "
                                  "(kubectl get pods --show-labels), and apply the Service again.",
                            "ko": "Service 의 selector 를 Pod 레이블의 키와 값 그대로 맞추고(kubectl get pods "
                                  "--show-labels) Service 를 다시 적용하세요."},
    "cause_target_port_expected": {"en": "targetPort: one of the pods' container ports ({ports})",
                                   "ko": "targetPort: Pod 의 컨테이너 포트({ports}) 중 하나"},
    "cause_target_port_hint": {"en": "Set targetPort in Service {service} to the containerPort the pods declare, "
                                     "and apply the Service again.",
                               "ko": "Service {service} 의 targetPort 를 Pod 가 선언한 containerPort 로 바꾸고 "
                                     "Service 를 다시 적용하세요."},
    "report_cause": {"en": "Cause", "ko": "원인"},
    "times": {"en": "(x{count})", "ko": "({count}회)"},
    # -- what was expected (scoring.expectations) -----------------------------------------
    "expect_includes": {"en": "including: {items}", "ko": "다음을 모두 포함: {items}"},
    "expect_count": {"en": "exactly {count} items", "ko": "정확히 {count}개"},
    "expect_matches": {"en": "text matching /{pattern}/", "ko": "/{pattern}/ 패턴에 맞는 출력"},
    "expect_exit_code": {"en": "exit code {code}", "ko": "종료 코드 {code}"},
    "expect_exit_nonzero": {"en": "a non-zero exit code", "ko": "0이 아닌 종료 코드"},
    "expect_one_of": {"en": "one of: {items}", "ko": "다음 중 하나: {items}"},
    "expect_same_set": {"en": "exactly: {items}", "ko": "정확히 일치해야 함: {items}"},
    "expect_contains": {"en": "output containing {wanted}", "ko": "출력에 {wanted} 포함"},
    "expect_ready_pod_ips": {"en": "the addresses {addresses}", "ko": "응답 주소가 정확히 {addresses}"},
    "no_ready_pods": {"en": "(no Ready pods)", "ko": "(Ready 상태인 Pod 없음)"},
    "expect_field_unset": {"en": "the field is not set", "ko": "필드가 설정되지 않음"},
    "expect_field_set": {"en": "the field is set", "ko": "필드가 설정됨"},
    "expect_object_exists": {"en": "the object exists", "ko": "오브젝트가 존재함"},
    "expect_no_object": {"en": "no such object", "ko": "오브젝트가 없음"},
    "expect_undescribed": {"en": "{key} ({error})", "ko": "{key} 조건 ({error})"},
    # -- what came back ------------------------------------------------------------------
    "nothing": {"en": "(nothing)", "ko": "(없음)"},
    "no_output": {"en": "(no output)", "ko": "(출력 없음)"},
    "exit_code_shown": {"en": "(exit code {code})", "ko": "(종료 코드 {code})"},
    "not_set": {"en": "(not set)", "ko": "(설정되지 않음)"},
    # -- why an expectation or a vantage could not be had (facts, vantages, templates) ---
    "object_not_found": {"en": "{resource} {name} not found in namespace {namespace}",
                         "ko": "{namespace} 네임스페이스에 {resource} {name} 없음"},
    "field_missing": {"en": "{resource}/{name} has no {field}", "ko": "{resource}/{name}에 {field} 값이 없음"},
    "file_missing": {"en": "there is no file {path} there", "ko": "그곳에 {path} 파일이 없음"},
    "extract_missing": {"en": "`{run}` printed nothing matching /{pattern}/",
                        "ko": "`{run}` 출력에 /{pattern}/ 패턴에 맞는 부분이 없음"},
    "no_ready_pod_with_labels": {"en": "no Ready pod with labels {labels} in namespace {namespace}",
                                 "ko": "{namespace} 네임스페이스에 레이블이 {labels}인 Ready 상태 Pod가 없음"},
    "no_node": {"en": "no node named {name}", "ko": "{name} 노드가 없음"},
    "no_pod": {"en": "no pod {name} in namespace {namespace}", "ko": "{namespace} 네임스페이스에 {name} Pod가 없음"},
    "unknown_name": {"en": "unknown name {{{{ {name} }}}}", "ko": "알 수 없는 이름 {{{{ {name} }}}}"},
    "no_part": {"en": "{{{{ {path} }}}} has no part {step}", "ko": "{{{{ {path} }}}}에 {step} 항목이 없음"},
    # -- quizzes -------------------------------------------------------------------------
    "no_answer": {"en": "(no answer)", "ko": "(답 없음)"},
    "or_separator": {"en": "\n--- or ---\n", "ko": "\n--- 또는 ---\n"},
    "no_right_choice": {"en": "(none)", "ko": "(없음)"},
    # -- the report as a whole -----------------------------------------------------------
    "not_gradable": {"en": "Nothing to grade: this assignment asks for {wanted}; the submission had {got}.",
                     "ko": "채점할 것이 없습니다. 제출해야 할 것: {wanted}, 제출한 것: {got}."},
    "no_answers": {"en": "Nothing to grade: no answers were submitted.", "ko": "채점할 것이 없습니다: 제출한 답이 없습니다."},
    "unasked_files": {"en": "Not asked for, so not applied: {names} (this assignment asks for {wanted}).",
                      "ko": "과제에서 요구하지 않은 파일이라 적용하지 않았습니다: {names} (요구 파일: {wanted})."},
    "missing_files": {"en": "Missing files: {names}.", "ko": "제출되지 않은 파일: {names}."},
    "commands_ignored": {"en": "This assignment takes no commands file; commands.sh was ignored.",
                         "ko": "이 과제는 명령 파일을 받지 않으므로 commands.sh는 무시했습니다."},
    "graded": {"en": "{score:g} of {max_score:g} points.", "ko": "{max_score:g}점 만점에 {score:g}점."},
    "budget": {"en": "Grading stopped: {reason}. This attempt is not counted; simplify the submission and retry.",
               "ko": "채점 중단: {reason}. 이번 제출은 횟수에 포함되지 않습니다. 제출물을 줄여 다시 시도하세요."},
    "over_process_memory": {"en": "out of memory: the grading process reached its memory ceiling",
                            "ko": "메모리 부족: 채점 프로세스가 메모리 상한에 도달했습니다"},
    "over_time": {"en": "over the time budget of {seconds:g} s", "ko": "채점 시간 제한 {seconds:g}초 초과"},
    "over_memory": {"en": "over the memory budget of {limit:g} MB (grew by {grown:.0f} MB)",
                    "ko": "메모리 제한 {limit:g} MB 초과({grown:.0f} MB 증가)"},
    "none": {"en": "nothing", "ko": "없음"},
    "transcript_setup": {"en": "# setup (prepared by the assignment)", "ko": "# 준비 (과제가 미리 실행한 명령)"},
    "transcript_submission": {"en": "# your submission", "ko": "# 제출물"},
    "transcript_checks": {"en": "# checks", "ko": "# 채점"},
    # -- a submission refused before grading (scoring.submission) --------------------------
    "too_many_files": {"en": "too many files: {count} handed in, the limit is max_files={limit}",
                       "ko": "파일이 너무 많습니다: {count}개 제출, 제한은 max_files={limit}"},
    "too_large": {"en": "too large: {size} bytes handed in, the limit is max_bytes={limit}",
                  "ko": "제출물이 너무 큽니다: {size}바이트 제출, 제한은 max_bytes={limit}"},
    "too_many_commands": {"en": "too many commands: {count} (each command joined by ;, &&, || or | counts), "
                                "the limit is max_commands={limit}",
                          "ko": "명령이 너무 많습니다: {count}개 (;, &&, ||, | 로 이은 명령도 하나씩 셉니다), "
                                "제한은 max_commands={limit}"},
    "bad_file_name": {"en": "file names must be relative paths inside the submission: {name}",
                      "ko": "파일 이름은 제출물 안의 상대 경로여야 합니다: {name}"},
    # -- a quiz's answers.yaml refused before grading (scoring.answers_file) --------------
    "answers_not_yaml": {"en": "{file} is not valid YAML: {problem}", "ko": "{file} 이 올바른 YAML 이 아닙니다: {problem}"},
    "answers_not_a_mapping": {"en": "{file} must hold one `question-id: answer` per line",
                              "ko": "{file} 에는 한 줄에 하나씩 `question-id: answer` 를 써야 합니다"},
    "answers_too_deep": {"en": "{file} nests deeper than {limit} levels: an answer is text, or a list of choices",
                         "ko": "{file} 의 중첩이 {limit}단계를 넘습니다: 답은 글자, 또는 선택지 목록입니다"},
    "answers_bad_value": {"en": "{file}: the answer to {question} must be text, a number or a list of choices",
                          "ko": "{file}: {question} 의 답은 글자, 숫자 또는 선택지 목록이어야 합니다"},
    "answers_bad_alias": {"en": "{file}: the alias *{anchor} names no earlier answer",
                          "ko": "{file}: 별칭 *{anchor} 가 가리키는 앞의 답이 없습니다"},
    "answers_too_many_aliases": {"en": "{file} uses more than {limit} YAML anchors and aliases",
                                 "ko": "{file} 에 YAML 앵커와 별칭이 {limit}개를 넘습니다"},
    # -- the human-readable report (scoring.report, scoring.cli) ---------------------------
    "report_header": {"en": "{assignment} (seed {seed}): {score:g}/{max_score:g}",
                      "ko": "{assignment} (시드 {seed}): {score:g}/{max_score:g}"},
    "report_not_gradable": {"en": "[not gradable]", "ko": "[채점 불가]"},
    "mark_pass": {"en": "PASS", "ko": "통과"},
    "mark_part": {"en": "PART", "ko": "부분"},
    "mark_fail": {"en": "FAIL", "ko": "실패"},
    "report_footer": {"en": "time: {ms:.1f} ms, engine {version}", "ko": "소요 시간: {ms:.1f} ms, 엔진 {version}"},
    "cli_bad_assignment": {"en": "error: the assignment is not valid:\n{problems}",
                           "ko": "오류: 과제 정의가 올바르지 않습니다:\n{problems}"},
    "cli_not_a_folder": {"en": "error: {directory} is not a folder", "ko": "오류: 폴더가 아닙니다: {directory}"},
    "cli_refused": {"en": "refused: {error}", "ko": "제출 거부: {error}"},
    "cli_unreadable": {"en": "error: cannot read {path}: {reason}", "ko": "오류: {path} 를 읽을 수 없습니다: {reason}"},
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


class Phrase:
    """A catalogue entry with its values, rendered once the language is known.

    Values may themselves be phrases (or exceptions carrying one); they are rendered in
    the same language. `str(phrase)` is the English text.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values: Any) -> None:
        if key not in TEXTS:
            raise KeyError(f"no message {key!r} in the catalogue")
        self.key = key
        self.values = values

    def render(self, lang: str) -> str:
        return text(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)


def text(key: str, lang: str, **values) -> str:
    entry = TEXTS[key]
    rendered = {name: _in_language(value, lang) for name, value in values.items()}
    return (entry.get(lang) or entry["en"]).format(**rendered)


def _in_language(value: Any, lang: str) -> Any:
    """Phrases and exceptions become text in `lang`; numbers keep their type for `{x:g}`."""
    if isinstance(value, (Phrase, BaseException)):
        return localize(value, lang)
    return value


def phrase_of(error: BaseException) -> Phrase | str:
    """The phrase an exception carries (`.phrase`, or its first argument), else its text."""
    carried = getattr(error, "phrase", None)
    if carried is None and error.args:
        carried = error.args[0]
    return carried if isinstance(carried, Phrase) else str(error)


def localize(value: Any, lang: str) -> str:
    """A phrase, an exception carrying one, or anything else (as `str`), in `lang`."""
    if isinstance(value, BaseException):
        value = phrase_of(value)
    if isinstance(value, Phrase):
        return value.render(lang)
    return "" if value is None else str(value)


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
