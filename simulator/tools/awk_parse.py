"""An awk program read into a tree: the POSIX grammar (awk's `Grammar` section) that a course's
one-liners use, with mawk's error texts (`line 1: syntax error at or near }`, `missing } near
end of file`). The tree is tuples, run by `awk_run`.

Read: BEGIN/END, `pattern`, `pattern { action }`, ranges `p1, p2`, regex literals, every
operator with awk's precedence (assignment, `?:`, `||`, `&&`, `in`, `~ !~`, comparisons,
concatenation, `+ -`, `* / %`, unary, `^`, `++ --`, `$`), `print`/`printf` with or without
parentheses, `if`/`else`, `while`, `do`, `for (;;)`, `for (k in a)`, `break`, `continue`,
`next`, `exit`, `delete`, user functions, and `print > "file"` / `>> "file"`. Not run, and
said so: `getline`, output to a command (`print | "cmd"`).
"""

from __future__ import annotations

from simulator.tools.awk_expressions import ExpressionParser
from simulator.tools.awk_lex import AwkSyntaxError, Lexer

class Parser(ExpressionParser):
    """Recursive descent over the tokens; each method returns a node tuple."""

    def __init__(self, source: str) -> None:
        self.tokens = Lexer(source).run()
        self.ends_with_newline = source.endswith("\n")
        self.index = 0
        self.functions: dict[str, tuple] = {}
        self.in_print = 0  # inside print's arguments a `>` would be a redirection

    # tokens -------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.tokens[self.index][0]

    def advance(self) -> tuple[str, str, int]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def fail(self, token: tuple[str, str, int] | None = None) -> AwkSyntaxError:
        kind, text, at = token or self.tokens[self.index]
        line = at + (kind == "eof" and not self.ends_with_newline)  # mawk reads a last newline after the program
        if kind == "eof" and self.open("{", "}"):
            return AwkSyntaxError(f"line {line}: missing }} near end of file", at)
        if kind in ("}", "eof", "newline") and self.open("(", ")"):
            return AwkSyntaxError(f"line {line}: missing ) near {text}", at)
        shown = text if kind != "string" else f'"{text}"'
        return AwkSyntaxError(f"line {line}: syntax error at or near {shown}", at)

    def open(self, opening: str, closing: str) -> bool:
        """Whether the tokens read so far leave an `opening` unclosed."""
        depth = 0
        for kind, _, _ in self.tokens[:self.index]:
            depth += 1 if kind == opening else -1 if kind == closing else 0
        return depth > 0

    def expect(self, kind: str) -> tuple[str, str, int]:
        if self.kind != kind:
            if kind == ")" and self.kind in ("}", "eof", "newline", ";"):
                _, text, line = self.tokens[self.index]
                raise AwkSyntaxError(f"line {line}: missing ) near {text}", line)
            raise self.fail()
        return self.advance()

    def accept(self, *kinds: str) -> bool:
        if self.kind in kinds:
            self.index += 1
            return True
        return False

    def newlines(self) -> None:
        while self.kind == "newline":
            self.index += 1

    def terminators(self) -> None:
        while self.kind in ("newline", ";"):
            self.index += 1

    # program ------------------------------------------------------------------------------
    def program(self) -> tuple[list, list, list, dict]:
        begin, main, end = [], [], []
        self.terminators()
        while self.kind != "eof":
            if self.kind == "}":  # mawk names the stray brace, then fails on what follows it
                line = self.advance()[2]
                following = "end of line" if self.kind in ("eof", "newline") else self.tokens[self.index][1]
                raise AwkSyntaxError(f"line {line}: extra '}}'\nawk: line {line}: syntax error at or near {following}",
                                     line)
            if self.accept("BEGIN"):
                begin.append(self.block())
            elif self.accept("END"):
                end.append(self.block())
            elif self.kind in ("function", "func"):
                self.function()
            else:
                main.append(self.rule())
            self.terminators()
        return begin, main, end, self.functions

    def rule(self) -> tuple:
        if self.kind == "{":
            return (None, self.block())
        pattern = self.expression()
        if self.accept(","):
            self.newlines()
            pattern = ("range", pattern, self.expression(), [False])
        action = self.block() if self.kind == "{" else None
        if action is None and self.kind not in ("newline", ";", "eof"):
            raise self.fail()
        return (pattern, action)

    def function(self) -> None:
        self.advance()
        if self.kind not in ("funcname", "name"):
            raise self.fail()
        name = self.advance()[1]
        self.expect("(")
        params = []
        while self.kind == "name":
            params.append(self.advance()[1])
            if not self.accept(","):
                break
            self.newlines()
        self.expect(")")
        self.newlines()
        self.functions[name] = (params, self.block())

    def block(self) -> tuple:
        self.expect("{")
        statements = []
        self.terminators()
        while self.kind != "}":
            if self.kind == "eof":
                raise self.fail()
            statements.append(self.statement())
            self.terminators()
        self.advance()
        return ("block", statements)

    # statements ---------------------------------------------------------------------------
    def simple_end(self) -> None:
        if self.kind in ("newline", ";"):
            self.advance()
        elif self.kind not in ("}", "eof"):
            raise self.fail()

    def statement(self) -> tuple:
        kind = self.kind
        if kind == "{":
            return self.block()
        if kind == "if":
            self.advance()
            self.expect("(")
            condition = self.expression()
            self.expect(")")
            self.newlines()
            then = self.statement()
            mark = self.index
            self.terminators()
            if self.accept("else"):
                self.newlines()
                return ("if", condition, then, self.statement())
            self.index = mark
            return ("if", condition, then, None)
        if kind in ("while", "do", "for"):
            return self.loop()
        if kind in ("break", "continue", "next", "nextfile"):
            self.advance()
            self.simple_end()
            return (kind,)
        if kind in ("exit", "return"):
            self.advance()
            value = None if self.kind in ("newline", ";", "}", "eof") else self.expression()
            self.simple_end()
            return (kind, value)
        if kind == "delete":
            self.advance()
            name = self.expect("name")[1]
            subscript = self.subscript() if self.kind == "[" else None
            self.simple_end()
            return ("delete", name, subscript)
        if kind in ("print", "printf"):
            return self.print_statement()
        if kind == ";":
            self.advance()
            return ("block", [])
        node = ("expr", self.expression())
        self.simple_end()
        return node

    def loop(self) -> tuple:
        kind = self.advance()[0]
        if kind == "while":
            self.expect("(")
            condition = self.expression()
            self.expect(")")
            if self.kind == ";":
                self.advance()
                return ("while", condition, ("block", []))
            self.newlines()
            return ("while", condition, self.statement())
        if kind == "do":
            self.newlines()
            body = self.statement()
            self.terminators()
            self.expect("while")
            self.expect("(")
            condition = self.expression()
            self.expect(")")
            self.simple_end()
            return ("do", body, condition)
        self.expect("(")
        if self.kind == "name" and self.tokens[self.index + 1][0] == "in" and self.tokens[self.index + 3][0] == ")":
            variable = self.advance()[1]
            self.advance()
            array = self.expect("name")[1]
            self.expect(")")
            self.newlines()
            return ("forin", variable, array, self.statement())
        init = None if self.kind == ";" else self.expression()
        self.expect(";")
        self.newlines()
        condition = None if self.kind == ";" else self.expression()
        self.expect(";")
        self.newlines()
        step = None if self.kind == ")" else self.expression()
        self.expect(")")
        if self.kind == ";":
            self.advance()
            return ("for", init, condition, step, ("block", []))
        self.newlines()
        return ("for", init, condition, step, self.statement())

    def print_statement(self) -> tuple:
        kind = self.advance()[0]
        self.in_print += 1
        try:
            arguments = []
            if self.kind not in ("newline", ";", "}", "eof", ">", ">>", "|"):
                arguments = self.expression_list()
        finally:
            self.in_print -= 1
        redirect = None
        if self.kind == "|":
            _, text, line = self.tokens[self.index]
            raise AwkSyntaxError(f"line {line}: the simulator's awk does not pipe {kind}'s output (|)", line)
        if self.kind in (">", ">>"):
            operator = self.advance()[0]
            self.in_print += 1  # the file name is a concatenation: `> $1 ".txt"`
            try:
                redirect = (operator, self.concatenation())
            finally:
                self.in_print -= 1
        self.simple_end()
        if len(arguments) == 1 and arguments[0][0] == "group":
            arguments = arguments[0][1]
        if kind == "printf" and not arguments:
            raise self.fail()
        return (kind, arguments, redirect)

    def expression_list(self) -> list[tuple]:
        items = [self.expression()]
        while self.accept(","):
            self.newlines()
            items.append(self.expression())
        return items

    def subscript(self) -> tuple:
        self.expect("[")
        keys = self.expression_list()
        self.expect("]")
        return keys[0] if len(keys) == 1 else ("subsep", keys)


def parse(source: str) -> tuple[list, list, list, dict]:
    """BEGIN actions, rules (pattern, action), END actions, functions; AwkSyntaxError with mawk's text."""
    return Parser(source).program()
