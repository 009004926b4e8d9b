"""How kubectl 1.23 reads `-f` manifests: documents, YAML/JSON errors and decode errors, in stream order.

It follows cli-runtime's FileVisitor (BOM/UTF-16 override; invalid UTF-8 becomes U+FFFD) and
StreamVisitor over apimachinery's YAMLOrJSONDecoder: JSON when the first non-space byte is `{`,
else YAML chunks split on `---` lines, each converted by sigs.k8s.io/yaml (yaml.v2 Unmarshal of the
chunk's first document, YAML 1.1 scalars, then JSON). Then client-side validation (`schema.py`) and
the unstructured decoder with REST mapping. Parse and validation errors end the stream; decode
errors are reported and the stream goes on, as kubectl does.

Scanning and parsing run on libyaml (PyYAML's CParser). go-yaml v2 is a port of libyaml, so its
problem texts and marks are libyaml's; go-yaml's rule for the printed line (scanner errors 1-based,
parser errors 0-based, none on the first line) is applied on top. Nodes and decoding follow
yaml.v2 (`decode.go`, `resolve.go`), including its alias budget, so a YAML bomb stops with
"document contains excessive aliasing" after bounded work.

Simulator limits, not kubectl behaviour: files over 5 MiB (`simulator.files.MAX_FILE_BYTES`) and
nesting deeper than MAX_DEPTH are refused with an `error:` line saying so. Not reproduced: which of
two errors wins when a control character lies past go-yaml's 512-byte read-ahead (libyaml reads
16 KiB), typed lists (`ServiceList`) beyond the item defaults, kubectl's NoDoubleKeySchema.
"""

from __future__ import annotations

import base64
import codecs
import decimal
import json
import math
import re
import struct
from dataclasses import dataclass

import yaml
from yaml import events

from simulator.files import MAX_FILE_BYTES
from simulator.registry.kinds import ResourceType, by_kind, kind_for_api_version
from simulator.registry import openapi_schema as schema
from simulator.registry.openapi_schema import go_quote, parse_group_version

MAX_DEPTH = 128


class ManifestError(Exception):
    """What kubectl prints for a manifest it cannot read; str() is the whole `error: ...` line."""

    @property
    def message(self) -> str:
        return self.args[0]

    @property
    def reason(self) -> str:
        """The text without `error: `, as kubectl lists it among several errors."""
        return self.message.removeprefix("error: ")


@dataclass(frozen=True)
class ManifestEntry:
    """One object of the stream and its type, or the decode error kubectl reports before going on."""

    obj: dict | None
    resource: ResourceType | None
    error: ManifestError | None = None


@dataclass(frozen=True)
class Manifest:
    source: str
    entries: tuple[ManifestEntry, ...]
    stop: ManifestError | None  # the parse or validation error that ended the stream after `entries`


def load_documents(data: bytes, source: str, *, validate: bool = False) -> list[dict]:
    """Every object in the file (List items flattened); the first error kubectl would print raises.

    With `validate`, client-side validation runs first, as with kubectl's default `--validate=true`
    (a missing kind is then `kind not set`, not the decoder's `Object 'Kind' is missing`)."""
    manifest = read_manifest(data, source, validate=validate)
    for entry in manifest.entries:
        if entry.error:
            raise entry.error
    if manifest.stop:
        raise manifest.stop
    return [entry.obj for entry in manifest.entries]


def read_manifest(data: bytes, source: str, *, validate: bool = True) -> Manifest:
    """The stream kubectl's StreamVisitor walks: entries in order, then what stopped it, if anything."""
    if len(data) > MAX_FILE_BYTES:
        return Manifest(source, (), ManifestError(
            f"error: error reading {go_quote(source)}: file is larger than the "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MiB limit for one manifest"))
    entries: list[ManifestEntry] = []
    try:
        for value, raw in _documents(_transcode(data)):
            entries.extend(_read_document(value, raw, source, validate))
    except _ParseError as error:
        stop = f"error parsing {source}: {error}"
    except (_TooDeep, RecursionError):
        stop = f"error parsing {source}: nesting deeper than {MAX_DEPTH} levels is more than this simulator reads"
    except _StreamStop as error:
        entries.extend(error.entries)
        stop = str(error)
    else:
        return Manifest(source, tuple(entries), None)
    return Manifest(source, tuple(entries), ManifestError(f"error: {stop}"))


def _read_document(value: object, raw: str | None, source: str, validate: bool) -> list[ManifestEntry]:
    """Validation (which ends the stream) and then decoding (whose errors do not)."""
    if isinstance(value, _OutOfRange):
        if not validate:
            return [_failed(f"unable to decode {go_quote(source)}: {value.reason}")]
        problems = [value.reason]
    else:
        problems = schema.validate_document(value) if validate else []
    if problems:
        raise _StreamStop(schema.format_validation_error(source, problems).removeprefix("error: "))
    return _decode(value, raw, source)


class _ParseError(Exception):
    """The part after `error parsing <file>: `."""


class _YamlFail(Exception):
    """yaml.v2 failf(): becomes `error converting YAML to JSON: yaml: <text>`."""


class _TooDeep(Exception):
    pass


class _StreamStop(Exception):
    """An error that ends the whole stream after `entries` (FlattenListVisitor returns it)."""

    def __init__(self, reason: str, entries: list[ManifestEntry] | None = None):
        super().__init__(reason)
        self.entries = entries or []


# --- bytes to documents ------------------------------------------------------------------------

codecs.register_error("kubegrade-go-replace", lambda err: ("\ufffd", err.start + 1))
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000"


def _transcode(data: bytes) -> str:
    """unicode.BOMOverride(UTF8 decoder): UTF-16 by BOM, UTF-8 BOM dropped, one U+FFFD per bad byte."""
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return data.decode("utf-16", errors="replace")
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="kubegrade-go-replace")


def _documents(text: str):
    """(value, raw JSON or None) per non-null document, like YAMLOrJSONDecoder feeding StreamVisitor."""
    head = text.encode()[:4096].decode(errors="ignore").lstrip(_GO_SPACE)
    if head.startswith("{"):
        yield from _json_documents(text.encode())
        return
    for chunk in _yaml_chunks(text):
        try:
            value = _to_json(_YamlDecoder().decode(_compose(chunk)), 0)
        except _YamlFail as error:
            raise _ParseError(f"error converting YAML to JSON: yaml: {error}") from None
        except _ConversionError as error:
            raise _ParseError(f"error converting YAML to JSON: {error}") from None
        if value is not None:
            yield value, None


def _yaml_chunks(text: str):
    """YAMLReader: lines (CR LF and LF dropped, LF added) up to a line that is `---` plus spaces."""
    lines = text.split("\n")
    lines = [line.removesuffix("\r") + "\n" for line in lines[:-1]] + ([lines[-1] + "\n"] if lines[-1] else [])
    chunk: list[str] = []
    for line in lines:
        if line.startswith("---") and not line[3:].rstrip(_GO_SPACE):
            if chunk:
                yield "".join(chunk)
                chunk = []
            continue
        chunk.append(line)
    if chunk:
        yield "".join(chunk)


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


def _compose(chunk: str) -> _Node | None:
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
                    raise _TooDeep
        return root
    except yaml.YAMLError as error:
        raise _YamlFail(_goyaml_problem(error)) from None


def _node_for(event: events.Event, anchors: dict[str, _Node], open_nodes: list[_Node]) -> _Node:
    if isinstance(event, events.AliasEvent):
        node = _Node("alias", event.anchor)
        node.target = target = anchors.get(event.anchor)
        if target is None:
            raise _YamlFail(f"unknown anchor '{event.anchor}' referenced")
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
    raise _YamlFail(f"cannot decode {_short_tag(rtag)} `{text}` as a {_short_tag(tag)}")


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


class _YamlDecoder:
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
            raise _YamlFail("document contains excessive aliasing")

    def decode(self, node: _Node | None, depth: int = 0) -> object:
        if node is None:
            return None
        self.count(1, 0)
        if node.kind == "alias":
            if node.loops:
                raise _YamlFail(f"anchor '{node.value}' value contains itself")
            if depth + node.height > MAX_DEPTH:
                raise _TooDeep
            self.count(node.target.cost, node.target.cost)
            return _clone(self.decoded[id(node.target)])
        if depth > MAX_DEPTH:
            raise _TooDeep
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
                raise _YamlFail("!!binary value contains invalid base64 data") from None
            return data.decode("utf-8", errors="kubegrade-go-replace")
        return _resolve(node.tag, node.value)

    def mapping(self, node: _Node, depth: int) -> dict:
        out: dict = {}
        for key_node, value_node in zip(node.children[::2], node.children[1::2]):
            if key_node.is_merge_key():
                self.merge(value_node, out, depth)
                continue
            key = self.decode(key_node, depth + 1)
            if isinstance(key, (dict, list)):
                raise _YamlFail(f"invalid map key: {_go_sharp_v(key)}")
            out[(type(key).__name__, key)] = self.decode(value_node, depth + 1)
        return out

    def merge(self, node: _Node, out: dict, depth: int) -> None:
        """decode.go merge(): a map, an alias of a map, or a sequence of those (later ones first)."""
        parts = [node] if node.kind in ("map", "alias") else node.children[::-1] if node.kind == "seq" else []
        if not parts or any(part.kind != "map" and (part.kind != "alias" or part.target.kind != "map")
                            for part in parts):
            raise _YamlFail("map merge requires map or sequence of maps as the value")
        for part in parts:
            out.update(self.decode(part, depth))


def _go_sharp_v(value: object) -> str:
    """fmt's %#v for what yaml.v2 decodes into interface{} (used in its error texts)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: repr(item[0]))
        return "map[interface {}]interface {}{" + ", ".join(
            f"{_go_sharp_v(k[1])}:{_go_sharp_v(v)}" for k, v in items) + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_go_sharp_v(item) for item in value) + "}"
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _go_json_number(value) if math.isfinite(value) else _go_special_float(value)
    return go_quote(value) if isinstance(value, str) else str(value)


def _go_special_float(value: float) -> str:
    return "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")


# --- sigs.k8s.io/yaml: to JSON and back --------------------------------------------------------

class _ConversionError(Exception):
    """convertToJSONableObject or json.Marshal refusing a value."""


def _json_key(key: tuple[str, object], value: object) -> str:
    kind, raw = key
    if kind == "str":
        return raw
    if kind == "bool":
        return "true" if raw else "false"
    if kind == "int" and -(2**63) <= raw < 2**63:
        return str(raw)
    if kind == "float":
        return _float32_key(raw)
    go_type, shown = ("uint64", f"0x{raw:x}") if kind == "int" else ("%!s(<nil>)", "<nil>")
    shown_value = "<nil>" if value is None else _go_sharp_v(value)
    raise _ConversionError(f"Unsupported map key of type: {go_type}, key: {shown}, value: {shown_value}")


def _float32_key(number: float) -> str:
    """strconv.FormatFloat(key, 'g', -1, 32) with go-yaml's spelling of infinities and NaN."""
    if not math.isfinite(number):
        return ".nan" if math.isnan(number) else (".inf" if number > 0 else "-.inf")
    try:
        single = struct.unpack("f", struct.pack("f", number))[0]
    except OverflowError:
        return ".inf" if number > 0 else "-.inf"
    digits = next(f"{single:.{p}e}" for p in range(9)
                  if struct.unpack("f", struct.pack("f", float(f"{single:.{p}e}")))[0] == single)
    mantissa, exponent = digits.split("e")
    if -4 <= int(exponent) < 6:  # FormatFloat 'g' with the shortest precision switches at 1e6
        return _go_json_number(float(digits))
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent):+03d}"


def _to_json(value: object, depth: int) -> object:
    """The object JSON round-trip leaves: string keys, integral floats as ints (util/json int64 rule)."""
    if depth > MAX_DEPTH:
        raise _TooDeep
    if isinstance(value, dict):
        return {(_json_key(key, item) if isinstance(key, tuple) else key): _to_json(item, depth + 1)
                for key, item in value.items()}
    if isinstance(value, list):
        return [_to_json(item, depth + 1) for item in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _ConversionError("json: unsupported value: " + _go_special_float(value))
        return int(value) if value.is_integer() and -(2**63) <= value < 2**63 else value
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return float(value)
    return value


def _go_json_number(number: float) -> str:
    text = repr(number)
    if 1e-6 <= abs(number) < 1e21 or number == 0:
        text = format(decimal.Decimal(text), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return re.sub(r"e-0(\d)$", r"e-\1", text)


_GO_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "<": "\\u003c", ">": "\\u003e",
                    "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def go_json(value: object) -> str:
    """encoding/json.Marshal of a decoded document: keys sorted, no spaces, `<>&` escaped as Go does."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{go_json(key)}:{go_json(value[key])}" for key in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(go_json(item) for item in value) + "]"
    if isinstance(value, str):
        return '"' + "".join(_GO_JSON_ESCAPES.get(char) or (f"\\u{ord(char):04x}" if char < " " else char)
                             for char in value) + '"'
    if isinstance(value, float):
        return _go_json_number(value)
    return json.dumps(value)


# --- JSON streams ------------------------------------------------------------------------------

class _JsonSyntax(Exception):
    """encoding/json SyntaxError: message and Offset (bytes read from the value's start)."""


class _JsonEOF(Exception):
    pass


def _json_documents(data: bytes):
    """encoding/json.Decoder over the stream; syntax errors as `json: line N: ...` (0-based N)."""
    position = 0
    while True:
        try:
            end = _JsonScanner(data, position).value(position, 0)
        except _JsonEOF:
            if data[position:].strip(b" \t\r\n"):
                raise _ParseError("unexpected EOF") from None
            return
        except _JsonSyntax as error:
            message, offset = error.args
            js = data[position:] if len(data) - position > offset else data[:4096]
            line = js[:js[:offset].rfind(b"\n") + 1].count(b"\n")
            raise _ParseError(f"json: line {line}: {message}") from None
        raw = data[position:end].strip(b" \t\r\n\v\f")
        position = end
        try:  # util/json: integer literals that fit become int64, other numbers float64
            value = json.loads(raw, parse_int=_json_int, parse_float=_json_float)
        except _OutOfRange as error:
            value = error
        if value is not None:
            yield value, raw.decode()


class _OutOfRange(Exception):
    """A JSON number float64 cannot hold: util/json refuses the document."""

    @property
    def reason(self) -> str:
        return f"strconv.ParseFloat: parsing {go_quote(self.args[0])}: value out of range"


def _json_float(text: str) -> float:
    if math.isinf(value := float(text)):
        raise _OutOfRange(text)
    return value


def _json_int(text: str) -> int | float:
    return int(text) if len(text) < 21 and -(2**63) <= int(text) < 2**63 else _json_float(text)


class _JsonScanner:
    """encoding/json's scanner for one value: where it ends, or Go's message for the first bad byte."""

    def __init__(self, data: bytes, start: int):
        self.data, self.start = data, start

    def fail(self, index: int, context: str):
        byte = self.data[index]
        shown = {0x27: "'\\''", 0x22: "'\"'"}.get(byte) or "'" + go_quote(chr(byte))[1:-1] + "'"
        raise _JsonSyntax(f"invalid character {shown} {context}", index - self.start + 1)

    def at(self, index: int) -> int:
        if index >= len(self.data):
            raise _JsonEOF
        return self.data[index]

    def skip(self, index: int) -> int:
        while self.at(index) in b" \t\r\n":
            index += 1
        return index

    def value(self, index: int, depth: int) -> int:
        index = self.skip(index)
        byte = self.data[index]
        if byte in b"{[":
            if depth >= MAX_DEPTH:
                raise _TooDeep
            return (self.object if byte == 0x7B else self.array)(index + 1, depth + 1)
        if byte == 0x22:
            return self.string(index + 1)
        if byte == 0x2D or 0x30 <= byte <= 0x39:
            return self.number(index)
        for word in (b"true", b"false", b"null"):
            if byte == word[0]:
                for offset in range(1, len(word)):
                    if self.at(index + offset) != word[offset]:
                        self.fail(index + offset, f"in literal {word.decode()} (expecting '{chr(word[offset])}')")
                return index + len(word)
        self.fail(index, "looking for beginning of value")

    def object(self, index: int, depth: int) -> int:
        if self.at(index := self.skip(index)) == 0x7D:
            return index + 1
        while True:
            if self.at(index := self.skip(index)) != 0x22:
                self.fail(index, "looking for beginning of object key string")
            if self.at(index := self.skip(self.string(index + 1))) != 0x3A:
                self.fail(index, "after object key")
            index = self.skip(self.value(index + 1, depth))
            if self.data[index] == 0x7D:
                return index + 1
            if self.data[index] != 0x2C:
                self.fail(index, "after object key:value pair")
            index += 1

    def array(self, index: int, depth: int) -> int:
        if self.at(index := self.skip(index)) == 0x5D:
            return index + 1
        while True:
            index = self.skip(self.value(index, depth))
            if self.data[index] == 0x5D:
                return index + 1
            if self.data[index] != 0x2C:
                self.fail(index, "after array element")
            index += 1

    def string(self, index: int) -> int:
        while (byte := self.at(index)) != 0x22:
            if byte == 0x5C:
                escape = self.at(index + 1)
                if escape == 0x75:
                    for offset in range(2, 6):
                        if self.at(index + offset) not in b"0123456789abcdefABCDEF":
                            self.fail(index + offset, "in \\u hexadecimal character escape")
                    index += 4
                elif escape not in b'bfnrt\\/"':
                    self.fail(index + 1, "in string escape code")
                index += 1
            elif byte < 0x20:
                self.fail(index, "in string literal")
            index += 1
        return index + 1

    def number(self, index: int) -> int:
        digits = b"0123456789"
        if self.data[index] == 0x2D and self.at(index := index + 1) not in digits:
            self.fail(index, "in numeric literal")
        index = index + 1 if self.data[index] == 0x30 else self.digits(index)
        if index < len(self.data) and self.data[index] == 0x2E:
            if self.at(index := index + 1) not in digits:
                self.fail(index, "after decimal point in numeric literal")
            index = self.digits(index)
        if index < len(self.data) and self.data[index] in b"eE":
            index += 1 + (self.at(index + 1) in b"+-")
            if self.at(index) not in digits:
                self.fail(index, "in exponent of numeric literal")
            index = self.digits(index)
        return index

    def digits(self, index: int) -> int:
        while index < len(self.data) and 0x30 <= self.data[index] <= 0x39:
            index += 1
        return index


# --- decoding and REST mapping -----------------------------------------------------------------

_GO_JSON_KINDS = {str: "string", bool: "bool", int: "number", float: "number", list: "array"}


def _decode(value: object, raw: str | None, source: str) -> list[ManifestEntry]:
    """UnstructuredJSONScheme.Decode then RESTMapping, as infoForData reports them."""
    quoted = go_quote(source)
    if not isinstance(value, dict):
        kind_name = _GO_JSON_KINDS.get(type(value), "string")
        return [_failed(f"unable to decode {quoted}: json: cannot unmarshal {kind_name} into Go value of type unstructured.detector")]
    kind, group_version = _kind_and_version(value)
    if not kind:
        return [_failed(f"unable to decode {quoted}: Object 'Kind' is missing in '{raw or go_json(value)}'")]
    if value.get("items") is not None and (kind == "List" or kind.endswith("List")):
        return _flatten(value, kind, group_version, quoted)
    resource, problem = _mapping(kind, group_version)
    if resource is None:
        return [_failed(f"unable to recognize {quoted}: {problem}")]
    return [ManifestEntry(value, resource)]


def _kind_and_version(value: dict) -> tuple[str, tuple[str, str]]:
    kind = value.get("kind") if isinstance(value.get("kind"), str) else ""
    api_version = value.get("apiVersion") if isinstance(value.get("apiVersion"), str) else ""
    try:
        return kind, parse_group_version(api_version)
    except ValueError:
        return "", ("", "")  # Unstructured.GroupVersionKind() is empty for a bad apiVersion


def _mapping(kind: str, group_version: tuple[str, str]) -> tuple[ResourceType | None, str]:
    """RESTMapping(groupKind, version): an empty version means the group's preferred one."""
    group, version = group_version
    shown = f"{group}/{version}" if group else version
    found = kind_for_api_version(kind, shown) if version else by_kind(kind)
    if found and not version and found.group != group:
        found = None
    return found, f"no matches for kind {go_quote(kind)} in version {go_quote(shown)}"


def _flatten(value: dict, kind: str, group_version: tuple[str, str], quoted: str) -> list[ManifestEntry]:
    items = value["items"]
    if not isinstance(items, list):
        go_kind = "object" if isinstance(items, dict) else _GO_JSON_KINDS.get(type(items), "string")
        return [_failed(f"unable to decode {quoted}: json: cannot unmarshal {go_kind} into Go struct field "
                        f"decodeList.items of type []json.RawMessage")]
    if kind != "List" and _mapping(kind[:-4], group_version)[0] is None:  # discovery maps <Kind>List too
        return [_failed(f"unable to recognize {quoted}: {_mapping(kind, group_version)[1]}")]
    entries = []
    for item in items:
        item = {} if item is None else item
        if not isinstance(item, dict):
            go_kind = _GO_JSON_KINDS.get(type(item), "string")
            return [_failed(f"unable to decode {quoted}: json: cannot unmarshal {go_kind} into Go value of type map[string]interface {{}}")]
        if kind != "List" and not item.get("kind") and not item.get("apiVersion"):
            item = {**item, "kind": kind[:-4], "apiVersion": value.get("apiVersion")}  # decodeToList
        item_kind, item_version = _kind_and_version(item)
        if not item_kind:
            raise _StreamStop('unable to get type info from the object "*unstructured.Unstructured": '
                              "Object 'Kind' is missing in 'unstructured object has no kind'", entries)
        resource, problem = _mapping(item_kind, item_version)
        if resource is None:
            raise _StreamStop(f"unable to recognize {problem}", entries)
        entries.append(ManifestEntry(item, resource))
    return entries


def _failed(reason: str) -> ManifestEntry:
    return ManifestEntry(None, None, ManifestError(f"error: {reason}"))
