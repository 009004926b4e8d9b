"""kubectl's JSONPath (client-go util/jsonpath parser.go and jsonpath.go; cli-runtime
printers/jsonpath.go and jsonpath_flags.go for the error wrapping)."""

import pytest

from simulator.printers.jsonpath import JSONPathError, render
from simulator.printers.serialize import list_document


@pytest.fixture
def pods_list(make):
    pods = [make.pod("rs-web-22d9l", ip="10.233.103.66"), make.pod("rs-web-9gp6x", ip="10.233.110.17", node="worker1")]
    return list_document(p.to_dict() for p in pods)


def test_single_field(make):
    assert render("{.metadata.name}", make.pod("dnsutils").to_dict()) == "dnsutils"


def test_wildcard_joins_results_with_spaces(pods_list):
    assert render("{.items[*].metadata.name}", pods_list) == "rs-web-22d9l rs-web-9gp6x"


def test_index_and_negative_slice(pods_list):
    assert render("{.items[0].status.podIP}", pods_list) == "10.233.103.66"
    assert render("{.items[-1:].spec.nodeName}", pods_list) == "worker1"


def test_range_with_tab_and_newline(pods_list):
    template = '{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}'
    assert render(template, pods_list) == "rs-web-22d9l\t10.233.103.66\nrs-web-9gp6x\t10.233.110.17\n"


def test_literal_text_around_actions(pods_list):
    assert render("pods: {.items[*].metadata.name}!", pods_list) == "pods: rs-web-22d9l rs-web-9gp6x!"


def test_filter_on_node_addresses(make):
    node = make.node("master", "192.168.100.200").to_dict()
    assert render('{.status.addresses[?(@.type=="InternalIP")].address}', node) == "192.168.100.200"
    assert render("{.status.addresses[?(@.type!='InternalIP')].address}", node) == "master"


def test_filter_with_number_and_existence(pods_list):
    template = "{.items[*].spec.containers[?(@.ports[0].containerPort>=8080)].name}"
    assert render(template, pods_list) == "node-web node-web"
    assert render("{.items[?(@.status.podIP)].metadata.name}", pods_list) == "rs-web-22d9l rs-web-9gp6x"


def test_maps_and_lists_print_as_compact_json(pods_list):
    assert render("{.items[0].metadata.labels}", pods_list) == '{"app":"node-web"}'
    assert render("{.items[0].status.podIPs}", pods_list) == '[{"ip":"10.233.103.66"}]'


def test_numbers_and_missing_keys(pods_list):
    assert render("{.items[0].spec.containers[0].ports[0].containerPort}", pods_list) == "8080"
    assert render("{.items[0].metadata.missing}", pods_list) == ""


def test_union_dict_key_and_recursive_descent(pods_list):
    assert render("{.items[0,1].spec.nodeName}", pods_list) == "worker2 worker1"
    assert render("{.items[0]['metadata.name']}", pods_list) == "rs-web-22d9l"
    assert render("{..podIP}", pods_list) == "10.233.103.66 10.233.110.17"


@pytest.mark.parametrize("template, reason", [
    ("{.metadata.name", "unclosed action"),
    ("{.items[*].metadata.name", "unclosed action"),
    ("{.items[0}", "unterminated array"),
    ('{"abc}', "unterminated quoted string"),
    ("{%}", "unrecognized character in action: U+0025 '%'"),
    ('{.items[?(@.a=="b")}', "unclosed array expect ]"),
    ("{.items[a]}", "invalid array index a"),
    ("{....a}", "invalid multiple recursive descent"),
])
def test_bad_templates_raise_kubectls_parse_error(pods_list, template, reason):
    with pytest.raises(JSONPathError) as raised:
        render(template, pods_list)
    assert str(raised.value) == f"error: error parsing jsonpath {template}, {reason}"
    assert raised.value.stderr.endswith(f"{reason}\n")


def test_execution_errors_carry_kubectls_debugging_text(pods_list):
    with pytest.raises(JSONPathError) as raised:
        render("{.items[5]}", pods_list)
    message = str(raised.value)
    assert message.startswith('error: error executing jsonpath "{.items[5]}": Error executing template: '
                              "array index out of bounds: index 5, length 2. Printing more information for "
                              "debugging the template:\n\ttemplate was:\n\t\t{.items[5]}\n"
                              "\tobject given to jsonpath engine was:\n"
                              "\t\tmap[string]interface {}{\"apiVersion\":\"v1\"")
    with pytest.raises(JSONPathError, match="not in range, nothing to end"):
        render("{end}", pods_list)
    with pytest.raises(JSONPathError, match="map.string.interface {} is not array or slice"):
        render("{.metadata[0]}", pods_list)
