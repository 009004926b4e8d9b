"""Build `simulator/registry/data/openapi-v1.23.json.gz`, what `kubectl explain` reads.

Source: the `kubernetes-validate==1.23.4` sdist (`pip download --no-deps kubernetes-validate==1.23.4`),
`src/kubernetes_validate/kubernetes-json-schema/v1.23.0-local/_definitions.json`: the definitions of
Kubernetes v1.23.0's `api/openapi-spec/swagger.json` converted to JSON schema, every description kept.
Kept per schema: what explain prints or walks (description, type, $ref, items, additionalProperties,
properties, required, x-kubernetes-group-version-kind). The converter turned IntOrString and
Quantity into `oneOf` and dropped their own text; both are `type: string` in the swagger, and
IntOrString's description is restored from apimachinery's `intstr.go` (Quantity's is left empty).

Usage: python tools/build_openapi_docs.py path/to/_definitions.json
"""

import gzip
import json
import sys
from pathlib import Path

KEEP = ("description", "type", "$ref", "items", "additionalProperties", "properties", "required",
        "x-kubernetes-group-version-kind")
INT_OR_STRING = ("IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling "
                 "and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, "
                 "a JSON field that can accept a name or number.")
OUT = Path(__file__).resolve().parent.parent / "simulator" / "registry" / "data" / "openapi-v1.23.json.gz"


def trim(schema):
    if not isinstance(schema, dict):
        return schema
    kept = {}
    for key in KEEP:
        if key not in schema:
            continue
        value = schema[key]
        if key == "$ref":
            value = value.rsplit("/", 1)[-1]
        elif key == "properties":
            value = {name: trim(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties"):
            value = trim(value)
        kept[key] = value
    return kept


def main(source: str) -> None:
    definitions = json.loads(Path(source).read_text())["definitions"]
    trimmed = {name: trim(schema) for name, schema in sorted(definitions.items())}
    trimmed["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = {"type": "string", "description": INT_OR_STRING}
    trimmed["io.k8s.apimachinery.pkg.api.resource.Quantity"] = {"type": "string"}
    data = json.dumps(trimmed, separators=(",", ":"), sort_keys=True).encode()
    OUT.write_bytes(gzip.compress(data, 9, mtime=0))
    print(f"{OUT}: {len(trimmed)} definitions, {len(data)} bytes, {OUT.stat().st_size} compressed")


if __name__ == "__main__":
    main(sys.argv[1])
