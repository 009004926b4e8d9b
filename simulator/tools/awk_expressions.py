"""awk's expressions, lowest precedence first as POSIX's table lists them: assignment, `?:`,
`||`, `&&`, `in`, `~ !~`, comparisons (no `>` inside print's arguments, where it would be a
redirection), concatenation, `+ -`, `* / %`, unary `! - +`, `^` (right to left), `++ --`,
`$`, grouping; a mixin of `awk_parse.Parser`, which holds the tokens."""

from __future__ import annotations

from simulator.tools.awk_lex import CONCATENATED, AwkSyntaxError


class ExpressionParser:
    # expressions --------------------------------------------------------------------------
    def expression(self) -> tuple:
        return self.ternary()

    def ternary(self) -> tuple:
        condition = self.logical_or()
        if self.accept("?"):
            self.newlines()
            then = self.ternary()
            self.newlines()
            self.expect(":")
            self.newlines()
            return ("cond", condition, then, self.ternary())
        if self.kind in ("=", "+=", "-=", "*=", "/=", "%=", "^=") and condition[0] in ("var", "index", "field"):
            operator = self.advance()[0]
            self.newlines()
            return ("assign", operator, condition, self.ternary())
        return condition

    def logical_or(self) -> tuple:
        left = self.logical_and()
        while self.accept("||"):
            self.newlines()
            left = ("or", left, self.logical_and())
        return left

    def logical_and(self) -> tuple:
        left = self.membership()
        while self.accept("&&"):
            self.newlines()
            left = ("and", left, self.membership())
        return left

    def membership(self) -> tuple:
        left = self.matching()
        while self.kind == "in":
            self.advance()
            left = ("in", left, self.expect("name")[1])
        return left

    def matching(self) -> tuple:
        left = self.comparison()
        while self.kind in ("~", "!~"):
            operator = self.advance()[0]
            left = ("match", operator == "!~", left, self.comparison())
        return left

    def comparison(self) -> tuple:
        left = self.concatenation()
        comparisons = ("<", "<=", "!=", "==", ">=") if self.in_print else ("<", "<=", "!=", "==", ">", ">=")
        if self.kind in comparisons:
            operator = self.advance()[0]
            return ("compare", operator, left, self.concatenation())
        return left

    def concatenation(self) -> tuple:
        left = self.additive()
        while self.kind in CONCATENATED:  # `a -1` subtracts: a sign never starts a concatenated operand
            left = ("concat", left, self.additive())
        return left

    def additive(self) -> tuple:
        left = self.multiplicative()
        while self.kind in ("+", "-"):
            operator = self.advance()[0]
            left = ("binary", operator, left, self.multiplicative())
        return left

    def multiplicative(self) -> tuple:
        left = self.unary()
        while self.kind in ("*", "/", "%"):
            operator = self.advance()[0]
            left = ("binary", operator, left, self.unary())
        return left

    def unary(self) -> tuple:
        if self.kind in ("!", "-", "+"):
            operator = self.advance()[0]
            operand = self.unary()
            return ("not", operand) if operator == "!" else ("negate", operand) if operator == "-" else ("plus", operand)
        return self.power()

    def power(self) -> tuple:
        base = self.increment()
        if self.kind in ("^", "**"):
            self.advance()
            exponent = self.unary() if self.kind in ("-", "+", "!") else self.power()
            return ("binary", "^", base, exponent)
        return base

    def increment(self) -> tuple:
        if self.kind in ("++", "--"):
            operator = self.advance()[0]
            target = self.increment()
            if target[0] not in ("var", "index", "field"):
                raise self.fail()
            return ("preinc", 1 if operator == "++" else -1, target)
        node = self.primary()
        if self.kind in ("++", "--") and node[0] in ("var", "index", "field"):
            operator = self.advance()[0]
            return ("postinc", 1 if operator == "++" else -1, node)
        return node

    def primary(self) -> tuple:
        kind, text, _ = token = self.advance()
        if kind == "number":
            return ("num", float(text))
        if kind == "string":
            return ("str", text)
        if kind == "ere":
            return ("regex", text)
        if kind == "$":
            return ("field", self.increment() if self.kind in ("++", "--") else self.primary())
        if kind == "(":
            items = self.expression_list()
            self.expect(")")
            if len(items) > 1:
                if self.kind == "in":
                    self.advance()
                    return ("in", ("subsep", items), self.expect("name")[1])
                return ("group", items)
            return ("group1", items[0])
        if kind == "name":
            return ("index", text, self.subscript()) if self.kind == "[" else ("var", text)
        if kind == "builtin":
            return self.builtin_call(text)
        if kind == "funcname":
            self.expect("(")
            arguments = [] if self.kind == ")" else self.expression_list()
            self.expect(")")
            return ("call", text, arguments)
        if kind in ("-", "+", "!"):
            self.index -= 1
            return self.unary()
        if kind == "getline":
            raise AwkSyntaxError(f"line {token[2]}: the simulator's awk does not run getline", token[2])
        raise self.fail(token)

    def builtin_call(self, name: str) -> tuple:
        if self.kind != "(":
            if name == "length":
                return ("builtin", "length", [])
            raise self.fail()
        self.advance()
        arguments = [] if self.kind == ")" else self.expression_list()
        self.expect(")")
        return ("builtin", name, arguments)
