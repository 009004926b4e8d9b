"""`kubectl explain`: kubectl 1.23's `pkg/explain` layout over the v1.23 OpenAPI descriptions.

Expected texts are written by hand from `staging/src/k8s.io/kubectl/pkg/explain/` at v1.23
(`model_printer.go`: `KIND:     `, `VERSION:  ` and a blank line, `RESOURCE: <name> <<type>>` or
`FIELD:    <name> <<type>>`, `DESCRIPTION:` with the descriptions gathered through references, arrays
and maps at five spaces, `FIELDS:`; `fields_printer.go`: `<key>\t<<type>>[ -required-]` at three
spaces, its description at five, a blank line; `formatter.go`: wrapped at 80 columns less the
indentation; `field_lookup.go`: a primitive ends the walk even with path left) and the
descriptions of Kubernetes v1.23.0's swagger.json (PodSpec, Container.image, ServicePort.targetPort,
IntOrString, DeploymentSpec.replicas).
"""

from __future__ import annotations

from pathlib import Path

from simulator import Cluster

METALLB = (Path(__file__).parent / "data" / "metallb-native-v0.13.4.yaml").read_bytes()


def test_unknown_resource_and_missing_arguments():
    session = Cluster(seed=1).session()
    missing = session.run("kubectl explain nosuch")
    assert (missing.stderr, missing.exit_code) == ('error: the server doesn\'t have a resource type "nosuch"\n', 1)
    assert session.run("kubectl explain").stderr == (
        'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list '
        "of supported resources.\n")
    assert session.run("kubectl explain pods svc").stderr == "error: We accept only this format: explain RESOURCE\n"
    other = session.run("kubectl explain deploy --api-version=apps/v2")
    assert (other.stderr, other.exit_code) == ('error: couldn\'t find resource for "apps/v2, Kind=Deployment"\n', 1)


def test_a_field_the_model_lacks_is_kubectls_error():
    """`field_lookup.go`: arrays and maps are walked through to their items; a Kind without the field
    is `field "x" does not exist`."""
    session = Cluster(seed=1).session()
    for line, field in (("kubectl explain pods.spec.foo", "foo"),
                        ("kubectl explain pods.spec.containers.foo", "foo"),
                        ("kubectl explain svc.spec.ports.nope", "nope")):
        result = session.run(line)
        assert (result.stdout, result.stderr, result.exit_code) == ("", f'error: field "{field}" does not exist\n', 1)


def test_a_primitive_ends_the_walk_and_names_the_last_word():
    """VisitPrimitive keeps the primitive with path left; PrintModelDescription names the last word."""
    text = Cluster(seed=1).session().run("kubectl explain po.spec.containers.image.x").stdout
    assert text.splitlines()[:4] == ["KIND:     Pod", "VERSION:  v1", "", "FIELD:    x <string>"]


def test_explain_a_primitive_field():
    assert Cluster(seed=1).session().run("kubectl explain pods.spec.containers.image").stdout == (
        "KIND:     Pod\n"
        "VERSION:  v1\n"
        "\n"
        "FIELD:    image <string>\n"
        "\n"
        "DESCRIPTION:\n"
        "     Docker image name. More info:\n"
        "     https://kubernetes.io/docs/concepts/containers/images This field is\n"
        "     optional to allow higher level config management to default or override\n"
        "     container images in workload controllers like Deployments and StatefulSets.\n")


def test_a_reference_adds_its_definitions_description():
    text = Cluster(seed=1).session().run("kubectl explain svc.spec.ports.targetPort").stdout
    assert text.startswith("KIND:     Service\nVERSION:  v1\n\nFIELD:    targetPort <string>\n\nDESCRIPTION:\n"
                           "     Number or name of the port to access on the pods targeted by the service.\n")
    assert text.endswith(
        "\n"
        "     IntOrString is a type that can hold an int32 or a string. When used in JSON\n"
        "     or YAML marshalling and unmarshalling, it produces or consumes the inner\n"
        "     type. This allows you to have, for example, a JSON field that can accept a\n"
        "     name or number.\n")


def test_explain_a_kind_lists_its_fields():
    text = Cluster(seed=1).session().run("kubectl explain pods").stdout
    assert text.startswith(
        "KIND:     Pod\n"
        "VERSION:  v1\n"
        "\n"
        "DESCRIPTION:\n"
        "     Pod is a collection of containers that can run on a host. This resource is\n"
        "     created by clients and scheduled onto hosts.\n"
        "\n"
        "FIELDS:\n"
        "   apiVersion\t<string>\n"
        "     APIVersion defines the versioned schema of this representation of an\n"
        "     object. Servers should convert recognized schemas to the latest internal\n"
        "     value, and may reject unrecognized values. More info:\n"
        "     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources\n"
        "\n"
        "   kind\t<string>\n")
    assert [line for line in text.splitlines() if line.startswith("   ") and not line.startswith("    ")] == [
        "   apiVersion\t<string>", "   kind\t<string>", "   metadata\t<Object>", "   spec\t<Object>",
        "   status\t<Object>"]


def test_a_nested_kind_is_a_resource_with_both_descriptions():
    text = Cluster(seed=1).session().run("kubectl explain deployments.apps.spec").stdout
    assert text.startswith(
        "KIND:     Deployment\n"
        "VERSION:  apps/v1\n"
        "\n"
        "RESOURCE: spec <Object>\n"
        "\n"
        "DESCRIPTION:\n"
        "     Specification of the desired behavior of the Deployment.\n"
        "\n"
        "     DeploymentSpec is the specification of the desired behavior of the\n"
        "     Deployment.\n"
        "\n"
        "FIELDS:\n")
    assert "   selector\t<Object> -required-\n" in text and "   template\t<Object> -required-\n" in text
    assert "   replicas\t<integer>\n     Number of desired pods. This is a pointer to distinguish between explicit\n" in text


def test_recursive_prints_names_and_types_three_spaces_a_level():
    text = Cluster(seed=1).session().run("kubectl explain pods.spec.containers --recursive").stdout
    assert text.startswith("KIND:     Pod\nVERSION:  v1\n\nRESOURCE: containers <[]Object>\n\nDESCRIPTION:\n")
    fields = text.split("FIELDS:\n", 1)[1].splitlines()
    assert fields[:6] == ["   args\t<[]string>", "   command\t<[]string>", "   env\t<[]Object>",
                          "      name\t<string>", "      value\t<string>", "      valueFrom\t<Object>"]
    assert "   image\t<string>" in fields and not any("Docker image" in line for line in fields)


def test_custom_resources_explain_from_their_own_schema():
    session = Cluster(seed=1, files={"metallb.yaml": METALLB}).session()
    session.run("kubectl apply -f metallb.yaml")
    text = session.run("kubectl explain ipaddresspools").stdout
    assert text.startswith("KIND:     IPAddressPool\nVERSION:  metallb.io/v1beta1\n\nDESCRIPTION:\n"
                           "     IPAddressPool represents a pool of IP addresses that can be allocated to\n"
                           "     LoadBalancer services.\n\nFIELDS:\n")
    assert "   spec\t<Object> -required-\n     IPAddressPoolSpec defines the desired state of IPAddressPool.\n" in text
    assert session.run("kubectl explain ipaddresspool.spec.autoAssign").stdout == (
        "KIND:     IPAddressPool\nVERSION:  metallb.io/v1beta1\n\nFIELD:    autoAssign <boolean>\n\nDESCRIPTION:\n"
        "     AutoAssign flag used to prevent MetallB from automatic allocation for a\n     pool.\n")


def test_kinds_without_a_declared_describer_use_the_generic_one():
    """describe.go genericDescriber: sorted fields, `smartLabelFor` labels, nested maps indented."""
    from simulator.printers.describe_generic import describe_generic
    from simulator.printers.describe_writer import DescribeContext

    cluster = Cluster(seed=1)
    session = cluster.session()
    session.run("kubectl create role reader --verb=get,list --resource=pods")
    role = cluster.store.get(cluster.store.types.by_kind("Role"), "default", "reader")  # Role has its own describer now
    text = describe_generic(role, DescribeContext(now=cluster.clock.now()))
    assert text.startswith("Name:         reader\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n"
                           "API Version:  rbac.authorization.k8s.io/v1\nKind:         Role\nMetadata:\n")
    assert "\nRules:\n  API Groups:\n    \n  Resources:\n    pods\n  Verbs:\n    get\n    list\nEvents:  <none>\n" in text


def test_smart_labels_follow_camelcase_split():
    from simulator.printers.describe_generic import smart_label

    assert [smart_label(f) for f in ("apiVersion", "podIP", "URLPath", "uid", "x509", "job-name")] == [
        "API Version", "Pod IP", "URL Path", "UID", "x509", "Job - Name"]
