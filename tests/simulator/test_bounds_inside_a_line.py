"""Bounds that hold inside one command line (issue 17, findings 4 and 5): the API server's
own limits on what it accepts (v1.23 `ValidateAnnotations`, `MaxRequestBodyBytes`, label key
prefixes), a cap on what any program and any line prints, and grep on a linear-time engine
with GNU grep's messages. Expected texts are written from the Kubernetes v1.23 source and
GNU grep's regcomp messages, not from this simulator's output."""

from __future__ import annotations

import time

import pytest

from simulator import Cluster
from simulator.programs.context import MAX_OUTPUT

pytestmark = pytest.mark.filterwarnings("ignore")


def service(name: str, annotations: dict[str, str] | None = None, labels: dict[str, str] | None = None) -> bytes:
    lines = ["apiVersion: v1", "kind: Service", "metadata:", f"  name: {name}"]
    for title, values in (("annotations", annotations), ("labels", labels)):
        if values:
            lines.append(f"  {title}:")
            lines += [f"    {key}: '{value}'" for key, value in values.items()]
    lines += ["spec:", "  ports:", "  - port: 80"]
    return ("\n".join(lines) + "\n").encode()


def run(files: dict[str, bytes], *lines: str):
    session = Cluster(seed=1, files=files).session()
    return [session.run(line) for line in lines]


def test_annotations_over_256_kib_in_total_are_refused_with_the_api_servers_message():
    big = service("bomb", {"a": "x" * 200_000, "b": "y" * 70_000})
    (created,) = run({"b.yaml": big}, "kubectl create -f b.yaml")
    # objectmeta.go: field.TooLong(fldPath, "", TotalAnnotationSizeLimitB)
    assert created.output == ('The Service "bomb" is invalid: metadata.annotations: Too long: '
                              'must have at most 262144 bytes\n')
    assert created.exit_code == 1


def test_annotations_of_exactly_256_kib_are_accepted():
    exact = service("fits", {"a": "x" * (262144 - 1)})
    (created,) = run({"f.yaml": exact}, "kubectl create -f f.yaml")
    assert created.output == "service/fits created\n"


def test_kubectl_annotate_cannot_grow_an_object_past_the_limit():
    lines = [f"kubectl annotate svc s big{n}=" + "z" * 60_000 for n in range(5)]  # a line holds 64 KiB
    created, *fitted, annotated = run({"s.yaml": service("s")}, "kubectl create -f s.yaml", *lines)
    assert created.exit_code == 0 and [r.exit_code for r in fitted] == [0, 0, 0, 0]
    assert "metadata.annotations: Too long: must have at most 262144 bytes" in annotated.output
    assert annotated.exit_code == 1


def test_an_annotation_key_that_is_not_a_qualified_name_is_invalid():
    (created,) = run({"k.yaml": service("k", {"bad key": "1"})}, "kubectl create -f k.yaml")
    assert created.output.startswith('The Service "k" is invalid: metadata.annotations: Invalid value: "bad key": '
                                     "name part must consist of alphanumeric characters")


def test_a_label_key_prefix_must_be_a_dns_subdomain():
    (created,) = run({"l.yaml": service("l", labels={"Bad_Prefix/app": "web"})}, "kubectl create -f l.yaml")
    assert ('metadata.labels: Invalid value: "Bad_Prefix/app": prefix part a lowercase RFC 1123 subdomain must '
            "consist of lower case alphanumeric characters") in created.output


def test_a_request_body_over_3_mib_is_refused_before_validation():
    from simulator.errors import StatusError
    from simulator.registry.decoding import decode_object

    document = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "c", "annotations": {"k": "v" * (3 << 20)}},
                "spec": {"ports": [{"port": 80}]}}
    with pytest.raises(StatusError) as refused:
        decode_object(document)
    # apiserver/pkg/endpoints/handlers/rest.go limitedReadBody
    assert refused.value.reason == "RequestEntityTooLarge"
    assert str(refused.value) == "Request entity too large: limit is 3145728"


def test_a_jsonpath_template_repeating_a_large_field_is_cut_at_the_output_cap():
    manifest = service("wide", {"a": "x" * 100_000})
    created, printed = run({"w.yaml": manifest}, "kubectl create -f w.yaml",
                           "kubectl get svc wide -o jsonpath='" + "{.metadata.annotations}" * 170 + "'")
    assert created.exit_code == 0
    assert len(printed.stdout) == MAX_OUTPUT
    assert printed.stderr.endswith("output cut at 4 MiB (the simulator's limit)\n")


def test_many_statements_on_one_line_are_bounded_together():
    manifest = service("wide", {"a": "x" * 100_000})
    statement = "kubectl get svc wide -o jsonpath='" + "{.metadata.annotations}" * 30 + "'"
    created, printed = run({"w.yaml": manifest}, "kubectl create -f w.yaml", "; ".join([statement] * 5))
    assert len(printed.stdout) + len(printed.stderr) <= MAX_OUTPUT + 100
    assert printed.stderr.endswith("bash: output cut at 4 MiB (the simulator's limit)\n")


def test_grep_with_a_pattern_that_backtracks_catastrophically_in_python_finishes_at_once():
    started = time.process_time()
    (printed,) = run({}, "echo " + "a" * 5000 + " | grep -E '(a|a)+b'")
    assert printed.output == "" and printed.exit_code == 1  # no match, as GNU grep
    assert time.process_time() - started < 5  # Python's re needs 2^5000 steps


@pytest.mark.parametrize(("pattern", "message"), [
    ("'\\(a'", "grep: Unmatched ( or \\(\n"),
    ("-E '(a'", "grep: Unmatched ( or \\(\n"),
    ("-E 'a)'", "grep: Unmatched ) or \\)\n"),
    ("'[a'", "grep: Unmatched [, [^, [:, [., or [=\n"),
    ("'a\\'", "grep: Trailing backslash\n"),
    ("'\\1'", "grep: Invalid back reference\n"),
    ("'[:space:]'", "grep: character class syntax is [[:space:]], not [:space:]\n"),
    ("'[[:nope:]]'", "grep: Invalid character class name\n"),
    ("'a\\{2,1\\}'", "grep: Invalid content of \\{\\}\n"),
    ("'[z-a]'", "grep: Invalid range end\n"),
])
def test_grep_refuses_a_bad_pattern_with_gnu_greps_message(pattern, message):
    (printed,) = run({}, f"echo abc | grep {pattern}")
    assert (printed.output, printed.exit_code) == (message, 2)


@pytest.mark.parametrize(("args", "matched"), [
    ("'a+'", ["a+"]),                 # BRE: + is an ordinary character
    ("'a\\+'", ["aa", "a+"]),         # GNU's BRE extension
    ("-E 'a+'", ["aa", "a+"]),
    ("'x|y'", ["x|y"]),
    ("'x\\|y'", ["x|y", "y"]),
    ("-iE '^A'", ["aa", "a+"]),
    ("'[[:digit:]]\\{2\\}'", ["12"]),
    ("-F '.'", []),
    ("-c ''", ["7"]),
])
def test_grep_reads_basic_and_extended_patterns_as_gnu_grep_does(args, matched):
    (printed,) = run({"t.txt": b"aa\na+\nx|y\ny\n12\n1\nb\n"}, "grep " + args + " t.txt")
    assert printed.stdout.splitlines() == matched
