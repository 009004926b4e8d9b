"""Feedback ordered by cause: one selector typo gives one named cause with the six checks
it breaks folded under it, and no hint blames a setting that is right.

The expected texts are written by hand from the wrong cases' manifests (the typo'd label,
the pods' label from setup/rs-web.yaml, the container port 8080 it declares)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scoring.bank import load_assignment, render_folder  # noqa: E402
from scoring.engine import grade_submission  # noqa: E402
from scoring.report import render_text  # noqa: E402

CLUSTERIP = ROOT / "assignments" / "week4" / "01-clusterip"
RIGHT_SETTINGS_HINT = "check port: 80 and targetPort: 8080"


def graded(case: str, lang: str = "en"):
    assignment = load_assignment(CLUSTERIP)
    variant = assignment.variant(1)
    folder = CLUSTERIP / "starter" if case == "starter" else CLUSTERIP / "wrong" / case
    files = {name: data for name, data in render_folder(folder, variant).items() if name != "expect.yaml"}
    return grade_submission(assignment, files, "", 1, lang=lang), variant


def test_one_selector_typo_gives_one_named_cause_with_its_checks_folded_under_it():
    report, variant = graded("selector-typo")
    app, service = variant["app"], variant["service"]
    assert [cause.text for cause in report.causes] == [
        f"The selector app={app}s of Service {service} matches no pod in namespace default; "
        f"the pods there are labelled app={app}."]
    failing = [result.id for result in report.checks if not result.passed]
    assert report.causes[0].checks == failing == [f"clusterip.C00{n}" for n in range(2, 8)]
    for result in report.checks:
        if not result.passed:
            assert result.cause == report.causes[0].text and result.hint == ""
            assert "Hint:" not in result.feedback and RIGHT_SETTINGS_HINT not in result.feedback


def test_the_cause_comes_first_in_the_text_report_and_in_the_students_language():
    report, variant = graded("selector-typo", lang="ko")
    lines = render_text(report).splitlines()
    assert lines[3].startswith("원인: Service ")
    assert f"selector app={variant['app']}s" in lines[3]
    assert lines[4].lstrip().startswith("힌트: Service 의 selector 를 Pod 레이블의 키와 값 그대로 맞추고")
    assert lines[5].lstrip().startswith("[실패] clusterip.C002")
    assert report.to_dict()["causes"][0]["checks"][0] == "clusterip.C002"


def test_a_wrong_target_port_is_named_and_the_right_port_is_not_blamed():
    report, variant = graded("targetport-80")
    assert [cause.text for cause in report.causes] == [
        f"The targetPort 80 of Service {variant['service']} is not a port its pods listen on (8080)."]
    assert all(RIGHT_SETTINGS_HINT not in result.feedback for result in report.checks)


def test_a_wrong_service_port_has_no_cause_here_and_keeps_the_hint_that_names_it():
    report, _ = graded("service-port-8080")
    assert report.causes == []
    assert RIGHT_SETTINGS_HINT in report.check("clusterip.C004").feedback


def test_a_missing_service_is_the_cause_and_nothing_says_not_computable():
    report, variant = graded("starter")  # refused by the API server: no Service at all
    assert report.causes and report.causes[0].text == (
        f"The Service {variant['service']} does not exist in namespace default.")
    for result in report.checks:
        assert "not computable" not in result.feedback + result.expected


def test_a_wrong_target_port_is_named_with_what_the_pods_declare_and_a_hint_about_target_port_only():
    # wrong/targetport-80/svc-web.yaml sets targetPort: 80; setup/rs-web.yaml declares containerPort 8080
    report, variant = graded("targetport-80")
    service = variant["service"]
    [cause] = report.causes
    assert cause.text == f"The targetPort 80 of Service {service} is not a port its pods listen on (8080)."
    assert cause.expected == "targetPort: one of the pods' container ports (8080)"
    assert cause.got == "targetPort: 80"
    assert cause.hint == (f"Set targetPort in Service {service} to the containerPort the pods declare, "
                          "and apply the Service again.")
    assert "port: 80" not in cause.hint and RIGHT_SETTINGS_HINT not in cause.hint
    assert "Hint: " + cause.hint in render_text(report)
    for check_id in cause.checks:
        result = report.check(check_id)
        assert (result.cause_expected, result.cause_got, result.cause_hint) == (cause.expected, cause.got, cause.hint)
