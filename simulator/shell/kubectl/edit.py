"""`kubectl edit TYPE NAME`: the object in an editor, then a patch from what was saved.

kubectl 1.23 (`cmd/util/editor/editoptions.go`) writes the object as YAML under a comment
header to `/tmp/kubectl-edit-XXXXX.yaml` and waits for $KUBE_EDITOR, $EDITOR or `vi`. In an
interactive session the page's editor is that editor: `run` hands the file out as an
`EditRequest` and `PendingEdit.finish` does what kubectl does once the editor exits:
- unchanged once comments are stripped (compared as JSON, so layout does not count):
  `Edit cancelled, no changes made.`; no line left: `Edit cancelled, saved file was empty.`
- a YAML syntax error, or an API server refusal as Invalid: the file comes back with the
  reasons in its header (`# services "x" was not valid:` / `# * spec...: ...`), and the
  refusal prints `error: services "x" is invalid`; saving the same text again gives up
  with `Edit cancelled, no valid changes were saved.`;
- otherwise a patch from the original to the edited object (kubectl's two-way strategic
  merge, `kubectl patch`'s merge here), sent to the server, and `service/x edited`.

Outside an interactive session there is no terminal for the editor. vi (the default, in
Ubuntu's base system) then reads its commands from a stdin that is not a terminal, gets
end-of-file and exits non-zero, so kubectl's `Launch` reports `there was a problem with
the editor "vi"`; an editor that is not installed at all is `unable to launch the editor`.

What this does not do yet: `-f`, `--output-patch`, `--save-config`, `--windows-line-endings`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import yaml

from simulator.shell.results import EditRequest
from simulator.errors import StatusError
from simulator.printers import serialize
from simulator.programs.context import ExecContext, ToolResult
from simulator.registry.kinds import by_kind
from simulator.shell.kubectl.error_text import status_error_text
from simulator.shell.kubectl.flags import Flag, parse_flags
from simulator.shell.kubectl.patch import apply_patch, store_patched
from simulator.shell.kubectl.resources import parse_resource_args

FLAGS = (Flag("output", "o"), Flag("all-namespaces", "A", False), Flag("selector", "l"))
HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
          "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
          "# reopened with the relevant failures.\n#\n")
NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                "   '<resource> <name>'\n   '<resource>'\n")
UBUNTU_EDITORS = frozenset({"vi", "vim.tiny", "nano", "ed", "editor", "sensible-editor", "rnano"})
TEMP_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"  # editor.go's randSeq alphabet


def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    args = argv[1:]
    parsed = parse_flags(args, FLAGS, "edit")
    requests = parse_resource_args(parsed.positional, "edit", ctx.store.types)
    if not requests:
        return ToolResult.failure(NO_RESOURCES)
    namespace = parsed.get("namespace") or "default"
    store = ctx.store
    objects = []
    for request in requests:
        if request.names:
            objects.extend(store.get(request.rt, namespace, name) for name in request.names)
        else:
            objects.extend(store.list(request.rt, None if parsed.get("all-namespaces") or not request.rt.namespaced
                                      else namespace))
    if not objects:
        return ToolResult.failure("error: edit cancelled, no objects found\n")
    if ctx.shell is None or not ctx.shell.takes_terminal(ctx):
        return ToolResult.failure(no_terminal_error(ctx.shell.env if ctx.shell is not None else {}))
    originals = [obj.to_dict() for obj in objects]
    document = originals[0] if len(originals) == 1 else {
        "apiVersion": "v1", "items": originals, "kind": "List", "metadata": {}}
    content = HEADER + serialize.to_yaml(document)
    ctx.shell.edit = PendingEdit(ctx, EditRequest(temp_path(ctx), content), originals, namespace)
    return ToolResult()


def no_terminal_error(env: dict[str, str]) -> str:
    editor = env.get("KUBE_EDITOR") or env.get("EDITOR") or "vi"
    program = editor.split()[0].rsplit("/", 1)[-1] if editor.split() else editor
    if program in UBUNTU_EDITORS or program == "vim":
        return f'error: there was a problem with the editor "{editor}"\n'
    return f'error: unable to launch the editor "{editor}"\n'


def temp_path(ctx: ExecContext) -> str:
    letters = ctx.random("kubectl-edit")
    return "/tmp/kubectl-edit-" + "".join(letters.choice(TEMP_LETTERS) for _ in range(5)) + ".yaml"


@dataclass
class PendingEdit:
    """kubectl edit between two launches of the editor: the file it wrote, what it was first."""

    ctx: ExecContext  # the `kubectl edit` that opened the editor: the cluster and the shell it patches through
    request: EditRequest
    originals: list[dict]
    namespace: str
    contains_error: bool = False
    reasons: list[tuple[str, list[str]]] = field(default_factory=list)

    def finish(self, session, content: str | None) -> ToolResult:
        """One pass of kubectl's edit loop after the editor exits (`None`: it saved nothing).

        `session` is the shell handing the saved file back; the work goes through `self.ctx`."""
        ctx = self.ctx
        edited = self.request.content if content is None else content
        result = ToolResult()
        if self.contains_error and strip_comments(self.request.content) == strip_comments(edited):
            return result_failure(result, self.preserved() + "error: Edit cancelled, no valid changes were saved.\n")
        if strip_comments(HEADER + self._original_yaml()) == strip_comments(edited):
            return result.err("Edit cancelled, no changes made.\n")
        if not any(line.strip() and not line.strip().startswith("#") for line in edited.splitlines()):
            return result.err("Edit cancelled, saved file was empty.\n")
        try:
            documents = [item for doc in yaml.safe_load_all(edited) if doc is not None for item in _items(doc)]
        except yaml.YAMLError as error:
            return self.reopen(ctx, result, edited, [(f"The edited file had a syntax error: {yaml_error(error)}", [])])
        reasons: list[tuple[str, list[str]]] = []
        for document in documents:
            failed = self._patch_one(ctx, document, result, reasons)
            if failed is not None:
                return result_failure(result, failed)
        if reasons:
            return self.reopen(ctx, result, edited, reasons)
        return result

    def _original_yaml(self) -> str:
        document = self.originals[0] if len(self.originals) == 1 else {
            "apiVersion": "v1", "items": self.originals, "kind": "List", "metadata": {}}
        return serialize.to_yaml(document)

    def _patch_one(self, ctx: ExecContext, edited: dict, result: ToolResult, reasons: list) -> str | None:
        """Patch one object; kubectl's text for an error that ends the edit, or None."""
        uid = (edited.get("metadata") or {}).get("uid") if isinstance(edited, dict) else None
        original = next((o for o in self.originals if o["metadata"].get("uid") == uid), None)
        if original is None:
            return f"{self.preserved()}error: no original object found for {json.dumps(edited)[:200]}\n"
        rt = ctx.store.types.by_kind(original["kind"], original.get("apiVersion"))
        if edited == original:
            result.out(f"{rt.qualified}/{original['metadata']['name']} skipped\n")
            return None
        patch = two_way_merge_patch(original, edited)
        if any(key in patch for key in ("apiVersion", "kind")) or "name" in (patch.get("metadata") or {}):
            return f"{self.preserved()}error: At least one of apiVersion, kind and name was changed\n"
        name, namespace = original["metadata"]["name"], original["metadata"].get("namespace")
        resource = rt.group_resource
        try:
            live = ctx.store.get(rt, namespace, name)
            store_patched(ctx, rt, live, apply_patch(live.to_dict(), patch, "merge"))
        except StatusError as error:
            if error.reason == "Invalid":
                result.err(f'error: {resource} "{name}" is invalid\n')
                reasons.append((f'{resource} "{name}" was not valid', [cause.render() for cause in error.causes]))
                return None
            if error.reason == "NotFound":
                result.err(f'error: {resource} "{name}" could not be found on the server\n')
                return f'The edits you made on deleted resources have been saved to "{self.request.path}"\n'
            result.err(f'error: {resource} "{name}" could not be patched: {status_error_text(error)}\n')
            return f"You can run `kubectl replace -f {self.request.path}` to try this update again.\n"
        result.out(f"{rt.qualified}/{name} edited\n")
        return None

    def reopen(self, ctx: ExecContext, result: ToolResult, edited: str, reasons: list) -> ToolResult:
        """kubectl loops: the same file, its comments replaced by a header naming what went wrong."""
        header = HEADER + "".join(_reason_text(head, other) for head, other in reasons)
        ctx.shell.edit = PendingEdit(ctx, EditRequest(self.request.path, header + manual_strip(edited)), self.originals,
                                     self.namespace, contains_error=True, reasons=reasons)
        return result

    def preserved(self) -> str:
        return f'A copy of your changes has been stored to "{self.request.path}"\n'


def _items(document) -> list:
    if isinstance(document, dict) and document.get("kind") == "List" and isinstance(document.get("items"), list):
        return document["items"]
    return [document]


def _reason_text(head: str, other: list[str]) -> str:
    lines = f"# {hash_on_line_break(head)}{':' if other else ''}\n"
    lines += "".join(f"# * {hash_on_line_break(o)}\n" for o in other)
    return lines + "#\n"


def hash_on_line_break(text: str) -> str:
    """editoptions.go's hashOnLineBreak: a line break inside a reason stays a comment."""
    out = []
    for index, char in enumerate(text):
        following = text[index + 1] if index + 1 < len(text) else ""
        out.append("\n# " if char == "\n" and following and following != "#" else char)
    return "".join(out)


def result_failure(result: ToolResult, text: str) -> ToolResult:
    result.err(text)
    result.exit_code = 1
    return result


def strip_comments(text: str) -> str:
    """cmdutil.StripComments: the YAML as JSON (so comments and layout vanish), else ManualStrip."""
    try:
        return json.dumps(yaml.safe_load(text), sort_keys=True)
    except yaml.YAMLError:
        return manual_strip(text)


def manual_strip(text: str) -> str:
    """cmdutil.ManualStrip: drop comment lines (but not `#!`), keep the rest as written."""
    return "\n".join(line for line in text.split("\n")
                     if not (line.strip().startswith("#") and not line.strip().startswith("#!")))


def yaml_error(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or "invalid YAML"
    where = f"line {mark.line + 1}: " if mark is not None else ""
    return f"error converting YAML to JSON: yaml: {where}{problem}"


def two_way_merge_patch(original, edited):
    """What changed from `original` to `edited` as a merge patch: removed keys are null, lists whole."""
    if not isinstance(original, dict) or not isinstance(edited, dict):
        return edited
    patch = {key: None for key in original if key not in edited}
    for key, value in edited.items():
        if key not in original:
            patch[key] = value
        elif original[key] != value:
            patch[key] = two_way_merge_patch(original[key], value)
    return patch
