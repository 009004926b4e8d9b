"""awk's expressions and built-in functions, evaluated against an `awk_run.Interpreter`
(its variables, fields and regexes): `evaluate(interpreter, node)`.

Built-ins: length, substr (POSIX's rounding of start and length), index, split, sub, gsub
(`&` the match, `\\&` a literal `&`), match (RSTART, RLENGTH), sprintf, toupper, tolower, int,
sqrt, exp, log, sin, cos, atan2, close and fflush (nothing to do). `rand`, `srand` and `system`
are not run, and say so.
"""

from __future__ import annotations

import math

from simulator.tools.awk_values import (UNSET, AwkRuntimeError, StrNum, compare, format_values, to_number, truth)


ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # the C locale's
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def evaluate(interp, node):
    kind = node[0]
    handler = NODES.get(kind)
    if handler is None:
        raise AwkRuntimeError(f"the simulator's awk cannot evaluate {kind}")
    return handler(interp, node)


def _field(interp, node):
    return interp.get_field(int(to_number(evaluate(interp, node[1]))))


def _index(interp, node):
    table = interp.array(node[1])
    key = interp.key(node[2])
    if key not in table:
        table[key] = UNSET  # referencing an element creates it, as in every awk
    return table[key]


def _regex(interp, node):
    return 1.0 if interp.regexes.compile(node[1]).search(interp.text(interp.fields[0])) else 0.0


def _match(interp, node):
    _, negated, left, right = node
    pattern = right[1] if right[0] == "regex" else interp.text(evaluate(interp, right))
    found = interp.regexes.compile(pattern).search(interp.text(evaluate(interp, left))) is not None
    return 1.0 if found != negated else 0.0


def _assign(interp, node):
    _, operator, target, value_node = node
    value = evaluate(interp, value_node)
    if operator != "=":
        value = arithmetic(interp, operator[0], to_number(evaluate(interp, target)), to_number(value))
    return interp.assign(target, interp.guard(value))


def _increment(interp, node):
    _, step, target = node
    before = to_number(evaluate(interp, target))
    interp.assign(target, before + step)
    return before + step if node[0] == "preinc" else before


def _binary(interp, node):
    _, operator, left, right = node
    return arithmetic(interp, operator, to_number(evaluate(interp, left)), to_number(evaluate(interp, right)))


def _concat(interp, node):
    return interp.guard(interp.text(evaluate(interp, node[1])) + interp.text(evaluate(interp, node[2])))


def _compare(interp, node):
    _, operator, left, right = node
    return 1.0 if compare(evaluate(interp, left), evaluate(interp, right), operator, interp.int_limit) else 0.0


def _membership(interp, node):
    return 1.0 if interp.key(node[1]) in interp.array(node[2]) else 0.0


def _group(interp, node):
    raise AwkRuntimeError("a list in parentheses is only for print, printf and `in`")


NODES = {
    "num": lambda interp, node: node[1],
    "str": lambda interp, node: node[1],
    "regex": _regex,
    "var": lambda interp, node: interp.get_var(node[1]),
    "index": _index,
    "field": _field,
    "group1": lambda interp, node: evaluate(interp, node[1]),
    "group": _group,
    "assign": _assign,
    "preinc": _increment,
    "postinc": _increment,
    "binary": _binary,
    "negate": lambda interp, node: -to_number(evaluate(interp, node[1])),
    "plus": lambda interp, node: to_number(evaluate(interp, node[1])),
    "not": lambda interp, node: 0.0 if truth(evaluate(interp, node[1])) else 1.0,
    "and": lambda interp, node: 1.0 if truth(evaluate(interp, node[1])) and truth(evaluate(interp, node[2])) else 0.0,
    "or": lambda interp, node: 1.0 if truth(evaluate(interp, node[1])) or truth(evaluate(interp, node[2])) else 0.0,
    "cond": lambda interp, node: evaluate(interp, node[2] if truth(evaluate(interp, node[1])) else node[3]),
    "concat": _concat,
    "compare": _compare,
    "match": _match,
    "in": _membership,
    "call": lambda interp, node: interp.call(node[1], node[2]),
    "builtin": lambda interp, node: call_builtin(interp, node[1], node[2]),
}


def arithmetic(interp, operator: str, a: float, b: float) -> float:
    if operator in "/%" and b == 0:
        if interp.zero_divisor_fails:
            raise AwkRuntimeError("Division by zero")
        return math.nan if a == 0 or operator == "%" else math.copysign(math.inf, a)
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if operator == "/":
        return a / b
    if operator == "%":
        return math.fmod(a, b)
    try:
        return math.pow(a, b)
    except (OverflowError, ValueError):
        return math.inf if a > 0 or float(b).is_integer() else math.nan


# built-in functions --------------------------------------------------------------------------------
def call_builtin(interp, name: str, arguments: list):
    handler = BUILTINS.get(name)
    if handler is None:
        raise AwkRuntimeError(f"the simulator's awk does not run {name}()")
    return handler(interp, arguments)


def _text_argument(interp, arguments: list, index: int, default=None) -> str:
    if index < len(arguments):
        return interp.text(evaluate(interp, arguments[index]))
    return interp.text(interp.fields[0]) if default is None else default


def _length(interp, arguments):
    if arguments and arguments[0][0] == "var" and isinstance(interp.scope(arguments[0][1]).get(arguments[0][1]), dict):
        return float(len(interp.array(arguments[0][1])))
    return float(len(_text_argument(interp, arguments, 0)))


def _substr(interp, arguments):
    """substr(s, m[, n]) with each awk's arithmetic: m and n cut to integers; a start before 1
    keeps mawk 1.3.4's count (`substr("hello", 0, 2)` is `he`, `substr("hello", -1, 3)` is
    `hell`, measured on 20200120), busybox's clips the start to 1 and keeps n."""
    text = _text_argument(interp, arguments, 0)
    start = _whole(to_number(evaluate(interp, arguments[1])), len(text))
    count = _whole(to_number(evaluate(interp, arguments[2])), len(text)) if len(arguments) > 2 else len(text) + 1
    if start < 1:
        return text[:max(0, count - start)] if interp.flavour == "mawk" else text[:max(0, count)]
    return text[start - 1:start - 1 + max(0, count)]


def _whole(number: float, length: int) -> int:
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return length + 1 if number > 0 else -length - 1
    return math.trunc(number)


def _index_of(interp, arguments):
    return float(_text_argument(interp, arguments, 0).find(_text_argument(interp, arguments, 1)) + 1)


def _split(interp, arguments):
    text = _text_argument(interp, arguments, 0)
    if len(arguments) < 2 or arguments[1][0] != "var":
        raise AwkRuntimeError("split: the second argument must be an array")
    separator = _regex_text(interp, arguments[2]) if len(arguments) > 2 else interp.text(interp.globals["FS"])
    pieces = interp.split(text, separator)
    table = interp.array(arguments[1][1])
    table.clear()
    for number, piece in enumerate(pieces, start=1):
        table[str(number)] = StrNum(piece)
    return float(len(pieces))


def _regex_text(interp, node) -> str:
    return node[1] if node[0] == "regex" else interp.text(evaluate(interp, node))


def _substitute(interp, arguments, every: bool):
    pattern = interp.regexes.compile(_regex_text(interp, arguments[0]))
    replacement = _text_argument(interp, arguments, 1)
    target = arguments[2] if len(arguments) > 2 else ("field", ("num", 0.0))
    text = interp.text(evaluate(interp, target))
    pieces, position, count = [], 0, 0
    for found in pattern.finditer(text):
        pieces.append(text[position:found.start()])
        pieces.append(_replacement(replacement, found.group()))
        position = found.end()
        count += 1
        if not every:
            break
    if count:
        pieces.append(text[position:])
        interp.assign(target, interp.guard("".join(pieces)))
    return float(count)


def _replacement(replacement: str, matched: str) -> str:
    out, index = [], 0
    while index < len(replacement):
        char = replacement[index]
        if char == "\\" and replacement[index + 1:index + 2] in ("&", "\\"):
            out.append(replacement[index + 1])
            index += 2
            continue
        out.append(matched if char == "&" else char)
        index += 1
    return "".join(out)


def _match_function(interp, arguments):
    text = _text_argument(interp, arguments, 0)
    found = interp.regexes.compile(_regex_text(interp, arguments[1])).search(text)
    start, length = (found.start() + 1, found.end() - found.start()) if found else (0, -1)
    interp.globals["RSTART"], interp.globals["RLENGTH"] = float(start), float(length)
    return float(start)


def _numeric(function):
    def run(interp, arguments):
        values = [to_number(evaluate(interp, a)) for a in arguments]
        try:
            return float(function(*values))
        except (ValueError, OverflowError):
            return math.nan
        except TypeError:
            raise AwkRuntimeError("wrong number of arguments to a numeric function") from None
    return run


BUILTINS = {
    "length": _length,
    "substr": _substr,
    "index": _index_of,
    "split": _split,
    "sub": lambda interp, arguments: _substitute(interp, arguments, every=False),
    "gsub": lambda interp, arguments: _substitute(interp, arguments, every=True),
    "match": _match_function,
    "sprintf": lambda interp, arguments: format_values(_text_argument(interp, arguments, 0),
                                                       [evaluate(interp, a) for a in arguments[1:]], interp.int_limit),
    "toupper": lambda interp, arguments: _text_argument(interp, arguments, 0).translate(ASCII_UPPER),
    "tolower": lambda interp, arguments: _text_argument(interp, arguments, 0).translate(ASCII_LOWER),
    "int": _numeric(lambda value: math.trunc(value) if math.isfinite(value) else value),
    "sqrt": _numeric(math.sqrt),
    "exp": _numeric(math.exp),
    "log": _numeric(math.log),
    "sin": _numeric(math.sin),
    "cos": _numeric(math.cos),
    "atan2": _numeric(math.atan2),
    "close": lambda interp, arguments: -1.0,
    "fflush": lambda interp, arguments: 0.0,
}
