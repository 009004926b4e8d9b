"""`-o` formats: tables (default and wide), yaml, json, name, jsonpath."""

from __future__ import annotations

from simulator.objects import KubeObject
from simulator.registry.kinds import ResourceType
from simulator.shell.kubectl.flags import FlagError

FORMATS = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath",
           "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml")


def check_format(fmt: str | None) -> None:
    if fmt is None:
        return
    base = fmt.split("=", 1)[0]
    if base not in ("json", "yaml", "wide", "name", "jsonpath", "custom-columns", "custom-columns-file"):
        raise FlagError(f'error: unable to match a printer suitable for the output format "{fmt}", '
                        f"allowed formats are: {','.join(FORMATS)}")


def as_document(objects: list[KubeObject], single: bool) -> dict:
    if single and len(objects) == 1:
        return objects[0].to_dict(shared=True)
    return {"apiVersion": "v1", "items": [o.to_dict(shared=True) for o in objects], "kind": "List",
            "metadata": {"resourceVersion": "", "selfLink": ""}}


def render_structured(objects: list[KubeObject], fmt: str, single: bool) -> str:
    from simulator.printers import serialize

    document = as_document(objects, single)
    if fmt == "yaml":
        return serialize.to_yaml(document)
    if fmt == "json":
        return serialize.to_json(document)
    if fmt.startswith("jsonpath"):
        from simulator.printers import jsonpath

        template = fmt.split("=", 1)[1] if "=" in fmt else ""
        try:
            return jsonpath.render(template, document)
        except jsonpath.JSONPathError as error:
            raise FlagError(str(error)) from None
    raise AssertionError(fmt)


def render_custom_columns(ctx, objects: list[KubeObject], fmt: str, no_headers: bool) -> str:
    """`-o custom-columns=SPEC` or `-o custom-columns-file=PATH` (the file read from the working machine)."""
    from simulator.printers import custom_columns
    from simulator.printers.jsonpath import JSONPathError

    base, _, value = fmt.partition("=")
    try:
        if base == "custom-columns":
            columns = custom_columns.columns_from_spec(value)
        else:
            files = ctx.files
            if not value or not files.exists(value) or files.is_dir(value):
                reason = "is a directory" if value and files.exists(value) else "no such file or directory"
                raise FlagError(f"error: error reading template {value}, open {value}: {reason}\n")
            columns = custom_columns.columns_from_template(files.read(value).decode(errors="replace"))
        return custom_columns.print_custom_columns(columns, [o.to_dict(shared=True) for o in objects],
                                                   no_headers=no_headers)
    except JSONPathError as error:
        raise FlagError(str(error)) from None


def name_line(rt: ResourceType, obj: KubeObject) -> str:
    return f"{rt.qualified}/{obj.name}\n"


def render_table(rt: ResourceType, objects: list[KubeObject], now: float, *, wide: bool, show_labels: bool,
                 with_namespace: bool, no_headers: bool, with_kind_prefix: bool, label_columns: tuple[str, ...] = (),
                 sort: bool = True, types=None) -> str:
    """`sort=False` keeps the order given (`--sort-by`); otherwise rows come in etcd's key order."""
    from simulator.printers import tables

    return tables.print_table(objects, rt.kind, now, wide=wide, show_labels=show_labels,
                              with_namespace=with_namespace, no_headers=no_headers,
                              with_kind_prefix=with_kind_prefix, label_columns=label_columns, sort=sort,
                              types=types or tables.BUILT_IN)
