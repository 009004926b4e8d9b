"""`kubectl get -o custom-columns=...` and `-o custom-columns-file=...`.

Expected texts are written by hand from cli-runtime 1.23 `pkg/printers/customcolumn.go`:
headers as given, one row per object, `<none>` where the path finds nothing, several
values joined by commas in Go's `%v`, columns aligned by `GetNewTabWriter` (padding 3);
and its errors (`unexpected custom-columns spec`, `RelaxedJSONPathExpression`).
"""

from __future__ import annotations

import pytest

from simulator import Cluster

PODS = """apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  nodeName: worker1
  containers: [{name: web, image: whatwant/node-web:1.0}, {name: side, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-long-name}
spec:
  nodeName: worker2
  containers: [{name: web, image: whatwant/node-web:1.0}]
"""
TEMPLATE = "NAME          NODE\n.metadata.name   {.spec.nodeName}\n"


@pytest.fixture
def session():
    session = Cluster(seed=3, files={"pods.yaml": PODS.encode(), "cols.txt": TEMPLATE.encode()}).session()
    assert session.run("kubectl create -f pods.yaml").exit_code == 0
    return session


def test_each_path_form_reads_the_same_field_and_missing_values_print_none(session):
    result = session.run("kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:spec.nodeName,"
                         "APP:{.metadata.labels.app},X:{metadata.uid}x")
    assert result.exit_code == 1  # `{metadata.uid}x` is none of the four relaxed forms
    assert result.stderr == ("error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
                             "'{name1.name2}' or '{.name1.name2}'\n")
    result = session.run("kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:spec.nodeName,"
                         "APP:{.metadata.labels.app}")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("NAME            NODE      APP\n"
                             "web-1           worker1   web\n"
                             "web-long-name   worker2   <none>\n")


def test_several_values_are_joined_by_commas(session):
    result = session.run("kubectl get pod web-1 -o custom-columns=IMAGES:.spec.containers[*].image")
    assert result.stdout == "IMAGES\nwhatwant/node-web:1.0,busybox\n"


def test_a_map_prints_as_go_formats_it(session):
    result = session.run("kubectl get pod web-1 -o custom-columns=LABELS:.metadata.labels --no-headers")
    assert result.stdout == "map[app:web]\n"


def test_a_spec_without_a_colon_is_refused(session):
    result = session.run("kubectl get pods -o custom-columns=NAME")
    assert (result.exit_code, result.stderr) == (
        1, "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n")


def test_an_empty_spec_is_refused(session):
    result = session.run("kubectl get pods -o custom-columns=")
    assert result.stderr == "error: custom-columns format specified but no custom columns given\n"


def test_no_objects_print_the_header_alone(session):
    result = session.run("kubectl get svc -n kube-public -o custom-columns=NAME:.metadata.name")
    assert (result.stdout, result.stderr, result.exit_code) == ("NAME\n", "", 0)


def test_a_columns_file_holds_a_header_line_and_a_path_line(session):
    result = session.run("kubectl get pods -o custom-columns-file=cols.txt")
    assert result.stdout == ("NAME            NODE\n"
                             "web-1           worker1\n"
                             "web-long-name   worker2\n")


def test_a_missing_columns_file_says_it_cannot_be_read(session):
    result = session.run("kubectl get pods -o custom-columns-file=nope.txt")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: error reading template nope.txt, open nope.txt: no such file or directory")


def test_an_escaped_dot_names_one_key_when_the_shell_keeps_the_backslash(session):
    # client-go jsonpath's parseField keeps `\.` as a dot inside the field name, so the
    # annotation key `kubernetes.io/psp` is read whole; by hand: web-1 carries `restricted`.
    session.run("kubectl annotate pod web-1 kubernetes.io/psp=restricted")
    result = session.run("kubectl get pods -o "
                         "'custom-columns=NAME:.metadata.name,PSP:.metadata.annotations.kubernetes\\.io/psp'")
    assert result.stdout == ("NAME            PSP\n"
                             "web-1           restricted\n"
                             "web-long-name   <none>\n")


def test_an_unquoted_backslash_is_removed_by_the_shell_before_kubectl_reads_the_path(session):
    # bash's quote removal: unquoted `kubernetes\.io` reaches kubectl as `kubernetes.io`
    # (`printf '%s\n' a\.b` prints `a.b`), a path through keys `kubernetes` then `io/psp`
    # that no pod has, so kubectl 1.23 prints `<none>` here too: the fix is to quote the spec.
    session.run("kubectl annotate pod web-1 kubernetes.io/psp=restricted")
    result = session.run("kubectl get pods -o "
                         "custom-columns=NAME:.metadata.name,PSP:.metadata.annotations.kubernetes\\.io/psp")
    assert result.stdout == ("NAME            PSP\n"
                             "web-1           <none>\n"
                             "web-long-name   <none>\n")
