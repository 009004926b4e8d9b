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
