"""Kinds declared in one module each (simulator/kinds/) served by every verb with no per-kind code.

Expected tables are written by hand from kubectl 1.23's `pkg/printers/internalversion/printers.go`
(`printConfigMap`: NAME DATA AGE with DATA = len(data)+len(binaryData); `printSecret`: NAME TYPE
DATA AGE with DATA = len(data); `printServiceAccount`; `printRoleBinding`), describe texts from
`pkg/describe/describe.go` (`describeConfigMap`, `describeSecret`), and validation texts from
`pkg/apis/core/validation` (`IsConfigMapKey`'s message).
"""

from __future__ import annotations

import pytest

from simulator import Cluster

MANIFESTS = """apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {PORT: "8080", MODE: prod}
binaryData: {logo.png: iVBORw0KGgo=}
---
apiVersion: v1
kind: Secret
metadata: {name: db-pass}
stringData: {password: s3cret}
---
apiVersion: v1
kind: Secret
metadata: {name: tls-web}
type: kubernetes.io/tls
data: {tls.crt: YQ==, tls.key: Yg==}
"""


@pytest.fixture
def session():
    session = Cluster(seed=5, files={"objects.yaml": MANIFESTS.encode()}).session()
    result = session.run("kubectl apply -f objects.yaml")
    assert result.output == ("configmap/web-config created\nsecret/db-pass created\nsecret/tls-web created\n")
    return session


def test_configmap_table_counts_data_and_binary_data(session):
    assert session.run("kubectl get configmap web-config").output.splitlines() == [
        "NAME         DATA   AGE",
        "web-config   3      2s",  # created while the apply line settled
    ]
    assert session.run("kubectl get cm web-config -o name").output == "configmap/web-config\n"


def test_secret_table_has_type_and_counts_data_only(session):
    assert session.run("kubectl get secrets --field-selector type!=kubernetes.io/service-account-token"
                       ).output.splitlines() == [
        "NAME      TYPE                DATA   AGE",
        "db-pass   Opaque              1      2s",
        "tls-web   kubernetes.io/tls   2      2s",
    ]


def test_secret_string_data_is_merged_into_data_by_the_server(session):
    assert session.run("kubectl get secret db-pass -o jsonpath={.data.password}").output == "czNjcmV0"
    assert "\nstringData:" not in session.run("kubectl get secret db-pass -o yaml").output


def test_describe_configmap_lists_data_then_binary_sizes(session):
    assert session.run("kubectl describe configmap web-config").output == (
        "Name:         web-config\n"
        "Namespace:    default\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "\n"
        "Data\n"
        "====\n"
        "MODE:\n"
        "----\n"
        "prod\n"
        "PORT:\n"
        "----\n"
        "8080\n"
        "\n"
        "BinaryData\n"
        "====\n"
        "logo.png: 8 bytes\n"
        "\n"
        "Events:  <none>\n"
    )


def test_describe_secret_prints_sizes_never_values(session):
    assert session.run("kubectl describe secret db-pass").output == (
        "Name:         db-pass\n"
        "Namespace:    default\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "\n"
        "Type:  Opaque\n"
        "\n"
        "Data\n"
        "====\n"
        "password:  6 bytes\n"
    )


def test_a_bad_configmap_key_is_refused_with_the_api_servers_text(session):
    result = session.run("kubectl create configmap bad --from-literal='a b=1'")
    assert result.exit_code == 1
    assert result.output == (
        'The ConfigMap "bad" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of '
        "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used "
        "for validation is '[-._a-zA-Z0-9]+')\n")


def test_typed_secret_requires_its_keys(session):
    result = session.run("kubectl create secret generic t --type=kubernetes.io/tls --from-literal=tls.crt=x")
    assert result.output == 'The Secret "t" is invalid: data[tls.key]: Required value\n'


def test_label_annotate_patch_delete_work_on_a_declared_kind(session):
    assert session.run("kubectl label cm web-config tier=front").output == "configmap/web-config labeled\n"
    assert session.run("kubectl annotate secret db-pass note=x").output == "secret/db-pass annotated\n"
    assert session.run("""kubectl patch cm web-config -p '{"data":{"MODE":"dev"}}'""").output == (
        "configmap/web-config patched\n")
    assert session.run("kubectl get cm web-config -o jsonpath={.data.MODE}").output == "dev"
    assert session.run("kubectl get cm -l tier=front -o name").output == "configmap/web-config\n"
    assert session.run("kubectl delete cm web-config").output == 'configmap "web-config" deleted\n'


def test_an_immutable_configmap_refuses_changes(session):
    assert session.run("""kubectl patch cm web-config -p '{"immutable":true}'""").exit_code == 0
    result = session.run("""kubectl patch cm web-config -p '{"data":{"MODE":"dev"}}'""")
    assert result.output == ('The ConfigMap "web-config" is invalid: data: Forbidden: field is immutable when '
                             "`immutable` is set\n")


def test_api_resources_lists_declared_kinds(session):
    lines = session.run("kubectl api-resources").output.splitlines()
    assert "configmaps        cm           v1                            true         ConfigMap" in [
        " ".join(line.split()) and line for line in lines] or any(
        line.split() == ["configmaps", "cm", "v1", "true", "ConfigMap"] for line in lines)
    assert any(line.split() == ["secrets", "v1", "true", "Secret"] for line in lines)
    assert any(line.split() == ["cronjobs", "cj", "batch/v1", "true", "CronJob"] for line in lines)


def test_field_selector_on_secret_type_and_refused_on_configmap(session):
    assert session.run("kubectl get secrets --field-selector type=kubernetes.io/tls -o name").output == (
        "secret/tls-web\n")
    result = session.run("kubectl get cm --field-selector data.x=1")
    assert result.output == ('Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match '
                             'label selector "", field selector "data.x=1": "data.x" is not a known field selector: '
                             'only "metadata.name", "metadata.namespace"\n')


def test_get_all_lists_the_kinds_in_the_all_category_in_discovery_order(session):
    """The `all` category: core, apps, then batch's cronjobs before jobs, each table under its kind.
    Columns from printers.go printCronJob (NAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE) and printJob."""
    session.run("kubectl create job j --image=busybox -- echo hi")
    session.run("kubectl create cronjob c --image=busybox '--schedule=*/5 * * * *'")
    tables = session.run("kubectl get all").output.split("\n\n")
    # the Job controller ran the Job's pod (Completed: `echo hi` exits at once), listed first as core
    assert [table.splitlines()[1].split("/")[0] for table in tables] == ["pod", "service", "cronjob.batch", "job.batch"]
    assert tables[2].splitlines()[0].split() == ["NAME", "SCHEDULE", "SUSPEND", "ACTIVE", "LAST", "SCHEDULE", "AGE"]
    assert tables[2].splitlines()[1].split()[:7] == ["cronjob.batch/c", "*/5", "*", "*", "*", "*", "False"]
