"""base64 (GNU coreutils 8.30-8.32): encode stdin or a file, wrapped at 76 columns; `-d` decodes.

    kubectl get secret x -o jsonpath='{.data.token}' | base64 --decode   -> the token, no newline

Decoding ignores newlines, stops with `base64: invalid input` (exit 1) at the first character
outside the alphabet unless `-i` is given, and writes what it decoded before that, as
`src/basenc.c` does. Bytes that are not UTF-8 are shown as U+FFFD (the shell's streams are text).
"""

from __future__ import annotations

import base64
import binascii
import re

from simulator.programs.context import ExecContext, ToolResult
from simulator.programs.registry import program
from simulator.shell.mounts import read_anywhere as read_file  # volumes and node disks too

TRY = "Try 'base64 --help' for more information.\n"
ALPHABET = re.compile(r"[A-Za-z0-9+/=]")


@program("base64")
def run(ctx: ExecContext, argv: list[str]) -> ToolResult:
    decode, ignore_garbage, wrap, names = False, False, 76, []
    args = iter(argv[1:])
    for arg in args:
        if arg in ("-d", "--decode"):
            decode = True
        elif arg in ("-i", "--ignore-garbage"):
            ignore_garbage = True
        elif arg in ("-w", "--wrap") or arg.startswith("--wrap=") or (arg.startswith("-w") and len(arg) > 2):
            value = arg.split("=", 1)[1] if "=" in arg else arg[2:] if arg.startswith("-w") and len(arg) > 2 else next(args, None)
            if value is None:
                return ToolResult(exit_code=1).err(f"base64: option requires an argument -- 'w'\n{TRY}")
            if not value.isdigit():
                return ToolResult(exit_code=1).err(f"base64: invalid wrap size: '{value}'\n")
            wrap = int(value)
        elif arg.startswith("-") and arg != "-":
            return ToolResult(exit_code=1).err(f"base64: invalid option -- '{arg.lstrip('-')[:1]}'\n{TRY}")
        else:
            names.append(arg)
    if len(names) > 1:
        return ToolResult(exit_code=1).err(f"base64: extra operand '{names[1]}'\n{TRY}")
    text = ctx.stdin
    if names and names[0] != "-":
        text = read_file(ctx, names[0])
        if text is None:
            return ToolResult(exit_code=1).err(f"base64: {names[0]}: No such file or directory\n")
    return _decode(text, ignore_garbage) if decode else _encode(text, wrap)


def _encode(text: str, wrap: int) -> ToolResult:
    encoded = base64.b64encode(text.encode()).decode()
    if wrap and encoded:
        encoded = "\n".join(encoded[i:i + wrap] for i in range(0, len(encoded), wrap))
    return ToolResult().out(encoded + "\n" if encoded else "")


def _decode(text: str, ignore_garbage: bool) -> ToolResult:
    cleaned = text.replace("\n", "")
    if ignore_garbage:
        cleaned = "".join(ALPHABET.findall(cleaned))
    bad = next((i for i, ch in enumerate(cleaned) if not ALPHABET.match(ch)), None)
    valid = cleaned if bad is None else cleaned[:bad]
    whole = valid[: len(valid) - len(valid) % 4]
    try:
        data = base64.b64decode(whole)
    except binascii.Error:
        return ToolResult(exit_code=1).err("base64: invalid input\n")
    result = ToolResult().out(data.decode("utf-8", errors="replace"))
    if bad is not None or len(valid) % 4:
        tail = valid[len(whole):]
        if tail and bad is None:
            try:
                result.out(base64.b64decode(tail + "=" * (-len(tail) % 4)).decode("utf-8", errors="replace"))
            except binascii.Error:
                pass
        result.exit_code = 1
        result.err("base64: invalid input\n")
    return result
