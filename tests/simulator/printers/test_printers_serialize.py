"""`-o yaml`, `-o json`, `-o name` and the List wrapper.

YAML follows sigs.k8s.io/yaml over go-yaml v2 (kubectl 1.23): sorted keys, sequences
not indented under their key, quoted timestamps and number-like strings, `|` blocks,
folding after column 80. JSON follows Go's json.MarshalIndent with four spaces.
The List keeps `selfLink: ""` in 1.23 (kubectl pkg/cmd/get/get.go printGeneric; the
line was dropped after kubernetes PR #107527).
"""

import json
import string

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.printers.serialize import document_for, list_document, resource_name, to_json, to_names, to_yaml
from simulator.printers.serialize import to_yaml_stream
from simulator.printers.yaml_emitter import dump
from simulator.printers.yaml_resolver import resolves_to_non_string, sorted_keys


def test_service_yaml_looks_like_kubectl(make):
    svc = make.service("svc-web", cluster_ip="10.233.53.193", selector={"app": "node-web"})
    svc.metadata.annotations = {"kubectl.kubernetes.io/last-applied-configuration":
                                '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"svc-web"}}\n'}
    assert to_yaml(svc.to_dict()) == (
        "apiVersion: v1\n"
        "kind: Service\n"
        "metadata:\n"
        "  annotations:\n"
        "    kubectl.kubernetes.io/last-applied-configuration: |\n"
        '      {"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"svc-web"}}\n'
        '  creationTimestamp: "2022-08-03T10:29:00Z"\n'
        "  name: svc-web\n"
        "  namespace: default\n"
        '  resourceVersion: "1001"\n'
        "  uid: uid-0001\n"
        "spec:\n"
        "  clusterIP: 10.233.53.193\n"
        "  clusterIPs:\n"
        "  - 10.233.53.193\n"
        "  internalTrafficPolicy: Cluster\n"
        "  ipFamilies:\n"
        "  - IPv4\n"
        "  ipFamilyPolicy: SingleStack\n"
        "  ports:\n"
        "  - port: 80\n"
        "    protocol: TCP\n"
        "    targetPort: 8080\n"
        "  selector:\n"
        "    app: node-web\n"
        "  sessionAffinity: None\n"
        "  type: ClusterIP\n"
        "status:\n"
        "  loadBalancer: {}\n")


def test_list_wrapper_keeps_self_link_in_1_23(make):
    assert to_yaml(list_document([])) == (
        'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n  selfLink: ""\n')
    assert to_json(list_document([])) == (
        '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n'
        '        "resourceVersion": "",\n        "selfLink": ""\n    }\n}\n')


def test_single_named_object_is_not_wrapped(make):
    pod = make.pod("p")
    assert document_for([pod], single_item=True)["kind"] == "Pod"
    assert document_for([pod], single_item=False)["kind"] == "List"


def test_json_is_four_space_indented_sorted_and_html_escaped():
    assert to_json({"b": [1, {"x": None}], "a": "<a&b>", "c": {}, "d": True, "e": 1.5}) == (
        '{\n    "a": "\\u003ca\\u0026b\\u003e",\n    "b": [\n        1,\n        {\n            "x": null\n'
        '        }\n    ],\n    "c": {},\n    "d": true,\n    "e": 1.5\n}\n')


def test_compact_json_for_jsonpath():
    assert to_json({"app": "node-web", "tier": ["a", 1]}, indent=None) == '{"app":"node-web","tier":["a",1]}'


def test_yaml_quotes_what_go_yaml_would_read_as_another_type():
    for text in ("80", "true", "yes", "N", "off", "", "~", "null", "1.23", "0x1F", "0o17", "1e3", ".5", "1_000",
                 "2022-08-03T10:30:00Z", "2022-8-3 1:2:3", "2022-08-03", "1:20", "-0b101"):
        assert resolves_to_non_string(text), text
    for text in ("10.233.0.1", "443/TCP", "80:30123/TCP", "node-web", "v1.23.7", "2022-13-45", "<none>", "0.1.2",
                 "2022-08-03T10:30:00", "2022-08-03 10:30:00Z"):
        assert not resolves_to_non_string(text), text


def test_yaml_scalar_styles():
    assert dump({"a": "*x", "b": "a: b", "c": "tab\there", "d": " lead", "e": "it's", "f": "-", "g": "x #y"}) == (
        "a: '*x'\nb: 'a: b'\nc: \"tab\\there\"\nd: ' lead'\ne: it's\nf: '-'\ng: 'x #y'\n")


def test_yaml_multiline_strings_use_literal_blocks():
    assert dump({"keep": "a\nb\n", "strip": "a\nb", "space": "a \nb"}) == (
        "keep: |\n  a\n  b\nspace: \"a \\nb\"\nstrip: |-\n  a\n  b\n")


def test_yaml_folds_long_scalars_after_column_80():
    message = ("0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, "
               "that the pod didn't tolerate, 2 Insufficient cpu.")
    assert dump({"status": {"conditions": [{"message": message}]}}) == (
        "status:\n"
        "  conditions:\n"
        "  - message: '0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master:\n"
        "      }, that the pod didn''t tolerate, 2 Insufficient cpu.'\n")


def test_yaml_nested_sequences_and_empty_collections():
    assert dump({"a": [[1, 2], {}, []], "b": {"c": [{"d": None}]}}) == (
        "a:\n- - 1\n  - 2\n- {}\n- []\nb:\n  c:\n  - d: null\n")


def test_yaml_key_order_is_go_yamls_natural_order():
    assert sorted_keys({"a10": 1, "a9": 2, "a_b": 3, "aB": 4, "Z": 5, "a": 6}) == ["Z", "a", "a_b", "a9", "a10", "aB"]


def test_yaml_stream_separates_documents():
    assert to_yaml_stream([{"a": 1}, {"b": 2}]) == "a: 1\n---\nb: 2\n"


def test_names_and_success_lines(make):
    assert resource_name(make.pod("p")) == "pod/p"
    assert to_names([make.service("svc-web"), make.replicaset("rs-web")], "created") == (
        "service/svc-web created\nreplicaset.apps/rs-web created\n")


def test_serialising_leaves_the_object_alone(make):
    pod = make.pod("p")
    before = pod.to_dict()
    to_yaml(pod.to_dict())
    to_json(pod.to_dict())
    assert pod.to_dict() == before


SAFE_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " -./_=<>,", max_size=40)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | SAFE_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(SAFE_TEXT, children, max_size=4),
    max_leaves=20)


class GoYamlLikeLoader(yaml.SafeLoader):
    """PyYAML without YAML 1.1's `=` value tag and the `<<` merge tag, which go-yaml v2 (kubectl's
    parser and emitter) reads as plain strings: its resolve table gives '=' and '<' no hint, so
    `resolve` never looks `<<` up and the emitter writes the string `<<` unquoted (yaml.v2
    resolve.go, `init`)."""


NOT_GO_YAML_TAGS = {"tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}
GoYamlLikeLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] not in NOT_GO_YAML_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@settings(max_examples=150, deadline=None)
@given(JSONISH)
def test_yaml_round_trips_through_a_yaml_parser(value):
    assert yaml.load(dump(value), Loader=GoYamlLikeLoader) == value


def test_a_merge_key_lookalike_round_trips_as_the_string_go_yaml_writes_unquoted():
    # Hypothesis once drew "<<": go-yaml v2 emits it plain, and only PyYAML reads it as a merge.
    value = {"a": "<<", "b": ["<<"]}
    assert dump(value) == "a: <<\nb:\n- <<\n"
    assert yaml.load(dump(value), Loader=GoYamlLikeLoader) == value


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(), c, max_size=4), max_leaves=20))
def test_json_round_trips(value):
    assert json.loads(to_json(value)) == value
