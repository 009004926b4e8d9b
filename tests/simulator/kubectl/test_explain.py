"""`kubectl explain`: the resource is looked up as kubectl does, then one line says what is missing.

kubectl 1.23's explain prints each field's description from the server's OpenAPI document;
the simulator's models (`simulator/registry/openapi_v1_23.py`) carry names and types only.
"""

from __future__ import annotations

from simulator import Cluster


def test_explain_checks_the_resource_then_says_in_one_line_what_is_missing():
    session = Cluster(seed=1).session()
    missing = session.run("kubectl explain nosuch")
    assert (missing.stderr, missing.exit_code) == ('error: the server doesn\'t have a resource type "nosuch"\n', 1)
    known = session.run("kubectl explain deployment.spec")
    assert (known.stdout, known.exit_code, known.stderr.count("\n")) == ("", 1, 1)
    assert known.stderr.startswith('error: "kubectl explain" is not simulated by KubeGrade yet: ')


def test_a_field_the_model_lacks_is_kubectls_error():
    """kube-openapi `explain.LookupSchemaForField`: arrays and maps are walked through to their items;
    a kind without the field, or a primitive asked for a field, is `field "x" does not exist`."""
    session = Cluster(seed=1).session()
    for line, field in (("kubectl explain pods.spec.foo", "foo"),
                        ("kubectl explain pods.spec.containers.foo", "foo"),
                        ("kubectl explain po.spec.containers.image.x", "x"),
                        ("kubectl explain svc.spec.ports.nope", "nope")):
        result = session.run(line)
        assert (result.stdout, result.stderr, result.exit_code) == ("", f'error: field "{field}" does not exist\n', 1)


def test_kinds_without_a_declared_describer_use_the_generic_one():
    """describe.go genericDescriber: sorted fields, `smartLabelFor` labels, nested maps indented."""
    session = Cluster(seed=1).session()
    session.run("kubectl create role reader --verb=get,list --resource=pods")
    text = session.run("kubectl describe role reader").stdout
    assert text.startswith("Name:         reader\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n"
                           "API Version:  rbac.authorization.k8s.io/v1\nKind:         Role\nMetadata:\n")
    assert "\nRules:\n  API Groups:\n    \n  Resources:\n    pods\n  Verbs:\n    get\n    list\nEvents:  <none>\n" in text


def test_smart_labels_follow_camelcase_split():
    from simulator.printers.describe_generic import smart_label

    assert [smart_label(f) for f in ("apiVersion", "podIP", "URLPath", "uid", "x509", "job-name")] == [
        "API Version", "Pod IP", "URL Path", "UID", "x509", "Job - Name"]
