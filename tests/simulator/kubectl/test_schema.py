"""kubectl 1.23's client-side validation of the kinds the simulator serves.

Sources: the error texts and their order come from kube-openapi `pkg/util/proto/validation`
(`errors.go`, `types.go`: keys visited sorted, required fields after, in the swagger `required`
order) and kubectl `pkg/util/openapi/validation/validation.go` (`getObjectKind`, `validateList`),
as vendored by kubernetes/kubernetes; the field sets and required lists are those of
`api/openapi-spec/swagger.json` / `staging/src/k8s.io/api/{core,apps}/v1/types.go` at v1.23
(e.g. gRPC probes and `PodSpec.os` are new in 1.23). The formatted lines are the fact sheet's §3.
"""

from __future__ import annotations

import pytest

from simulator.registry import openapi_schema as schema
from simulator.registry.openapi_v1_23 import RESOURCES


def service(**spec) -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc-web"}, "spec": spec}


def replicaset(container: dict, **spec) -> dict:
    template = {"metadata": {"labels": {"app": "node-web"}}, "spec": {"containers": [container]}}
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs-web"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "node-web"}}, "template": template, **spec}}


def test_misspelled_target_port_is_an_unknown_field():
    doc = service(ports=[{"port": 80, "targetport": 8080}])
    assert schema.validate_document(doc) == [
        'ValidationError(Service.spec.ports[0]): unknown field "targetport" in io.k8s.api.core.v1.ServicePort']


def test_the_fact_sheet_lines_for_an_unknown_field_and_a_missing_port():
    unknown = schema.validate_document(service(ports=[{"port": 80, "targetport": 8080}]))
    missing = schema.validate_document(service(ports=[{"targetPort": 8080}]))
    assert schema.format_validation_error("svc.yaml", unknown) == (
        'error: error validating "svc.yaml": error validating data: ValidationError(Service.spec.ports[0]): '
        'unknown field "targetport" in io.k8s.api.core.v1.ServicePort; if you choose to ignore these errors, '
        'turn validation off with --validate=false')
    assert schema.format_validation_error("svc.yaml", missing) == (
        'error: error validating "svc.yaml": error validating data: ValidationError(Service.spec.ports[0]): '
        'missing required field "port" in io.k8s.api.core.v1.ServicePort; if you choose to ignore these errors, '
        'turn validation off with --validate=false')


def test_port_given_as_a_string_is_an_invalid_type():
    assert schema.validate_document(service(ports=[{"port": "80"}])) == [
        'ValidationError(Service.spec.ports[0].port): invalid type for io.k8s.api.core.v1.ServicePort.port: '
        'got "string", expected "integer"']


def test_several_errors_print_in_brackets_in_visiting_order():
    """Keys are visited sorted (`port` before `targetport`), required fields are checked last."""
    errors = schema.validate_document(service(ports=[{"targetport": 8080, "nodePort": "30123"}]))
    assert schema.aggregate(errors) == (
        '[ValidationError(Service.spec.ports[0].nodePort): invalid type for io.k8s.api.core.v1.ServicePort.nodePort: '
        'got "string", expected "integer", '
        'ValidationError(Service.spec.ports[0]): unknown field "targetport" in io.k8s.api.core.v1.ServicePort, '
        'ValidationError(Service.spec.ports[0]): missing required field "port" in io.k8s.api.core.v1.ServicePort]')


def test_identical_errors_are_printed_once():
    assert schema.aggregate(["kind not set", "kind not set"]) == "kind not set"


def test_a_document_without_api_version_and_kind_lists_both():
    assert schema.validate_document({"metadata": {"name": "x"}}) == ["apiVersion not set", "kind not set"]
    assert schema.aggregate(schema.validate_document({})) == "[apiVersion not set, kind not set]"


def test_api_version_and_kind_of_the_wrong_type_or_shape():
    assert schema.validate_document({"apiVersion": 1, "kind": ["Service"]}) == [
        "apiVersion isn't string type", "kind isn't string type"]
    assert schema.validate_document({"apiVersion": "apps/v1/x", "kind": "Deployment"}) == [
        "unexpected GroupVersion string: apps/v1/x"]


def test_a_document_that_is_not_a_mapping_is_not_an_object():
    assert schema.validate_document("apiVersion v1") == ["invalid object to validate"]
    assert schema.validate_document([{"kind": "Service"}]) == ["invalid object to validate"]


def test_unserved_versions_and_kinds_are_not_validated():
    """kubectl finds no model for apps/v1beta1 on a 1.23 server and leaves the error to the decoder."""
    assert schema.validate_document({"apiVersion": "apps/v1beta1", "kind": "Deployment", "spec": {"bogus": 1}}) == []
    assert schema.validate_document({"apiVersion": "v1", "kind": "Servic", "spec": {"bogus": 1}}) == []


def test_int_or_string_fields_take_numbers_and_names():
    probe = {"httpGet": {"path": "/", "port": "http"}, "tcpSocket": {"port": 8080}}
    container = {"name": "web", "image": "nginx", "livenessProbe": probe, "readinessProbe": {"grpc": {"port": 9000}}}
    rs = replicaset(container)
    deployment = {**rs, "kind": "Deployment", "spec": {**rs["spec"], "strategy": {
        "type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}}}}
    assert schema.validate_document(service(ports=[{"port": 80, "targetPort": "node-http"}])) == []
    assert schema.validate_document(rs) == []
    assert schema.validate_document(deployment) == []


def test_a_map_where_an_int_or_string_belongs_names_the_referenced_definition():
    assert schema.validate_document(service(ports=[{"port": 80, "targetPort": {"port": 8080}}])) == [
        'ValidationError(Service.spec.ports[0].targetPort): invalid type for '
        'io.k8s.apimachinery.pkg.util.intstr.IntOrString: got "map", expected "string"']


def test_string_fields_take_any_scalar_and_number_fields_any_number():
    """types.go VisitPrimitive: a string accepts every primitive, integer accepts a number."""
    doc = service(ports=[{"port": 80.5, "name": 443, "protocol": True}], clusterIP=10)
    assert schema.validate_document(doc) == []
    assert schema.validate_document(service(ports=[{"port": True}])) == [
        'ValidationError(Service.spec.ports[0].port): invalid type for io.k8s.api.core.v1.ServicePort.port: '
        'got "boolean", expected "integer"']


def test_lists_and_maps_in_the_wrong_place():
    doc = service(ports={"port": 80}, selector=["app=node-web"], externalIPs="1.2.3.4")
    assert schema.validate_document(doc) == [
        'ValidationError(Service.spec.externalIPs): invalid type for io.k8s.api.core.v1.ServiceSpec.externalIPs: '
        'got "string", expected "array"',
        'ValidationError(Service.spec.ports): invalid type for io.k8s.api.core.v1.ServiceSpec.ports: '
        'got "map", expected "array"',
        'ValidationError(Service.spec.selector): invalid type for io.k8s.api.core.v1.ServiceSpec.selector: '
        'got "array", expected "map"',
    ]


def test_nulls_are_skipped_in_objects_but_reported_in_maps_and_lists():
    doc = service(type=None, ports=[None], selector={"app": None})
    assert schema.validate_document(doc) == [
        'ValidationError(Service.spec.ports): unknown object type "nil" in Service.spec.ports[0]',
        'unknown object type "nil" in Service.spec.selector.app',
    ]


def test_missing_required_fields_follow_go_struct_order():
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds"}, "spec": {}}
    assert schema.validate_document(ds) == [
        'ValidationError(DaemonSet.spec): missing required field "selector" in io.k8s.api.apps.v1.DaemonSetSpec',
        'ValidationError(DaemonSet.spec): missing required field "template" in io.k8s.api.apps.v1.DaemonSetSpec',
    ]
    mount = replicaset({"name": "web", "volumeMounts": [{"readOnly": True}]})
    assert schema.validate_document(mount) == [
        'ValidationError(ReplicaSet.spec.template.spec.containers[0].volumeMounts[0]): missing required field "name" '
        'in io.k8s.api.core.v1.VolumeMount',
        'ValidationError(ReplicaSet.spec.template.spec.containers[0].volumeMounts[0]): missing required field '
        '"mountPath" in io.k8s.api.core.v1.VolumeMount',
    ]


def test_a_container_without_a_name_and_a_misspelled_container_port():
    rs = replicaset({"image": "whatwant/node-web:1.0", "ports": [{"containerport": 8080}]})
    assert schema.validate_document(rs) == [
        'ValidationError(ReplicaSet.spec.template.spec.containers[0].ports[0]): unknown field "containerport" in '
        'io.k8s.api.core.v1.ContainerPort',
        'ValidationError(ReplicaSet.spec.template.spec.containers[0].ports[0]): missing required field '
        '"containerPort" in io.k8s.api.core.v1.ContainerPort',
        'ValidationError(ReplicaSet.spec.template.spec.containers[0]): missing required field "name" in '
        'io.k8s.api.core.v1.Container',
    ]


def test_metadata_is_object_meta():
    doc = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": ["x"], "lables": {}}, "spec": {"containers": []}}
    assert schema.validate_document(doc) == [
        'ValidationError(Pod.metadata): unknown field "lables" in io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
        'ValidationError(Pod.metadata.name): invalid type for io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.name: '
        'got "array", expected "string"',
    ]


def test_quantities_take_numbers_and_strings():
    container = {"name": "web", "resources": {"limits": {"cpu": 1, "memory": "128Mi"}, "requests": {"cpu": "100m"}}}
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"},
             "spec": {"hard": {"pods": 10, "requests.cpu": "2"}}}
    assert schema.validate_document(replicaset(container)) == []
    assert schema.validate_document(quota) == []


def test_list_items_are_validated_under_their_own_kind():
    doc = {"apiVersion": "v1", "kind": "List", "items": [
        service(ports=[{"port": 80}]), {"kind": "Service"}, service(ports=[{"targetport": 1, "port": 2}])]}
    assert schema.validate_document(doc) == [
        "apiVersion not set",
        'ValidationError(Service.spec.ports[0]): unknown field "targetport" in io.k8s.api.core.v1.ServicePort',
    ]
    assert schema.validate_document({"apiVersion": "v1", "kind": "List", "items": {}}) == ["invalid object to validate"]


def test_what_kubectl_get_prints_as_yaml_validates_clean():
    """A `kubectl get svc,pod -o yaml` round trip: server-set metadata and status are part of the models."""
    meta = {"name": "svc-web", "namespace": "default", "uid": "0b9f", "resourceVersion": "1234",
            "creationTimestamp": "2022-06-01T05:10:11Z",
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}\n"},
            "managedFields": [{"apiVersion": "v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}},
                               "manager": "kubectl-client-side-apply", "operation": "Update",
                               "time": "2022-06-01T05:10:11Z"}]}
    svc = {**service(clusterIP="10.233.12.34", clusterIPs=["10.233.12.34"], internalTrafficPolicy="Cluster",
                     ipFamilies=["IPv4"], ipFamilyPolicy="SingleStack", sessionAffinity="None", type="ClusterIP",
                     ports=[{"port": 80, "protocol": "TCP", "targetPort": 8080}], selector={"app": "node-web"}),
           "metadata": meta, "status": {"loadBalancer": {}}}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "dnsutils", "ownerReferences": [
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs-web", "uid": "1", "controller": True,
         "blockOwnerDeletion": True}]},
        "spec": {"containers": [{"name": "dnsutils", "image": "x", "resources": {}, "terminationMessagePath":
                                 "/dev/termination-log", "terminationMessagePolicy": "File",
                                 "volumeMounts": [{"mountPath": "/var/run/secrets", "name": "kube-api-access-abcde",
                                                   "readOnly": True}]}],
                 "dnsPolicy": "ClusterFirst", "enableServiceLinks": True, "nodeName": "worker1", "priority": 0,
                 "preemptionPolicy": "PreemptLowerPriority", "restartPolicy": "Always", "schedulerName":
                 "default-scheduler", "securityContext": {}, "serviceAccount": "default",
                 "serviceAccountName": "default", "terminationGracePeriodSeconds": 30,
                 "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready",
                                  "operator": "Exists", "tolerationSeconds": 300}],
                 "volumes": [{"name": "kube-api-access-abcde", "projected": {"defaultMode": 420, "sources": [
                     {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}}]}}]},
        "status": {"phase": "Running", "podIP": "10.233.110.5", "conditions": [{"type": "Ready"}]}}
    assert schema.validate_document(svc) == []
    assert schema.validate_document(pod) == []


def test_every_served_kind_has_a_model_and_every_reference_resolves():
    def walk(node):
        if isinstance(node, schema.Ref):
            assert node.name in schema.MODELS, node.name
        elif isinstance(node, (schema.ArrayOf, schema.MapOf)):
            walk(node.sub)
        elif isinstance(node, schema.Kind):
            for sub in node.fields.values():
                walk(sub)

    for model in schema.MODELS.values():
        walk(model)
    assert {kind for _, _, kind in RESOURCES} == {
        "Pod", "Service", "Endpoints", "Namespace", "Node", "ResourceQuota", "ReplicaSet", "Deployment", "DaemonSet"}


@pytest.mark.parametrize(("text", "quoted"), [
    ("svc.yaml", '"svc.yaml"'),
    ('a"b\\c', '"a\\"b\\\\c"'),
    ("tab\there\n", '"tab\\there\\n"'),
    ("\x00\x7f\u00a0é", '"\\x00\\x7f\\u00a0é"'),
])
def test_go_quote_is_strconv_quote(text, quoted):
    assert schema.go_quote(text) == quoted
