"""go-yaml v2 as sigs.k8s.io/yaml uses it: a YAML chunk's first document to yaml.v2 nodes, then into interface{}.

Scanning and parsing run on libyaml (PyYAML's CParser). go-yaml v2 is a port of libyaml, so its
problem texts and marks are libyaml's; go-yaml's rule for the printed line (scanner errors 1-based,
parser errors 0-based, none on the first line) is applied on top. Nodes and decoding follow
yaml.v2 (`decode.go`, `resolve.go`), including its alias budget, so a YAML bomb stops with
"document contains excessive aliasing" after bounded work. Failures raise YamlFail with the text
after `yaml: `; nesting deeper than MAX_DEPTH raises TooDeep.

Not reproduced: which of two errors wins when a control character lies past go-yaml's 512-byte
read-ahead (libyaml reads 16 KiB).
"""

from __future__ import annotations

import base64
import codecs
import math
import re

import yaml
from yaml import events

from simulator.shell.kubectl.go_json import MAX_DEPTH, TooDeep, go_sharp_v

GO_REPLACE = "kubegrade-go-replace"  # codec error handler: one U+FFFD per invalid byte, as Go decodes UTF-8
codecs.register_error(GO_REPLACE, lambda err: ("\ufffd", err.start + 1))


class YamlFail(Exception):
    """yaml.v2 failf(): becomes `error converting YAML to JSON: yaml: <text>`."""


# --- YAML events to yaml.v2 nodes --------------------------------------------------------------

class _Node:
    """A yaml.v2 node, plus what decoding it costs: `cost` counts the unmarshal calls (alias
    expansions included) and `height` the nesting of the value it decodes to."""

    __slots__ = ("kind", "value", "tag", "implicit", "children", "target", "cost", "height", "anchored", "loops")

    def __init__(self, kind: str, value: str = "", tag: str = "", implicit: bool = False):
        self.kind, self.value, self.tag, self.implicit = kind, value, tag, implicit
        self.children: list[_Node] = []
        self.target: _Node | None = None
        self.cost, self.height, self.anchored, self.loops = 1, 0, False, False

    def is_merge_key(self) -> bool:
        return self.kind == "scalar" and self.value == "<<" and (self.implicit or self.tag == _MERGE)

    def close(self) -> None:
        pairs = zip(self.children[::2], self.children[1::2]) if self.kind == "map" else ()
        merged = [value for key, value in pairs if key.is_merge_key()]
        hidden = {id(node) for node in merged} | {id(key) for key in self.children[::2] if key.is_merge_key()}
        self.cost = 1 + sum(child.cost for child in self.children if id(child) not in hidden) + sum(
            sum(part.cost for part in value.children) if value.kind == "seq" else value.cost for value in merged)
        self.height = 1 + max((child.height for child in self.children), default=0)


def compose(chunk: str) -> _Node | None:
    """yaml.v2 parser.parse(): the first document's node tree; anchors bind as they appear."""
    try:
        parser = yaml.cyaml.CParser(chunk) if yaml.__with_libyaml__ else yaml.SafeLoader(chunk)
        parser.get_event()
        if isinstance(parser.get_event(), events.StreamEndEvent):
            return None
        anchors: dict[str, _Node] = {}
        root, stack = None, []
        while not isinstance(event := parser.get_event(), events.DocumentEndEvent):
            if isinstance(event, events.CollectionEndEvent):
                stack.pop().close()
                continue
            node = _node_for(event, anchors, stack)
            if stack:
                stack[-1].children.append(node)
            else:
                root = node
            if isinstance(event, events.CollectionStartEvent):
                stack.append(node)
                if len(stack) > MAX_DEPTH:
                    raise TooDeep
        return root
    except yaml.YAMLError as error:
        raise YamlFail(_goyaml_problem(error)) from None


def _node_for(event: events.Event, anchors: dict[str, _Node], open_nodes: list[_Node]) -> _Node:
    if isinstance(event, events.AliasEvent):
        node = _Node("alias", event.anchor)
        node.target = target = anchors.get(event.anchor)
        if target is None:
            raise YamlFail(f"unknown anchor '{event.anchor}' referenced")
        target.anchored = True
        node.loops = any(target is open_node for open_node in open_nodes)
        node.cost, node.height = (1, 0) if node.loops else (1 + target.cost, target.height)
        return node
    if isinstance(event, events.ScalarEvent):
        node = _Node("scalar", event.value, event.tag or "", event.implicit[0])
    else:
        node = _Node("map" if isinstance(event, events.MappingStartEvent) else "seq")
    if event.anchor is not None:
        anchors[event.anchor] = node
    return node


def _goyaml_problem(error: yaml.YAMLError) -> str:
    """go-yaml's parser.fail(): `line N: problem`, N from the problem mark (+1 for scanner errors) or
    else the context mark. Without libyaml (PyYAML's pure scanner) the wording would be PyYAML's."""
    if isinstance(error, yaml.reader.ReaderError):
        return error.reason  # go-yaml sets no mark for reader errors
    problem = getattr(error, "problem", None) or "unknown problem parsing YAML content"
    problem_line = getattr(getattr(error, "problem_mark", None), "line", 0)
    context_line = getattr(getattr(error, "context_mark", None), "line", 0)
    line = problem_line + isinstance(error, yaml.scanner.ScannerError) if problem_line else context_line
    return f"line {line}: {problem}" if line else problem


# --- yaml.v2 decoding into interface{} ---------------------------------------------------------

_TAG = "tag:yaml.org,2002:"
_STR, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP, _BINARY, _MERGE = (
    _TAG + name for name in ("str", "bool", "int", "float", "null", "timestamp", "binary", "merge"))
_RESOLVE_MAP: dict[str, tuple[str, object]] = {}
for _value, _tag, _words in (
        (True, _BOOL, "y Y yes Yes YES true True TRUE on On ON"), (False, _BOOL, "n N no No NO false False FALSE off Off OFF"),
        (None, _NULL, "~ null Null NULL"), (math.nan, _FLOAT, ".nan .NaN .NAN"),
        (math.inf, _FLOAT, ".inf .Inf .INF +.inf +.Inf +.INF"), (-math.inf, _FLOAT, "-.inf -.Inf -.INF")):
    _RESOLVE_MAP.update({word: (_tag, _value) for word in _words.split()})
_RESOLVE_MAP[""] = (_NULL, None)
_HINTS = {**dict.fromkeys("+-", "S"), **dict.fromkeys("0123456789", "D"), **dict.fromkeys("yYnNtTfFoO~", "M"), ".": "."}
_GO_INT = re.compile(r"([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")
_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_DOT_FLOAT = re.compile(r"\.[0-9]+([eE][-+]?[0-9]+)?")
_TIMESTAMP_RE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?"
                           r"(Z|[+-][0-9]{2}:[0-9]{2})?)?")


def _go_int(text: str) -> int | None:
    """strconv.ParseInt(s, 0, 64) or, failing that, ParseUint(s, 0, 64)."""
    match = _GO_INT.fullmatch(text)
    if not match or len(text) > 70:
        return None
    sign, body = match.groups()
    prefix = body[:2].lower()
    if prefix in ("0x", "0o", "0b"):
        magnitude = int(body[2:], {"0x": 16, "0o": 8, "0b": 2}[prefix])
    else:
        magnitude = int(body, 8 if body.startswith("0") else 10)
    value = -magnitude if sign == "-" else magnitude
    if -(2**63) <= value < 2**63 or (not sign and 0 <= value < 2**64):
        return value
    return None


def _go_float(text: str) -> float | None:
    value = float(text)
    return None if math.isinf(value) else value  # ParseFloat's ErrRange leaves it a string


def _resolve_plain(tag: str, text: str) -> tuple[str, object]:
    hint = _HINTS.get(text[0]) if text else "N"
    if hint and tag not in (_STR, _BINARY):
        if text in _RESOLVE_MAP:
            return _RESOLVE_MAP[text]
        if hint == "." and _DOT_FLOAT.fullmatch(text) and (number := _go_float(text)) is not None:
            return _FLOAT, number
        if hint in "DS":
            if tag in ("", _TIMESTAMP) and _TIMESTAMP_RE.fullmatch(text):
                return _TIMESTAMP, text  # into interface{} a timestamp stays the string
            plain = text.replace("_", "")
            if (integer := _go_int(plain)) is not None:
                return _INT, integer
            if _YAML_FLOAT.fullmatch(plain) and (number := _go_float(plain)) is not None:
                return _FLOAT, number
    return _STR, text


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _resolve(tag: str, text: str) -> object:
    """yaml.v2 resolve() for a plain or explicitly tagged scalar."""
    if tag not in ("", _STR, _BOOL, _INT, _FLOAT, _NULL, _TIMESTAMP):
        return text
    rtag, value = _resolve_plain(tag, text)
    if tag in ("", rtag, _STR):
        return value
    if tag == _FLOAT and rtag == _INT:
        return float(value)
    raise YamlFail(f"cannot decode {_short_tag(rtag)} `{text}` as a {_short_tag(tag)}")


def _allowed_alias_ratio(decode_count: int) -> float:
    if decode_count <= 400_000:
        return 0.99
    if decode_count >= 4_000_000:
        return 0.10
    return 0.99 - 0.89 * (decode_count - 400_000) / 3_600_000


def _clone(value: object) -> object:
    if isinstance(value, dict):
        return {key: _clone(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clone(item) for item in value]
    return value


class YamlDecoder:
    """yaml.v2's decoder into interface{}; maps are keyed by (type, value) so 1, true and "1" stay apart.

    yaml.v2 re-decodes an anchor at every alias and counts each step against its alias budget. Inside
    one expansion every step adds one to both counters, so the budget test, once true, stays true:
    adding the anchor's precomputed cost and testing once is exact, and the value is a copy of the
    anchor's decoded value. Work stays within the budget however the aliases nest.
    """

    def __init__(self):
        self.decode_count, self.alias_count = 1, 0  # the document node counts
        self.decoded: dict[int, object] = {}

    def count(self, decodes: int, aliased: int) -> None:
        self.decode_count += decodes
        self.alias_count += aliased
        if (self.alias_count > 100 and self.decode_count > 1000
                and self.alias_count / self.decode_count > _allowed_alias_ratio(self.decode_count)):
            raise YamlFail("document contains excessive aliasing")

    def decode(self, node: _Node | None, depth: int = 0) -> object:
        if node is None:
            return None
        self.count(1, 0)
        if node.kind == "alias":
            if node.loops:
                raise YamlFail(f"anchor '{node.value}' value contains itself")
            if depth + node.height > MAX_DEPTH:
                raise TooDeep
            self.count(node.target.cost, node.target.cost)
            return _clone(self.decoded[id(node.target)])
        if depth > MAX_DEPTH:
            raise TooDeep
        if node.kind == "scalar":
            value = self.scalar(node)
        elif node.kind == "seq":
            value = [self.decode(child, depth + 1) for child in node.children]
        else:
            value = self.mapping(node, depth)
        if node.anchored:
            self.decoded[id(node)] = value
        return value

    def scalar(self, node: _Node) -> object:
        if not node.tag and not node.implicit:
            return node.value
        if node.tag == _BINARY:
            try:
                data = base64.b64decode(node.value.replace("\n", "").replace("\r", ""), validate=True)
            except ValueError:
                raise YamlFail("!!binary value contains invalid base64 data") from None
            return data.decode("utf-8", errors=GO_REPLACE)
        return _resolve(node.tag, node.value)

    def mapping(self, node: _Node, depth: int) -> dict:
        out: dict = {}
        for key_node, value_node in zip(node.children[::2], node.children[1::2]):
            if key_node.is_merge_key():
                self.merge(value_node, out, depth)
                continue
            key = self.decode(key_node, depth + 1)
            if isinstance(key, (dict, list)):
                raise YamlFail(f"invalid map key: {go_sharp_v(key)}")
            out[(type(key).__name__, key)] = self.decode(value_node, depth + 1)
        return out

    def merge(self, node: _Node, out: dict, depth: int) -> None:
        """decode.go merge(): a map, an alias of a map, or a sequence of those (later ones first)."""
        parts = [node] if node.kind in ("map", "alias") else node.children[::-1] if node.kind == "seq" else []
        if not parts or any(part.kind != "map" and (part.kind != "alias" or part.target.kind != "map")
                            for part in parts):
            raise YamlFail("map merge requires map or sequence of maps as the value")
        for part in parts:
            out.update(self.decode(part, depth))
