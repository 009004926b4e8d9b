"""Running a parsed awk program (`awk_parse`) over records, as POSIX awk describes it.

Records are lines (RS a single character, newline by default); fields split by FS: `" "` on
runs of blanks with the ends trimmed, another single character literally, anything longer as
an ERE. Assigning a field or NF rebuilds `$0` with OFS. Variables hold a number (float), a
string, or a StrNum (awk_values); arrays are dicts.

Bounded: MAX_STEPS statements and loop turns per run (`while (1)` ends with the simulator's
message), strings and arrays capped, function calls nested at most MAX_DEPTH deep.
"""

from __future__ import annotations

from simulator.tools.awk_eval import evaluate
from simulator.tools.awk_values import (UNSET, AwkRuntimeError, Regexes, StrNum, format_values, to_number, to_text,
                                        truth)

MAX_STEPS = 2_000_000
MAX_STRING = 4 * 1024 * 1024
MAX_ELEMENTS = 200_000
MAX_DEPTH = 200


class Next(Exception):
    pass


class Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class LoopControl(Exception):
    def __init__(self, kind: str) -> None:
        self.kind = kind


class Return(Exception):
    def __init__(self, value) -> None:
        self.value = value


class Interpreter:
    def __init__(self, program, write, flavour: str = "mawk", write_file=None) -> None:
        self.begin, self.rules, self.end, self.functions = program
        self.write, self.flavour = write, flavour
        self.write_file = write_file  # (name, text, append): `print > "file"`
        self.opened: set[str] = set()
        self.int_limit = 2**31 - 1 if flavour == "mawk" else 2**63  # mawk prints an integer only inside a C int
        self.zero_divisor_fails = flavour == "busybox"  # busybox stops; mawk prints inf
        self.globals: dict = {"FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "NF": 0.0, "FNR": 0.0,
                              "SUBSEP": "\x1c", "CONVFMT": "%.6g", "OFMT": "%.6g", "FILENAME": "",
                              "RSTART": 0.0, "RLENGTH": -1.0, "ENVIRON": {}}
        self.frames: list[dict] = []
        self.fields: list = [""]
        self.regexes = Regexes()
        self.steps = 0

    # text ------------------------------------------------------------------------------------
    def text(self, value) -> str:
        return to_text(value, self.globals.get("CONVFMT", "%.6g"), self.int_limit)

    def output_text(self, value) -> str:
        return to_text(value, self.globals.get("OFMT", "%.6g"), self.int_limit)

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise AwkRuntimeError(f"stopped after {MAX_STEPS} steps (the simulator's limit)")

    # records -----------------------------------------------------------------------------------
    def set_record(self, line: str) -> None:
        self.fields = [StrNum(line)] + [StrNum(f) for f in self.split(line, self.text(self.globals["FS"]))]
        self.globals["NF"] = float(len(self.fields) - 1)

    def split(self, text: str, separator: str) -> list[str]:
        if separator == " ":
            return text.split()
        if text == "":
            return []
        if len(separator) == 1 and separator != "\\":
            return text.split(separator)
        if separator == "":
            return list(text)
        return self.regexes.compile(separator).split(text)

    def rebuild(self) -> None:
        separator = self.text(self.globals["OFS"])
        self.fields[0] = separator.join(self.text(f) for f in self.fields[1:])
        self.guard(self.fields[0])

    def get_field(self, index: int):
        if index < 0:
            raise AwkRuntimeError(f"negative field index ${index}")
        return self.fields[index] if index < len(self.fields) else UNSET

    def set_field(self, index: int, value) -> None:
        if index < 0:
            raise AwkRuntimeError(f"negative field index ${index}")
        if index == 0:
            self.set_record(self.text(value))
            return
        if index > 32767:
            raise AwkRuntimeError(f"${index} exceeds maximum field(32767)")
        while len(self.fields) <= index:
            self.fields.append(UNSET)
        self.fields[index] = value
        self.globals["NF"] = float(len(self.fields) - 1)
        self.rebuild()

    def set_nf(self, value) -> None:
        count = int(to_number(value))
        self.fields = self.fields[:count + 1] + [UNSET] * max(0, count + 1 - len(self.fields))
        self.globals["NF"] = float(count)
        self.rebuild()

    # variables ---------------------------------------------------------------------------------
    def scope(self, name: str) -> dict:
        if self.frames and name in self.frames[-1]:
            return self.frames[-1]
        return self.globals

    def get_var(self, name: str):
        if name == "NF":
            return self.globals["NF"]
        value = self.scope(name).get(name, UNSET)
        if isinstance(value, dict):
            raise AwkRuntimeError(f"can't use array {name} in scalar context")
        return value

    def set_var(self, name: str, value) -> None:
        if name == "NF":
            self.set_nf(value)
            return
        scope = self.scope(name)
        if isinstance(scope.get(name), dict):
            raise AwkRuntimeError(f"can't assign to {name}; it's an array name.")
        scope[name] = value

    def array(self, name: str) -> dict:
        scope = self.scope(name)
        value = scope.get(name)
        if value is None or value is UNSET:
            value = scope[name] = {}
        if not isinstance(value, dict):
            raise AwkRuntimeError(f"can't use scalar {name} as array")
        return value

    def key(self, node) -> str:
        if node[0] == "subsep":
            return self.text(self.globals["SUBSEP"]).join(self.text(self.eval(k)) for k in node[1])
        return self.text(self.eval(node))

    def guard(self, value):
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise AwkRuntimeError(f"string over {MAX_STRING // 1048576} MiB (the simulator's limit)")
        return value

    def output(self, text: str, redirect) -> None:
        """To stdout, or to a file: `>` empties it the first time this run names it, as awk opens it once."""
        if redirect is None:
            self.write(text)
            return
        operator, target = redirect
        name = self.text(self.eval(target))
        if name == "":
            raise AwkRuntimeError('cannot open "" for output (No such file or directory)')
        self.write_file(name, text, append=operator == ">>" or name in self.opened)
        self.opened.add(name)

    # running -----------------------------------------------------------------------------------
    def run(self, records) -> int:
        """BEGIN, each record through the rules, END; the exit status."""
        status = 0
        try:
            for action in self.begin:
                self.execute(action)
            if self.rules or self.end:
                for line, filename, fnr in records(self):
                    self.globals["NR"] = to_number(self.globals["NR"]) + 1
                    self.globals["FNR"], self.globals["FILENAME"] = float(fnr), filename
                    self.set_record(line)
                    self.run_rules()
        except Exit as stop:
            status = stop.status
        try:
            for action in self.end:
                self.execute(action)
        except Exit as stop:
            status = stop.status
        return status

    def run_rules(self) -> None:
        try:
            for pattern, action in self.rules:
                if self.selected(pattern):
                    if action is None:
                        self.write(self.text(self.fields[0]) + self.text(self.globals["ORS"]))
                    else:
                        self.execute(action)
        except Next:
            pass

    def selected(self, pattern) -> bool:
        if pattern is None:
            return True
        if pattern[0] == "range":
            _, start, stop, state = pattern
            if not state[0]:
                if not truth(self.eval(start)):
                    return False
                state[0] = True
            if truth(self.eval(stop)):
                state[0] = False
            return True
        return truth(self.eval(pattern))

    def execute(self, node) -> None:
        self.tick()
        kind = node[0]
        if kind == "block":
            for statement in node[1]:
                self.execute(statement)
        elif kind == "expr":
            self.eval(node[1])
        elif kind == "print":
            values = [self.eval(a) for a in node[1]] or [self.fields[0]]
            line = self.text(self.globals["OFS"]).join(self.output_text(v) for v in values)
            self.output(line + self.text(self.globals["ORS"]), node[2])
        elif kind == "printf":
            values = [self.eval(a) for a in node[1]]
            self.output(format_values(self.text(values[0]), values[1:], self.int_limit), node[2])
        elif kind == "if":
            branch = node[2] if truth(self.eval(node[1])) else node[3]
            if branch is not None:
                self.execute(branch)
        elif kind in ("while", "do", "for", "forin"):
            self.loop(node)
        elif kind in ("break", "continue"):
            raise LoopControl(kind)
        elif kind in ("next", "nextfile"):
            raise Next()
        elif kind == "exit":
            raise Exit(int(to_number(self.eval(node[1]))) if node[1] is not None else 0)
        elif kind == "return":
            raise Return(self.eval(node[1]) if node[1] is not None else UNSET)
        elif kind == "delete":
            table = self.array(node[1])
            if node[2] is None:
                table.clear()
            else:
                table.pop(self.key(node[2]), None)

    def loop(self, node) -> None:
        kind = node[0]
        if kind == "forin":
            _, variable, array, body = node
            for key in list(self.array(array)):
                self.set_var(variable, StrNum(key))
                if self.turn(body):
                    break
            return
        if kind == "for":
            _, init, condition, step, body = node
            if init is not None:
                self.eval(init)
            while condition is None or truth(self.eval(condition)):
                if self.turn(body):
                    break
                if step is not None:
                    self.eval(step)
            return
        if kind == "do":
            _, body, condition = node
            while not self.turn(body) and truth(self.eval(condition)):
                pass
            return
        _, condition, body = node
        while truth(self.eval(condition)):
            if self.turn(body):
                break

    def turn(self, body) -> bool:
        """One pass of a loop's body; True when it breaks."""
        self.tick()
        try:
            self.execute(body)
        except LoopControl as control:
            return control.kind == "break"
        return False

    # expressions --------------------------------------------------------------------------------
    def eval(self, node):
        return evaluate(self, node)

    def assign(self, target, value):
        kind = target[0]
        if kind == "var":
            self.set_var(target[1], value)
        elif kind == "index":
            table = self.array(target[1])
            if len(table) >= MAX_ELEMENTS:
                raise AwkRuntimeError(f"array over {MAX_ELEMENTS} elements (the simulator's limit)")
            table[self.key(target[2])] = value
        else:
            self.set_field(int(to_number(self.eval(target[1]))), value)
        return value

    def call(self, name: str, arguments: list):
        if name not in self.functions:
            raise AwkRuntimeError(f"function {name} never defined")
        if len(self.frames) >= MAX_DEPTH:
            raise AwkRuntimeError(f"function calls nested over {MAX_DEPTH} deep (the simulator's limit)")
        params, body = self.functions[name]
        frame = {}
        for index, param in enumerate(params):
            if index < len(arguments):
                argument = arguments[index]
                is_array = argument[0] == "var" and isinstance(self.scope(argument[1]).get(argument[1]), dict)
                frame[param] = self.array(argument[1]) if is_array else self.eval(argument)
            else:
                frame[param] = UNSET
        self.frames.append(frame)
        try:
            self.execute(body)
        except Return as returned:
            return returned.value
        finally:
            self.frames.pop()
        return UNSET
