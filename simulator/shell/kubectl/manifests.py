"""How kubectl 1.23 reads `-f` manifests: documents, YAML/JSON errors and decode errors, in stream order.

It follows cli-runtime's FileVisitor (BOM/UTF-16 override; invalid UTF-8 becomes U+FFFD) and
StreamVisitor over apimachinery's YAMLOrJSONDecoder: JSON when the first non-space byte is `{`
(`json_stream`), else YAML chunks split on `---` lines, each converted by sigs.k8s.io/yaml (yaml.v2
Unmarshal of the chunk's first document, YAML 1.1 scalars, in `yaml_v2`; then JSON, in `go_json`).
Then client-side validation (`schema.py`) and the unstructured decoder with REST mapping. Parse and
validation errors end the stream; decode errors are reported and the stream goes on, as kubectl does.

Simulator limits, not kubectl behaviour: files over 5 MiB (`simulator.files.MAX_FILE_BYTES`) and
nesting deeper than MAX_DEPTH are refused with an `error:` line saying so. Not reproduced: typed
lists (`ServiceList`) beyond the item defaults, kubectl's NoDoubleKeySchema.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.files import MAX_FILE_BYTES
from simulator.registry.kinds import BUILT_IN, ResourceType, TypeRegistry
from simulator.registry import openapi_schema as schema
from simulator.registry.openapi_schema import go_quote, parse_group_version
from simulator.shell.kubectl.go_json import MAX_DEPTH, ConversionError, TooDeep, go_json, to_json
from simulator.shell.kubectl.json_stream import OutOfRange, ParseError, json_documents
from simulator.shell.kubectl.yaml_v2 import GO_REPLACE, YamlDecoder, YamlFail, compose


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


def load_documents(data: bytes, source: str, *, validate: bool = False, types: TypeRegistry = BUILT_IN) -> list[dict]:
    """Every object in the file (List items flattened); the first error kubectl would print raises.

    With `validate`, client-side validation runs first, as with kubectl's default `--validate=true`
    (a missing kind is then `kind not set`, not the decoder's `Object 'Kind' is missing`)."""
    manifest = read_manifest(data, source, validate=validate, types=types)
    for entry in manifest.entries:
        if entry.error:
            raise entry.error
    if manifest.stop:
        raise manifest.stop
    return [entry.obj for entry in manifest.entries]


def read_manifest(data: bytes, source: str, *, validate: bool = True, types: TypeRegistry = BUILT_IN) -> Manifest:
    """The stream kubectl's StreamVisitor walks: entries in order, then what stopped it, if anything."""
    if len(data) > MAX_FILE_BYTES:
        return Manifest(source, (), ManifestError(
            f"error: error reading {go_quote(source)}: file is larger than the "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MiB limit for one manifest"))
    entries: list[ManifestEntry] = []
    try:
        for value, raw in _documents(_transcode(data)):
            entries.extend(_read_document(value, raw, source, validate, types))
    except ParseError as error:
        stop = f"error parsing {source}: {error}"
    except (TooDeep, RecursionError):
        stop = f"error parsing {source}: nesting deeper than {MAX_DEPTH} levels is more than this simulator reads"
    except _StreamStop as error:
        entries.extend(error.entries)
        stop = str(error)
    else:
        return Manifest(source, tuple(entries), None)
    return Manifest(source, tuple(entries), ManifestError(f"error: {stop}"))


def _read_document(value: object, raw: str | None, source: str, validate: bool, types: TypeRegistry) -> list[ManifestEntry]:
    """Validation (which ends the stream) and then decoding (whose errors do not)."""
    if isinstance(value, OutOfRange):
        if not validate:
            return [_failed(f"unable to decode {go_quote(source)}: {value.reason}")]
        problems = [value.reason]
    else:
        problems = schema.validate_document(value) if validate else []
    if problems:
        raise _StreamStop(schema.format_validation_error(source, problems).removeprefix("error: "))
    return _decode(value, raw, source, types)


class _StreamStop(Exception):
    """An error that ends the whole stream after `entries` (FlattenListVisitor returns it)."""

    def __init__(self, reason: str, entries: list[ManifestEntry] | None = None):
        super().__init__(reason)
        self.entries = entries or []


# --- bytes to documents ------------------------------------------------------------------------

_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000"


def _transcode(data: bytes) -> str:
    """unicode.BOMOverride(UTF8 decoder): UTF-16 by BOM, UTF-8 BOM dropped, one U+FFFD per bad byte."""
    if data.startswith((b"\xfe\xff", b"\xff\xfe")):
        return data.decode("utf-16", errors="replace")
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors=GO_REPLACE)


def _documents(text: str):
    """(value, raw JSON or None) per non-null document, like YAMLOrJSONDecoder feeding StreamVisitor."""
    head = text.encode()[:4096].decode(errors="ignore").lstrip(_GO_SPACE)
    if head.startswith("{"):
        yield from json_documents(text.encode())
        return
    for chunk in _yaml_chunks(text):
        try:
            value = to_json(YamlDecoder().decode(compose(chunk)), 0)
        except YamlFail as error:
            raise ParseError(f"error converting YAML to JSON: yaml: {error}") from None
        except ConversionError as error:
            raise ParseError(f"error converting YAML to JSON: {error}") from None
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


# --- decoding and REST mapping -----------------------------------------------------------------

_GO_JSON_KINDS = {str: "string", bool: "bool", int: "number", float: "number", list: "array"}


def _decode(value: object, raw: str | None, source: str, types: TypeRegistry) -> list[ManifestEntry]:
    """UnstructuredJSONScheme.Decode then RESTMapping, as infoForData reports them."""
    quoted = go_quote(source)
    if not isinstance(value, dict):
        kind_name = _GO_JSON_KINDS.get(type(value), "string")
        return [_failed(f"unable to decode {quoted}: json: cannot unmarshal {kind_name} into Go value of type unstructured.detector")]
    kind, group_version = _kind_and_version(value)
    if not kind:
        return [_failed(f"unable to decode {quoted}: Object 'Kind' is missing in '{raw or go_json(value)}'")]
    if value.get("items") is not None and (kind == "List" or kind.endswith("List")):
        return _flatten(value, kind, group_version, quoted, types)
    resource, problem = _mapping(kind, group_version, types)
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


def _mapping(kind: str, group_version: tuple[str, str], types: TypeRegistry) -> tuple[ResourceType | None, str]:
    """RESTMapping(groupKind, version): an empty version means the group's preferred one."""
    group, version = group_version
    shown = f"{group}/{version}" if group else version
    found = types.kind_for_api_version(kind, shown) if version else types.by_kind(kind)
    if found and not version and found.group != group:
        found = None
    return found, f"no matches for kind {go_quote(kind)} in version {go_quote(shown)}"


def _flatten(value: dict, kind: str, group_version: tuple[str, str], quoted: str, types: TypeRegistry) -> list[ManifestEntry]:
    items = value["items"]
    if not isinstance(items, list):
        go_kind = "object" if isinstance(items, dict) else _GO_JSON_KINDS.get(type(items), "string")
        return [_failed(f"unable to decode {quoted}: json: cannot unmarshal {go_kind} into Go struct field "
                        f"decodeList.items of type []json.RawMessage")]
    if kind != "List" and _mapping(kind[:-4], group_version, types)[0] is None:  # discovery maps <Kind>List too
        return [_failed(f"unable to recognize {quoted}: {_mapping(kind, group_version, types)[1]}")]
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
        resource, problem = _mapping(item_kind, item_version, types)
        if resource is None:
            raise _StreamStop(f"unable to recognize {problem}", entries)
        entries.append(ManifestEntry(item, resource))
    return entries


def _failed(reason: str) -> ManifestEntry:
    return ManifestEntry(None, None, ManifestError(f"error: {reason}"))
