"""The report names the first cause: the first line of the submission that failed,
with its output, so the result page can show it above the checks it broke."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from scoring.bank import load_assignment, render_folder  # noqa: E402
from scoring.engine import grade_submission  # noqa: E402

CLUSTERIP = ROOT / "assignments" / "week4" / "01-clusterip"


def case_files(case: str) -> dict[str, bytes]:
    """The wrong case's files rendered with seed 1's values, as a student would hand them in."""
    rendered = render_folder(CLUSTERIP / "wrong" / case, load_assignment(CLUSTERIP).variant(1))
    return {name: data for name, data in rendered.items() if name != "expect.yaml"}


def test_broken_yaml_reports_the_parser_error_as_the_first_error():
    report = grade_submission(load_assignment(CLUSTERIP), case_files("broken-yaml"), "", 1)
    assert report.first_error.splitlines()[0].endswith("kubectl apply -f svc-web.yaml")
    assert "yaml: line 7: did not find expected key" in report.first_error  # the issue's own words
    assert report.to_dict()["first_error"] == report.first_error


def test_a_submission_that_applies_cleanly_has_no_first_error():
    report = grade_submission(load_assignment(CLUSTERIP), case_files("targetport-80"), "", 1)
    assert report.first_error == ""


def test_the_unchanged_starter_is_answered_with_the_api_servers_validation_error():
    """`spec:` with only comments under it is a null spec; kube-apiserver 1.23 decodes it to an
    empty ServiceSpec and ValidateService answers `field.Required(specPath.Child("ports"), "")`
    (pkg/apis/core/validation/validation.go), never an internal error."""
    for folder in ("01-clusterip", "02-nodeport"):
        lab = ROOT / "assignments" / "week4" / folder
        assignment = load_assignment(lab)
        variant = assignment.variant(1)
        files = render_folder(lab / "starter", variant)
        report = grade_submission(assignment, files, "", 1)
        service = variant["service"]
        assert "InternalError" not in report.first_error, report.first_error
        assert report.first_error.splitlines()[-1] == (
            f'The Service "{service}" is invalid: spec.ports: Required value'), report.first_error


DNS = ROOT / "assignments" / "week4" / "03-dns-fqdn"


def test_a_failure_the_task_asks_for_is_not_the_first_error():
    """Lab 03 asks for the short name to fail from the other namespace (check dns.C004
    expects curl's exit code 6): the full-marks solution has no error box."""
    assignment = load_assignment(DNS)
    files, commands = assignment.solution(1)
    report = grade_submission(assignment, files, commands, 1)
    assert report.score == report.max_score
    assert report.first_error == ""


def test_on_a_wrong_attempt_the_first_error_is_the_real_cause_not_the_asked_for_failure():
    assignment = load_assignment(DNS)
    files, commands = assignment.solution(1)
    namespace = assignment.variant(1)["ns_app"]
    commands += "kubectl get svc no-such-svc -n " + namespace + "\n"
    report = grade_submission(assignment, files, commands, 1)
    first_line, *output = report.first_error.splitlines()
    assert first_line.endswith(f"kubectl get svc no-such-svc -n {namespace}")
    assert output == ['Error from server (NotFound): services "no-such-svc" not found']


def test_the_program_a_line_ends_with_is_the_one_whose_exit_code_counts():
    from scoring.first_error import last_program

    assert last_program("kubectl exec -it client -n ns-b -c web -- curl -s http://svc") == "curl"
    assert last_program("kubectl get pods | grep web") == "grep"
    assert last_program("LANG=C /usr/bin/curl -m 3 http://10.233.0.10") == "curl"
    assert last_program("ssh vagrant@node1 -- dig svc.default.svc.cluster.local") == "dig"
