"""Word expansion as the interpreter does it when a command runs: parameters (`$x`, `$?`,
`$1`, `$#`, `$@`, `$!`, `$$`), `~`, `$((...))` and `$(...)`, charged as they grow.

`Expansion` is a part of `simulator.shell.interpreter.Interpreter`; it reads the
interpreter's variables, positional parameters and status.
"""

from __future__ import annotations

from simulator.programs.context import ToolResult
from simulator.shell.arithmetic import ArithmeticError_, evaluate
from simulator.shell import globbing
from simulator.shell.machine_files import read_file
from simulator.shell.path_listing import ShellListing
from simulator.shell.parser import expand_text, tokenize
from simulator.shell.runtime import MAX_EXPANSION, ExpansionTooLarge, LineStopped


class Expansion:
    def expand_words(self, words: list[str]) -> list[str]:
        return [field for word in words for field in self.expand_word(word)]

    def expand_word(self, word: str, split: bool = True) -> list[str]:
        """A word's fields; split ones (a command's words, `for`'s list) go through pathname expansion."""
        tokens = tokenize(word, self.expand, split=split, glob=split)
        if not split:
            return [t[1:] if t.startswith("\0") else t for t in tokens]
        return [field for t in tokens for field in ([t[1:]] if t.startswith("\0") else self.pathnames(t))]

    def pathnames(self, pattern: str) -> list[str]:
        """The names an unquoted `*`, `?` or `[...]` matches, sorted; the word as typed when none does."""
        if not any(c in pattern for c in "*?[") or not globbing.is_pattern(pattern):
            return [globbing.unescape(pattern)] if "\\" in pattern else [pattern]
        session = self.session
        context = session.cluster.exec_context(session.frame.vantage, shell=session)
        try:
            found = globbing.expand(pattern, ShellListing(context))
        except globbing.GlobTooLarge as error:
            raise ExpansionTooLarge(f"{self.dialect_name()}: {error}") from None
        self.expanded += sum(len(name) + 1 for name in found)
        if self.expanded > MAX_EXPANSION:
            raise ExpansionTooLarge(f"{self.dialect_name()}: {globbing.unescape(pattern)}: expansion too large: over "
                                    f"{MAX_EXPANSION // 1048576} MiB in one command (the simulator's limit)")
        return found or [globbing.unescape(pattern)]

    def expand(self, kind: str, text: str) -> str:
        session = self.session
        if session.guard is not None:
            session.guard()
        if kind == "var":
            value = self.parameter(text)
        elif kind == "tilde":
            value = session.home()
        elif kind == "arith":
            value = str(self.arithmetic(expand_text(text, self.expand)))
        else:
            value = self.substitute(text)
        self.expanded += len(value)
        if self.expanded > MAX_EXPANSION:
            shown = f"${text}" if kind == "var" else "$(...)"
            raise ExpansionTooLarge(f"bash: {shown}: expansion too large: over {MAX_EXPANSION // 1048576} MiB "
                                    "in one command (the simulator's limit)")
        return value

    def parameter(self, name: str) -> str:
        if name == "?":
            return str(self.status)
        if name == "#":
            return str(len(self.positional))
        if name in ("@", "*"):
            return " ".join(self.positional)
        if name == "$":
            return str(self.session.shell_pid)
        if name == "!":
            return str(self.session.last_background_pid or "")
        if name == "0":
            return self.arg0
        if name.isdigit():
            index = int(name)
            return self.positional[index - 1] if index <= len(self.positional) else ""
        if name == "HOME":
            return self.env.get("HOME", self.session.home())
        return self.env.get(name, "")

    def substitute(self, text: str) -> str:
        """`$(command)`: a subshell whose stdout is the value, trailing newlines cut."""
        session = self.session
        captured = ToolResult()
        inner = self.child(sink=captured, script=False)
        inner.parent = None  # its output is the value; its stderr goes to the terminal below
        session._substitutions += 1
        try:
            status = session.drive_nested(inner, text)
        finally:
            session._substitutions -= 1
        self.emit(ToolResult(chunks=[c for c in captured.chunks if c[0] == "stderr"], stderr=captured.stderr))
        self.status = status
        return captured.stdout.rstrip("\n")

    def arithmetic(self, text: str) -> int:
        try:
            return evaluate(text, self.parameter, lambda name, value: self.set_variables({name: value}))
        except ArithmeticError_ as error:
            raise LineStopped(f"{self.dialect_name()}: {error}\n", 1) from None
        except RecursionError:
            raise LineStopped(f"{self.dialect_name()}: {text}: expression nested too deeply\n", 1) from None

    def file_kind(self, path: str) -> str | None:
        session = self.session
        frame = session.frame
        context = session.cluster.exec_context(frame.vantage, shell=session)
        if frame.kind == "workstation":
            if context.files.is_dir(path):
                return "dir"
            return "file" if context.files.exists(path) else None
        if path in ("/", "/tmp", "/etc", "/root", "/var", "/home", "."):
            return "dir"
        if read_file(context, path) is not None:
            return "file"
        from simulator.shell.mounts import file_kind

        return file_kind(context, path)  # what lives in the node's or the container's filesystems
