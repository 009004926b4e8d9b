"""The API server's own size and syntax limits on what it accepts, with its messages.

Kubernetes v1.23 refuses a request body over 3 MiB (`MaxRequestBodyBytes` in
`apiserver/pkg/server/config.go`, answered by `limitedReadBody` as `Request entity too
large: limit is 3145728`), an object whose annotations add up to more than 256 KiB
(`TotalAnnotationSizeLimitB` in `apimachinery/pkg/api/validation/objectmeta.go`:
`metadata.annotations: Too long: must have at most 262144 bytes`), and annotation or
label keys that are not qualified names (`IsQualifiedName`, whose prefix must be a DNS-1123
subdomain). These bounds are also what keeps one object, and so one render of it, small.

Called from the validation path (`registry.strategies.base`) and the decoder; the rules
live here so the kinds' strategies stay about their kinds.
"""

from __future__ import annotations

import json

from simulator.errors import FieldError, StatusError
from simulator.registry.names import DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MSG, QUALIFIED_NAME, QUALIFIED_NAME_MSG

TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10)
MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024
QUALIFIED_NAME_MAX_LENGTH = 63
SUBDOMAIN_MAX_LENGTH = 253


def qualified_name_errors(key: str) -> list[str]:
    """`validation.IsQualifiedName`: `[prefix/]name`, the messages in Go's order."""
    parts = key.split("/")
    if len(parts) == 1:
        name = parts[0]
        prefix_errors: list[str] = []
    elif len(parts) == 2:
        prefix, name = parts
        prefix_errors = _prefix_errors(prefix)
    else:
        return ["a qualified name " + QUALIFIED_NAME_MSG.replace("name part ", "", 1)
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
    errors = list(prefix_errors)
    if not name:
        errors.append("name part must be non-empty")
    elif len(name) > QUALIFIED_NAME_MAX_LENGTH:
        errors.append(f"name part must be no more than {QUALIFIED_NAME_MAX_LENGTH} characters")
    if name and not QUALIFIED_NAME.match(name):
        errors.append(QUALIFIED_NAME_MSG)
    return errors


def _prefix_errors(prefix: str) -> list[str]:
    if not prefix:
        return ["prefix part must be non-empty"]
    errors = []
    if len(prefix) > SUBDOMAIN_MAX_LENGTH:
        errors.append(f"prefix part must be no more than {SUBDOMAIN_MAX_LENGTH} characters")
    if not DNS1123_SUBDOMAIN.match(prefix):
        errors.append("prefix part " + DNS1123_SUBDOMAIN_MSG)
    return errors


def validate_annotations(annotations: dict, path: str = "metadata.annotations") -> list[FieldError]:
    """`ValidateAnnotations`: every key a qualified name (case ignored), 256 KiB in total."""
    errors: list[FieldError] = []
    total = 0
    for key, value in (annotations or {}).items():
        key, value = str(key), str(value)
        errors += [FieldError("Invalid value", path, key, message) for message in qualified_name_errors(key.lower())]
        total += len(key.encode("utf-8")) + len(value.encode("utf-8"))
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B:
        errors.append(FieldError("Too long", path, None, f"must have at most {TOTAL_ANNOTATION_SIZE_LIMIT_B} bytes"))
    return errors


def validate_label_key_prefixes(labels: dict, path: str = "metadata.labels") -> list[FieldError]:
    """The prefix half of a label key (`names.validate_labels` checks the name half)."""
    errors: list[FieldError] = []
    for key in (labels or {}):
        key = str(key)
        if "/" in key:
            prefix = key.split("/")[0]
            errors += [FieldError("Invalid value", path, key, message) for message in _prefix_errors(prefix)]
    return errors


def object_meta_errors(obj) -> list[FieldError]:
    """What the strategies' metadata validation adds: annotations, label key prefixes."""
    return validate_annotations(obj.metadata.annotations) + validate_label_key_prefixes(obj.labels)


def check_request_body(document: dict, resource: str = "", name: str = "") -> None:
    """The body kubectl would send for `document` (its JSON) is at most 3 MiB."""
    size = len(json.dumps(document, separators=(",", ":"), default=str).encode("utf-8"))
    if size > MAX_REQUEST_BODY_BYTES:
        raise StatusError("RequestEntityTooLarge", f"Request entity too large: limit is {MAX_REQUEST_BODY_BYTES}",
                          413, resource, name)
