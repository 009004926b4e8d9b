"""bash's grammar for the forms a course types: lists, pipelines, `if`, `for`, `while`,
`until`, `case`, functions, `{ ...; }`, `( ... )`, `[[ ... ]]`, `! pipeline` and `&`.

The parser builds a tree of raw words (quotes and `$...` still in them); the interpreter
(`simulator.shell.interpreter`) expands each word when its command runs, so a loop's
`$i` is read anew on every turn. Word expansion itself is `simulator.shell.parser.tokenize`.

Reserved words count only where a command starts, as in bash (`echo done` prints done).
Syntax errors carry bash's interactive text (`bash: syntax error near unexpected token
`fi''); `dialect_text` words them as dash or busybox's ash do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.shell.lexer import Token, lex
from simulator.shell.parser import ParseError

RESERVED = frozenset({"if", "then", "elif", "else", "fi", "for", "in", "do", "done", "while", "until",
                      "case", "esac", "function", "{", "}", "!", "[[", "]]"})
MAX_DEPTH = 100  # nesting a typed line may reach; deeper is refused rather than recursing on


class ShellSyntaxError(ParseError):
    """A syntax error; `token` is the unexpected token, or "" for the end of the input."""

    def __init__(self, token: str, expecting: str = "") -> None:
        self.token, self.expecting = token, expecting
        if token:
            shown = "newline" if token == "\n" else token
            text = f"bash: syntax error near unexpected token `{shown}'"
        else:
            text = "bash: syntax error: unexpected end of file"
        super().__init__(text)

    def dialect_text(self, dialect: str) -> str:
        """The error as each shell words it: bash, dash (`sh: 1: ...`), busybox ash (`sh: ...`)."""
        shown = "newline" if self.token == "\n" else self.token
        if dialect == "dash":
            if not self.token:
                expecting = f' (expecting "{self.expecting}")' if self.expecting else ""
                return f"sh: 1: Syntax error: end of file unexpected{expecting}"
            return f'sh: 1: Syntax error: "{shown}" unexpected'
        if dialect == "ash":
            if not self.token:
                return "sh: syntax error: unexpected end of file"
            return f'sh: syntax error: unexpected "{shown}"'
        return str(self)


# the tree -------------------------------------------------------------------
@dataclass
class Simple:
    words: list[str]  # raw words, expanded when the command runs
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (operator, raw target word), in order


@dataclass
class Redirected:
    """A compound command with redirections after it (`done > out`, `{ ...; } 2>&1`)."""
    command: object
    redirects: list[tuple[str, str]]


@dataclass
class Pipeline:
    commands: list  # Simple or a compound command
    negate: bool = False


@dataclass
class AndOr:
    parts: list[tuple[str, Pipeline]]  # (connector, pipeline); the first connector is ";"


@dataclass
class Item:
    command: AndOr
    background: bool = False
    text: str = ""  # the source text, as `jobs` shows it


@dataclass
class Sequence:
    items: list[Item] = field(default_factory=list)


@dataclass
class If:
    clauses: list[tuple[Sequence, Sequence]]  # (condition, body) for `if` and each `elif`
    otherwise: Sequence | None = None


@dataclass
class Loop:
    condition: Sequence
    body: Sequence
    until: bool = False


@dataclass
class For:
    name: str
    words: list[str] | None  # None: `for x; do` walks the positional parameters
    body: Sequence


@dataclass
class Case:
    word: str
    arms: list[tuple[list[str], Sequence]]


@dataclass
class Function:
    name: str
    body: object


@dataclass
class Group:
    body: Sequence
    subshell: bool = False  # `( ... )`: variables set inside stay inside


@dataclass
class Conditional:
    words: list[str]  # raw words between `[[` and `]]`


# the parser -----------------------------------------------------------------
class Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = lex(text)
        self.pos = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "eof":
            self.pos += 1
        return token

    def fail(self, expecting: str = ""):
        token = self.token
        raise ShellSyntaxError(token.text if token.kind != "eof" else "", expecting)

    def is_reserved(self, *words: str) -> bool:
        return self.token.kind == "word" and self.token.text in words

    def is_op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.text in ops

    def expect_word(self, word: str) -> None:
        if not self.is_reserved(word):
            self.fail(word)
        self.advance()

    def skip_newlines(self) -> None:
        while self.is_op("\n"):
            self.advance()

    # lists -------------------------------------------------------------------
    def parse(self) -> Sequence:
        sequence = self.sequence(top=True)
        if self.token.kind != "eof":
            self.fail()
        return sequence

    def sequence(self, ends: tuple[str, ...] = (), top: bool = False) -> Sequence:
        """Commands up to one of the reserved words `ends` (or `)`, `;;`, the end)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError("bash: nesting too deep (the simulator's limit)")
        sequence = Sequence()
        while True:
            self.skip_newlines()
            if self.token.kind == "eof" or self.is_op(")", ";;") or self.is_reserved(*ends):
                break
            if self.token.kind == "op" and self.token.text != "(":
                self.fail()
            start = self.token.start
            command = self.and_or()
            text = self.text[start:self.tokens[self.pos - 1].end].strip()
            background = self.is_op("&")
            sequence.items.append(Item(command, background, text))
            if self.is_op(";", "&", "\n"):
                self.advance()
                continue
            break
        self.depth -= 1
        if not sequence.items and not top:
            self.fail(ends[-1] if ends else "")
        return sequence

    def and_or(self) -> AndOr:
        parts = [(";", self.pipeline())]
        while self.is_op("&&", "||"):
            connector = self.advance().text
            self.skip_newlines()
            if self.token.kind == "eof":
                self.fail()
            parts.append((connector, self.pipeline()))
        return AndOr(parts)

    def pipeline(self) -> Pipeline:
        negate = False
        if self.is_reserved("!"):
            self.advance()
            negate = True
        commands = [self.command()]
        while self.is_op("|"):
            self.advance()
            self.skip_newlines()
            if self.token.kind == "eof":
                self.fail()
            commands.append(self.command())
        return Pipeline(commands, negate)

    # commands ----------------------------------------------------------------
    def command(self):
        token = self.token
        if token.kind == "op":
            if token.text == "(":
                self.advance()
                body = self.sequence(())
                if not self.is_op(")"):
                    self.fail(")")
                self.advance()
                redirects = self.redirections()
                group = Group(body, subshell=True)
                return Redirected(group, redirects) if redirects else group
            self.fail()
        if token.kind == "eof":
            self.fail()
        word = token.text if token.kind == "word" else ""
        compound = {"if": self.if_clause, "while": self.loop, "until": self.loop, "for": self.for_clause,
                    "case": self.case_clause, "{": self.brace_group, "[[": self.conditional,
                    "function": self.function_keyword}.get(word)
        if compound:
            node = compound()
            redirects = self.redirections()
            return Redirected(node, redirects) if redirects else node
        if word in ("then", "elif", "else", "fi", "do", "done", "esac", "}", "in", "]]"):
            if word != "in" and word != "]]":
                self.fail()
        if self.tokens[self.pos + 1].kind == "op" and self.tokens[self.pos + 1].text == "(":
            return self.function_definition()
        words, redirects = [], []
        while self.token.kind in ("word", "redir"):
            if self.token.kind == "redir":
                redirects.extend(self.redirections())
            else:
                words.append(self.advance().text)
        return Simple(words, redirects)

    def redirections(self) -> list[tuple[str, str]]:
        found = []
        while self.token.kind == "redir":
            operator = self.advance().text
            if self.token.kind != "word":
                self.fail()
            found.append((operator, self.advance().text))
        return found

    def if_clause(self) -> If:
        self.advance()
        clauses, otherwise = [], None
        condition = self.sequence(("then",))
        self.expect_word("then")
        clauses.append((condition, self.sequence(("elif", "else", "fi"))))
        while self.is_reserved("elif"):
            self.advance()
            condition = self.sequence(("then",))
            self.expect_word("then")
            clauses.append((condition, self.sequence(("elif", "else", "fi"))))
        if self.is_reserved("else"):
            self.advance()
            otherwise = self.sequence(("fi",))
        self.expect_word("fi")
        return If(clauses, otherwise)

    def loop(self) -> Loop:
        until = self.advance().text == "until"
        condition = self.sequence(("do",))
        body = self.do_group()
        return Loop(condition, body, until)

    def do_group(self) -> Sequence:
        self.skip_newlines()
        self.expect_word("do")
        body = self.sequence(("done",))
        self.expect_word("done")
        return body

    def for_clause(self) -> For:
        self.advance()
        if self.token.kind != "word":
            self.fail()
        name = self.advance().text
        words = None
        self.skip_newlines()
        if self.is_reserved("in"):
            self.advance()
            words = []
            while self.token.kind == "word":
                words.append(self.advance().text)
            if not self.is_op(";", "\n"):
                self.fail()
            self.advance()
        elif self.is_op(";"):
            self.advance()
        return For(name, words, self.do_group())

    def case_clause(self) -> Case:
        self.advance()
        if self.token.kind != "word":
            self.fail()
        word = self.advance().text
        self.skip_newlines()
        self.expect_word("in")
        arms = []
        while True:
            self.skip_newlines()
            if self.is_reserved("esac"):
                self.advance()
                return Case(word, arms)
            if self.is_op("("):
                self.advance()
            patterns = []
            while True:
                if self.token.kind != "word":
                    self.fail()
                patterns.append(self.advance().text)
                if self.is_op("|"):
                    self.advance()
                    continue
                if not self.is_op(")"):
                    self.fail()
                self.advance()
                break
            self.skip_newlines()
            body = Sequence() if self.is_op(";;") or self.is_reserved("esac") else self.sequence(("esac",))
            arms.append((patterns, body))
            if self.is_op(";;"):
                self.advance()
            elif not self.is_reserved("esac"):
                self.fail("esac")

    def brace_group(self) -> Group:
        self.advance()
        body = self.sequence(("}",))
        self.expect_word("}")
        return Group(body)

    def conditional(self) -> Conditional:
        self.advance()
        words = []
        while not self.is_reserved("]]"):
            if self.token.kind == "eof" or self.is_op("\n", ";"):
                self.fail()
            words.append(self.advance().text)
        self.advance()
        if not words:
            raise ShellSyntaxError("]]")
        return Conditional(words)

    def function_definition(self) -> Function:
        name = self.advance().text
        self.advance()
        if not self.is_op(")"):
            self.fail()
        self.advance()
        self.skip_newlines()
        return Function(name, self.command())

    def function_keyword(self) -> Function:
        self.advance()
        if self.token.kind != "word":
            self.fail()
        name = self.advance().text
        if self.is_op("("):
            self.advance()
            if not self.is_op(")"):
                self.fail()
            self.advance()
        self.skip_newlines()
        return Function(name, self.command())


def parse_script(text: str) -> Sequence:
    """The tree of a command line or an `sh -c` script; raises ShellSyntaxError or ParseError."""
    return Parser(text).parse()
