"""Name and label validation with apimachinery's exact messages."""

from __future__ import annotations

import re

from simulator.errors import FieldError

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
IANA_SVC_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])*$")

DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
    "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
    "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
    "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
QUALIFIED_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


def validate_object_name(name: str, rule: str = "subdomain") -> list[FieldError]:
    if not name:
        return [FieldError("Required value", "metadata.name", None, "name or generateName is required")]
    if rule == "path-segment":  # `path.IsValidPathSegmentName`, RBAC's name rule
        if name in (".", ".."):
            return [FieldError("Invalid value", "metadata.name", name, f"may not be '{name}'")]
        for bad in ("/", "%"):
            if bad in name:
                return [FieldError("Invalid value", "metadata.name", name, f"may not contain '{bad}'")]
        return []
    pattern, message, limit = {
        "subdomain": (DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MSG, 253),
        "label": (DNS1123_LABEL, DNS1123_LABEL_MSG, 63),
        "dns1035": (DNS1035_LABEL, DNS1035_LABEL_MSG, 63),
    }[rule]
    if len(name) > limit:
        return [FieldError("Invalid value", "metadata.name", name, f"must be no more than {limit} characters")]
    if not pattern.match(name):
        return [FieldError("Invalid value", "metadata.name", name, message)]
    return []


def validate_labels(labels: dict, path: str) -> list[FieldError]:
    errors: list[FieldError] = []
    for key, value in (labels or {}).items():
        key, value = str(key), "" if value is None else str(value)
        name = key.rsplit("/", 1)[-1]
        if len(name) > 63 or not QUALIFIED_NAME.match(name):
            errors.append(FieldError("Invalid value", path, key, QUALIFIED_NAME_MSG))
        if len(value) > 63:
            errors.append(FieldError("Invalid value", path, value, "must be no more than 63 characters"))
        elif not LABEL_VALUE.match(value):
            errors.append(FieldError("Invalid value", path, value, LABEL_VALUE_MSG))
    return errors


def validate_port_name(name: str, path: str) -> list[FieldError]:
    if len(name) > 15:
        return [FieldError("Invalid value", path, name, "must be no more than 15 characters")]
    if not IANA_SVC_NAME.match(name):
        return [FieldError("Invalid value", path, name, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    if "--" in name:
        return [FieldError("Invalid value", path, name, "must not contain consecutive hyphens")]
    if not re.search("[a-z]", name):
        return [FieldError("Invalid value", path, name, "must contain at least one letter (a-z)")]
    return []


def validate_port_number(port, path: str) -> list[FieldError]:
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        return [FieldError("Invalid value", path, port, "must be between 1 and 65535, inclusive")]
    return []
