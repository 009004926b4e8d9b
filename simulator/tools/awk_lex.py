"""awk's tokens: mawk's lexical rules (a `/` after an operand divides, elsewhere it opens a
regular expression; a name right before `(` is a function call; backslash-newline joins lines;
`#` comments), with the line each token is on for the error texts."""

from __future__ import annotations

import re

KEYWORDS = {"BEGIN", "END", "if", "else", "while", "for", "do", "break", "continue", "next", "nextfile", "exit",
            "delete", "print", "printf", "getline", "function", "func", "return", "in"}
BUILTINS = {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "toupper", "tolower", "int",
            "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "system", "close", "fflush"}
OPERATORS = ("+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", "++", "--", "&&", "||", "!~", ">>", "**",
             "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "|", "?", ":",
             "~", "$", "=")
NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# after these a `/` divides; after anything else it opens a regular expression
OPERAND_END = {"number", "string", "name", "funcname", "builtin", ")", "]", "$", "++", "--", "ere"}
CONCATENATED = {"number", "string", "ere", "name", "funcname", "builtin", "$", "(", "++", "--"}
STRING_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a", "b": "\b",
                  "f": "\f", "v": "\v"}


class AwkSyntaxError(Exception):
    """mawk's text after `awk: `: `line 1: syntax error at or near }`; `line` is where busybox,
    which numbers the end of the program as its last line, puts it."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


class Lexer:
    def __init__(self, source: str) -> None:
        self.source, self.pos, self.line = source, 0, 1
        self.tokens: list[tuple[str, str, int]] = []

    def fail(self, text: str) -> AwkSyntaxError:
        return AwkSyntaxError(f"line {self.line}: {text}", self.line)

    def run(self) -> list[tuple[str, str, int]]:
        while self.pos < len(self.source):
            self.step()
        self.tokens.append(("eof", "end of file", self.line))
        return self.tokens

    def add(self, kind: str, text: str) -> None:
        self.tokens.append((kind, text, self.line))

    def previous_kind(self) -> str:
        return self.tokens[-1][0] if self.tokens else ""

    def step(self) -> None:
        source, char = self.source, self.source[self.pos]
        if char == "\\" and source.startswith("\n", self.pos + 1):
            self.pos += 2
            self.line += 1
        elif char in " \t\r":
            self.pos += 1
        elif char == "\n":
            self.add("newline", "end of line")
            self.pos += 1
            self.line += 1
        elif char == "#":
            end = source.find("\n", self.pos)
            self.pos = len(source) if end < 0 else end
        elif char == '"':
            self.add("string", self.string())
        elif char == "/" and self.previous_kind() not in OPERAND_END:
            self.add("ere", self.regex())
        elif char.isdigit() or (char == "." and source[self.pos + 1:self.pos + 2].isdigit()):
            match = NUMBER.match(source, self.pos)
            self.add("number", match.group())
            self.pos = match.end()
        elif NAME.match(source, self.pos):
            self.word(NAME.match(source, self.pos).group())
        else:
            operator = next((op for op in OPERATORS if source.startswith(op, self.pos)), None)
            if operator is None:
                raise self.fail(f"syntax error at or near {char}")
            self.add(operator, operator)
            self.pos += len(operator)

    def word(self, word: str) -> None:
        self.pos += len(word)
        if word in KEYWORDS:
            self.add(word, word)
        elif word in BUILTINS:
            self.add("builtin", word)
        elif self.source.startswith("(", self.pos):
            self.add("funcname", word)
        else:
            self.add("name", word)

    def string(self) -> str:
        out, pos = [], self.pos + 1
        while pos < len(self.source) and self.source[pos] != '"':
            char = self.source[pos]
            if char == "\n":
                raise self.fail("runaway string constant \"" + "".join(out)[:10] + " ...")
            if char == "\\" and pos + 1 < len(self.source):
                pos += 1
                following = self.source[pos]
                char = STRING_ESCAPES.get(following, "\\" + following) if following != "\n" else ""
            out.append(char)
            pos += 1
        if pos >= len(self.source):
            raise self.fail("runaway string constant \"" + "".join(out)[:10] + " ...")
        self.pos = pos + 1
        return "".join(out)

    def regex(self) -> str:
        out, pos, in_bracket = [], self.pos + 1, False
        while pos < len(self.source):
            char = self.source[pos]
            if char == "\n":
                break
            if char == "/" and not in_bracket:
                self.pos = pos + 1
                return "".join(out)
            if char == "\\" and pos + 1 < len(self.source):
                following = self.source[pos + 1]
                out.append("/" if following == "/" else char + following)
                pos += 2
                continue
            in_bracket = (in_bracket and char != "]") or char == "["
            out.append(char)
            pos += 1
        raise self.fail("runaway regular expression /" + "".join(out)[:10] + " ...")
