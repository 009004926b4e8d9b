"""How `kubectl create/apply/delete -f` (1.23) reads a manifest: documents, YAML/JSON errors, decode errors.

Sources: cli-runtime `pkg/resource/visitor.go` (FileVisitor's BOM/UTF-8 transform, StreamVisitor:
`error parsing %s`, validation before decoding, decode errors passed on and the stream continued),
`mapper.go` (`unable to decode %q`, `unable to recognize %q`), apimachinery `pkg/util/yaml/decoder.go`
(`---` line splitting, JSON sniffing, `json: line %d:`), `unstructured.go` (`Object 'Kind' is
missing in '%s'`, the `detector` struct), sigs.k8s.io/yaml (`error converting YAML to JSON:`), and
gopkg.in/yaml.v2 `yaml.go` (`fail()`: scanner errors 1-based, parser errors 0-based, no line on the
first line), `scannerc.go`/`parserc.go`/`readerc.go` (problem texts), `resolve.go` (YAML 1.1
scalars), `decode.go` (merge keys, `document contains excessive aliasing`). The lecture's manifests
are whatwant-school/kubernetes `03-RS-DS-JOB-CJ/hands-on/rs-web.yaml` and
`04-ClusterIP-NodePort-ExternalName/hands-on/*.yaml`, and the Kubernetes docs' dnsutils.yaml.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.files import MAX_FILE_BYTES
from simulator.shell.kubectl.manifests import ManifestError, load_documents, read_manifest
from simulator.registry.openapi_schema import validate_document

LECTURE = {
    "rs-web.yaml": "apiVersion: apps/v1\nkind: ReplicaSet\n\nmetadata:\n  name: rs-web\n\nspec:\n  replicas: 3\n\n"
                   "  selector:\n    matchLabels:\n      app: node-web\n\n  template:\n    metadata:\n      labels:\n"
                   "        app: node-web\n\n    spec:\n      containers:\n      - name: node-web\n"
                   "        image: whatwant/node-web:1.0\n        ports:\n        - containerPort: 8080\n\n",
    "svc-web.yaml": "apiVersion: v1\nkind: Service\n\nmetadata:\n  name: svc-web\n\nspec:\n  ports:\n  - port: 80\n"
                    "    targetPort: 8080\n\n  selector:\n    app: node-web\n",
    "svc-web-node.yaml": "apiVersion: v1\nkind: Service\n\nmetadata:\n  name: svc-web-node\n\nspec:\n  type: NodePort\n"
                         "  ports:\n  - port: 80\n    targetPort: 8080\n    nodePort: 30123\n  selector:\n    app: node-web\n",
    "svc-ext.yaml": "apiVersion: v1\nkind: Service\n\nmetadata:\n  name: svc-ext\n\nspec:\n  type: ExternalName\n"
                    "  externalName: google.com\n",
    "svc-no-selector.yaml": "apiVersion: v1\nkind: Service\n\nmetadata:\n  name: example-endpoints\n\nspec:\n"
                            "  ports:\n  - port: 80\n",
    "endpoints.yaml": "apiVersion: v1\nkind: Endpoints\n\nmetadata:\n  name: example-endpoints\n\nsubsets:\n"
                      "- addresses:\n  - ip: 11.11.11.11\n  - ip: 22.22.22.22\n  ports:\n  - port: 80\n",
    "svc-node-web-headless.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-node-web-headless\nspec:\n"
                                  "  clusterIP: None\n  selector:\n    app: node-web\n  ports:\n  - port: 80\n"
                                  "    targetPort: 8080\n",
    "dnsutils.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dnsutils\n  namespace: default\nspec:\n"
                     "  containers:\n  - name: dnsutils\n    image: k8s.gcr.io/e2e-test-images/jessie-dnsutils:1.3\n"
                     "    command:\n      - sleep\n      - \"3600\"\n    imagePullPolicy: IfNotPresent\n"
                     "  restartPolicy: Always\n",
}


def stop_of(text: str | bytes, source: str = "svc.yaml", validate: bool = True) -> str:
    manifest = read_manifest(text.encode() if isinstance(text, str) else text, source, validate=validate)
    assert manifest.stop is not None, manifest
    return manifest.stop.message


def yaml_error(text: str, source: str = "svc.yaml") -> str:
    message = stop_of(text, source)
    prefix = f"error: error parsing {source}: error converting YAML to JSON: "
    assert message.startswith(prefix), message
    return message[len(prefix):]


def only(text: str) -> dict:
    """The one document of `text` (a Namespace header is added so that it decodes), without that header."""
    (document,) = load_documents(("apiVersion: v1\nkind: Namespace\n" + text).encode(), "x.yaml")
    return {key: value for key, value in document.items() if key not in ("apiVersion", "kind")}


@pytest.mark.parametrize("name", sorted(LECTURE))
def test_the_lectures_manifests_load_and_validate_clean(name):
    manifest = read_manifest(LECTURE[name].encode(), name)
    assert manifest.stop is None
    assert [entry.error for entry in manifest.entries] == [None]
    assert validate_document(manifest.entries[0].obj) == []


def test_a_manifest_becomes_the_json_objects_kubectl_sends():
    (entry,) = read_manifest(LECTURE["svc-web-node.yaml"].encode(), "svc-web-node.yaml").entries
    assert entry.resource.kind == "Service"
    assert entry.obj == {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc-web-node"},
                         "spec": {"type": "NodePort", "ports": [{"port": 80, "targetPort": 8080, "nodePort": 30123}],
                                  "selector": {"app": "node-web"}}}


# --- YAML syntax errors, in go-yaml's words and line numbers ---------------------------------

def test_the_fact_sheets_mapping_values_error_names_line_8():
    text = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-web\nspec:\n  ports:\n  - port: 80\n"
            "    targetPort: 8080 protocol: TCP\n")
    assert stop_of(text) == ("error: error parsing svc.yaml: error converting YAML to JSON: yaml: line 8: "
                             "mapping values are not allowed in this context")


def test_an_over_indented_key_continues_the_value_and_then_hits_a_colon():
    assert yaml_error("metadata:\n  name: svc-web\n   labels: x\n") == (
        "yaml: line 3: mapping values are not allowed in this context")


def test_a_scanner_error_on_the_first_line_has_no_line_number():
    """fail(): the line is only printed when the problem mark's line is not 0."""
    assert yaml_error("kind: Service: v1\n") == "yaml: mapping values are not allowed in this context"


def test_an_under_indented_key_is_did_not_find_expected_key_on_the_line_before():
    """Parser errors print the 0-based line of the offending token: `selector` is on line 5."""
    text = "spec:\n  ports:\n  - port: 80\n    targetPort: 8080\n selector:\n    app: node-web\n"
    assert yaml_error(text) == "yaml: line 4: did not find expected key"


def test_the_lecture_transcripts_misindented_target_port():
    text = "apiVersion: v1\nkind: Service\nmetadata:\n   name: svc-web\nspec:\n   ports:\n   - port: 80\n" \
           "    targetPort: 8080\n"
    assert yaml_error(text) == "yaml: line 7: did not find expected key"


def test_a_key_without_a_colon_is_could_not_find_expected_colon():
    assert yaml_error("metadata:\n  name: x\n  labels\n    app: y\n") == "yaml: line 4: could not find expected ':'"


def test_a_tab_used_for_indentation_cannot_start_a_token():
    assert yaml_error("spec:\n\tports:\n") == "yaml: line 2: found character that cannot start any token"


def test_a_tab_after_a_value_violates_indentation():
    assert yaml_error("name: web\n\tapp: x\n") == "yaml: line 2: found a tab character that violates indentation"


def test_a_tab_after_the_colon_is_fine():
    assert only("name:\tweb\n") == {"name": "web"}


def test_unclosed_flow_collections_and_quotes():
    assert yaml_error("ports: [80, 443\nselector: x\n") == "yaml: line 1: did not find expected ',' or ']'"
    assert yaml_error("selector: {app: web\n") == "yaml: line 1: did not find expected ',' or '}'"
    assert yaml_error("name: 'web\n") == "yaml: line 2: found unexpected end of stream"


def test_line_numbers_count_from_the_start_of_each_document():
    text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\nkind: Service\nmetadata: x: y\n"
    manifest = read_manifest(text.encode(), "two.yaml", validate=False)
    assert [entry.obj["metadata"] for entry in manifest.entries] == [{"name": "a"}]
    assert manifest.stop.message.endswith("yaml: line 2: mapping values are not allowed in this context")


def test_nul_bytes_and_binary_files_are_control_characters():
    assert yaml_error("kind: Service\x00\n") == "yaml: control characters are not allowed"
    assert yaml_error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".decode("latin-1")) == \
        "yaml: control characters are not allowed"


def test_invalid_utf8_is_replaced_not_refused():
    """FileVisitor reads through unicode.UTF8.NewDecoder(), which writes U+FFFD per bad byte, so go-yaml's
    `invalid leading UTF-8 octet` cannot be reached through a file."""
    (document,) = load_documents(b"apiVersion: v1\nkind: Namespace\nname: caf\xe9\xff\n", "x.yaml")
    assert document["name"] == "caf\ufffd\ufffd"


def test_byte_order_marks_and_utf16_files_are_read():
    expected = [{"apiVersion": "v1", "kind": "Namespace"}]
    assert load_documents(b"\xef\xbb\xbfapiVersion: v1\nkind: Namespace\n", "x.yaml") == expected
    assert load_documents("apiVersion: v1\nkind: Namespace\n".encode("utf-16"), "x.yaml") == expected


# --- documents -----------------------------------------------------------------------------

def test_empty_and_comment_only_documents_are_skipped():
    text = "---\n# nothing here\n---\n\n---   \napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n~\n"
    assert [doc["metadata"]["name"] for doc in load_documents(text.encode(), "x.yaml")] == ["a"]
    assert load_documents(b"", "x.yaml") == []


def test_windows_line_endings_are_read_like_unix_ones():
    assert load_documents(LECTURE["svc-web.yaml"].replace("\n", "\r\n").encode(), "svc-web.yaml") == \
        load_documents(LECTURE["svc-web.yaml"].encode(), "svc-web.yaml")


def test_only_the_first_document_of_a_chunk_is_read():
    """A `--- x` line is no separator for kubectl's YAMLReader; yaml.v2 then stops after the first document."""
    assert load_documents(b"apiVersion: v1\nkind: Namespace\n--- # second\nkind: [broken\n", "x.yaml") == [
        {"apiVersion": "v1", "kind": "Namespace"}]


def test_a_list_is_flattened_into_its_items():
    text = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n"
            "- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata: {name: b}\n")
    manifest = read_manifest(text.encode(), "list.yaml")
    assert [(entry.resource.kind, entry.obj["metadata"]["name"]) for entry in manifest.entries] == [
        ("Namespace", "a"), ("ReplicaSet", "b")]


def test_an_unknown_kind_inside_a_list_stops_the_stream_after_the_items_before_it():
    text = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Namespace}\n- {apiVersion: v1, kind: Servic}\n"
    manifest = read_manifest(text.encode(), "list.yaml")
    assert [entry.obj["kind"] for entry in manifest.entries] == ["Namespace"]
    assert manifest.stop.message == 'error: unable to recognize no matches for kind "Servic" in version "v1"'


# --- decoding and mapping ------------------------------------------------------------------

def test_an_unknown_kind_is_unable_to_recognize():
    text = "apiVersion: v1\nkind: Servic\nmetadata:\n  name: svc-web\n"
    with pytest.raises(ManifestError) as caught:
        load_documents(text.encode(), "svc.yaml")
    assert str(caught.value) == 'error: unable to recognize "svc.yaml": no matches for kind "Servic" in version "v1"'


def test_versions_removed_before_1_23_are_not_recognized():
    for api_version, kind in (("apps/v1beta1", "Deployment"), ("extensions/v1beta1", "DaemonSet"), ("v1", "service")):
        text = f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: x\n"
        (entry,) = read_manifest(text.encode(), "x.yaml").entries
        assert entry.error.message == (
            f'error: unable to recognize "x.yaml": no matches for kind "{kind}" in version "{api_version}"')


def test_an_empty_api_version_maps_to_the_preferred_version():
    """RESTMapping skips an empty version and takes the group's preferred one; a typo still fails."""
    (entry,) = read_manifest(b"apiVersion: ''\nkind: Pod\nmetadata: {name: p}\n", "p.yaml").entries
    assert entry.resource.kind == "Pod"
    (entry,) = read_manifest(b"apiVersion: ''\nkind: Po\n", "p.yaml").entries
    assert entry.error.message == 'error: unable to recognize "p.yaml": no matches for kind "Po" in version ""'


def test_a_missing_kind_is_a_validation_error_first_and_a_decode_error_without_validation():
    text = "apiVersion: v1\nmetadata:\n  name: svc-web\nspec:\n  ports:\n  - port: 80\n"
    assert stop_of(text) == ('error: error validating "svc.yaml": error validating data: kind not set; '
                             'if you choose to ignore these errors, turn validation off with --validate=false')
    (entry,) = read_manifest(text.encode(), "svc.yaml", validate=False).entries
    assert entry.error.message == ('error: unable to decode "svc.yaml": Object \'Kind\' is missing in '
                                   '\'{"apiVersion":"v1","metadata":{"name":"svc-web"},"spec":{"ports":[{"port":80}]}}\'')


def test_load_documents_can_validate_first_like_kubectl_by_default():
    with pytest.raises(ManifestError, match="error validating data: kind not set"):
        load_documents(b"apiVersion: v1\nmetadata: {name: x}\n", "svc.yaml", validate=True)


def test_the_json_in_the_missing_kind_message_is_go_encoding_json():
    """Keys sorted, no spaces, and `<`, `>`, `&` escaped the way encoding/json.Marshal does."""
    (entry,) = read_manifest(b"metadata:\n  name: a<b>&c\n  labels: {z: 1.5, a: 1.0}\n", "x.yaml",
                             validate=False).entries
    assert entry.error.message == ('error: unable to decode "x.yaml": Object \'Kind\' is missing in '
                                   '\'{"metadata":{"labels":{"a":1,"z":1.5},"name":"a\\u003cb\\u003e\\u0026c"}}\'')


def test_a_document_that_is_not_a_mapping():
    assert stop_of("apiVersion v1\n") == (
        'error: error validating "svc.yaml": error validating data: invalid object to validate; '
        'if you choose to ignore these errors, turn validation off with --validate=false')
    (entry,) = read_manifest(b"- a\n- b\n", "svc.yaml", validate=False).entries
    assert entry.error.message == ('error: unable to decode "svc.yaml": json: cannot unmarshal array into Go value '
                                   'of type unstructured.detector')


def test_decode_errors_do_not_stop_the_stream_but_parse_and_validation_errors_do():
    text = ("apiVersion: v1\nkind: Servic\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n"
            "apiVersion: v1\nkind: Service\nspec: {ports: [{port: '80'}]}\n---\napiVersion: v1\nkind: Namespace\n")
    manifest = read_manifest(text.encode(), "multi.yaml")
    assert [entry.error.message if entry.error else entry.obj["kind"] for entry in manifest.entries] == [
        'error: unable to recognize "multi.yaml": no matches for kind "Servic" in version "v1"', "Namespace"]
    assert "ValidationError(Service.spec.ports[0].port)" in manifest.stop.message


def test_a_quoted_node_port_stays_a_string_so_validation_complains():
    text = LECTURE["svc-web-node.yaml"].replace("nodePort: 30123", 'nodePort: "30123"')
    assert stop_of(text, "svc-web-node.yaml") == (
        'error: error validating "svc-web-node.yaml": error validating data: ValidationError(Service.spec.ports[0]'
        '.nodePort): invalid type for io.k8s.api.core.v1.ServicePort.nodePort: got "string", expected "integer"; '
        'if you choose to ignore these errors, turn validation off with --validate=false')


# --- YAML 1.1 scalars the way yaml.v2 + sigs.k8s.io/yaml resolve them --------------------------

def test_yaml_1_1_scalars_follow_yaml_v2():
    text = ("a: yes\nb: on\nc: n\nd: Off\ne: 0x1F\nf: 0755\ng: 1_000\nh: 1.0\ni: 1.5\nj: ~\nk: '80'\nl: 08\n"
            "m: 2022-06-01\nbig: 1e400\no: .5\np: -0\nq: 9223372036854775808\n")
    assert only(text) == {"a": True, "b": True, "c": False, "d": False, "e": 31, "f": 493, "g": 1000, "h": 1,
                          "i": 1.5, "j": None, "k": "80", "l": 8, "m": "2022-06-01", "big": "1e400", "o": 0.5,
                          "p": 0, "q": 9.223372036854776e18}


def test_keys_become_strings():
    assert only("1: a\ntrue: b\ny: c\n1.5: d\n") == {"1": "a", "true": "c", "1.5": "d"}


def test_tags_and_merge_keys():
    text = "base: &base {app: web, tier: front}\nlabels:\n  <<: *base\n  tier: back\nport: !!str 80\n" \
           "size: !!float 1\nblob: !!binary aGVsbG8=\n"
    assert only(text) == {"base": {"app": "web", "tier": "front"}, "labels": {"app": "web", "tier": "back"},
                          "port": "80", "size": 1, "blob": "hello"}


@pytest.mark.parametrize(("text", "problem"), [
    ("a: *missing\n", "yaml: unknown anchor 'missing' referenced"),
    ("a: &a [*a]\n", "yaml: anchor 'a' value contains itself"),
    ("? [a]\n: b\n", 'yaml: invalid map key: []interface {}{"a"}'),
    ("a: !!int abc\n", "yaml: cannot decode !!str `abc` as a !!int"),
    ("a:\n  <<: 5\n", "yaml: map merge requires map or sequence of maps as the value"),
    ("a: !!null x\n", "yaml: cannot decode !!str `x` as a !!null"),
    ("a: .nan\n", "json: unsupported value: NaN"),
    ("~: b\n", 'Unsupported map key of type: %!s(<nil>), key: <nil>, value: "b"'),
])
def test_what_yaml_v2_and_the_json_conversion_refuse(text, problem):
    assert yaml_error(text) == problem


def test_yaml_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        anchor, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{anchor}: &{anchor} [{','.join(['*' + previous] * 9)}]")
    started = time.perf_counter()
    assert yaml_error("\n".join(lines) + "\n") == "yaml: document contains excessive aliasing"
    assert time.perf_counter() - started < 1.0


def test_a_wide_alias_fan_out_under_the_ratio_is_still_bounded():
    """yaml.v2 allows at most ~400,000 alias-driven decodes, whatever the document size."""
    anchor = "base: &b {" + ", ".join(f"k{i}: {i}" for i in range(2000)) + "}\n"
    text = anchor + "".join(f"c{i}: *b\n" for i in range(400))
    started = time.perf_counter()
    manifest = read_manifest(text.encode(), "wide.yaml", validate=False)
    assert manifest.stop is not None and "excessive aliasing" in manifest.stop.message
    assert time.perf_counter() - started < 5.0


def test_very_deep_nesting_is_refused_with_the_simulators_limit():
    assert stop_of("a: " + "[" * 300 + "]" * 300 + "\n") == (
        "error: error parsing svc.yaml: nesting deeper than 128 levels is more than this simulator reads")


def test_files_over_five_mebibytes_are_refused():
    """kubectl reads any size; the simulator's file store keeps 5 MiB (simulator.files.MAX_FILE_BYTES)."""
    message = stop_of(b"#" * (MAX_FILE_BYTES + 1), "big.yaml")
    assert message == 'error: error reading "big.yaml": file is larger than the 5 MiB limit for one manifest'


# --- JSON --------------------------------------------------------------------------------------

def test_json_manifests_and_concatenated_objects():
    text = '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n{"apiVersion": "v1", ' \
           '"kind": "Namespace", "metadata": {"name": "b", "labels": {"n": 1.0}}}'
    docs = load_documents(text.encode(), "ns.json")
    assert [doc["metadata"]["name"] for doc in docs] == ["a", "b"]
    assert isinstance(docs[1]["metadata"]["labels"]["n"], float)  # util/json keeps 1.0 a float64


def test_a_json_number_beyond_float64_is_refused_by_util_json():
    text = b'{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}, "spec": {"x": 1e999}}'
    assert stop_of(text, "ns.json") == (
        'error: error validating "ns.json": error validating data: strconv.ParseFloat: parsing "1e999": value out '
        'of range; if you choose to ignore these errors, turn validation off with --validate=false')
    (entry,) = read_manifest(text, "ns.json", validate=False).entries
    assert entry.error.message == 'error: unable to decode "ns.json": strconv.ParseFloat: parsing "1e999": value out of range'


@pytest.mark.parametrize(("text", "problem"), [
    ('{\n  "kind": "Service",\n}\n', "json: line 2: invalid character '}' looking for beginning of object key string"),
    ('{"kind": "Service" "apiVersion": "v1"}', "json: line 0: invalid character '\"' after object key:value pair"),
    ('{"kind": \'Service\'}', "json: line 0: invalid character '\\'' looking for beginning of value"),
    ('{"ports": [80 443]}', "json: line 0: invalid character '4' after array element"),
    ('{"a": tru}', "json: line 0: invalid character '}' in literal true (expecting 'e')"),
    ('{"kind": "Service"', "unexpected EOF"),
])
def test_json_syntax_errors_use_go_encoding_json_words(text, problem):
    assert stop_of(text, "svc.json") == f"error: error parsing svc.json: {problem}"


def test_json_without_kind_quotes_the_raw_text():
    (entry,) = read_manifest(b'{"apiVersion": "v1", "metadata": {"name": "x"}}', "x.json", validate=False).entries
    assert entry.error.message == ('error: unable to decode "x.json": Object \'Kind\' is missing in '
                                   '\'{"apiVersion": "v1", "metadata": {"name": "x"}}\'')


# --- robustness --------------------------------------------------------------------------------

def assert_reads_safely(data: bytes) -> None:
    started = time.perf_counter()
    try:
        manifest = read_manifest(data, "fuzz.yaml")
        load_documents(data, "fuzz.yaml")
    except ManifestError:
        pass
    else:
        for entry in manifest.entries:
            assert entry.obj is None or isinstance(entry.obj, dict)
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_only_ever_raise_manifest_errors(data):
    assert_reads_safely(data)


YAMLISH = st.lists(st.sampled_from([
    "a", "kind", "apiVersion", "v1", "Service", ":", ": ", "- ", "-", " ", "  ", "\t", "\n", "---\n", "...", "#",
    "[", "]", "{", "}", ",", "&x ", "*x", "&y ", "*y", "<<: ", "!!str ", "!!int ", "!!binary ", "!foo ", "'", '"',
    "\\", "|", ">", "?", "%YAML 1.1\n", "~", "yes", "0x1F", "1e400", ".nan", "1.5", "07", "\x00", "\ufeff", "é",
]), max_size=60).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_arbitrary_yamlish_text_only_ever_raises_manifest_errors(text):
    assert_reads_safely(text.encode())
