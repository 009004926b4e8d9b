"""`ran:` patterns: which of the programs the simulator executed a check is about.

A check of the student's own work (`ran: {program: curl, args: "svc-web\\.shop", where: pod}`)
matches entries of the session's execution log (`simulator.shell.execution_log`), never
the typed text: a command in a comment, an `echo`, a variable that is never run or a
branch that `&&` skipped left no entry. `program` is a name or a list of names (the
basename that ran), `args` a regular expression searched in the expanded arguments,
`where` the kind of place (`remote`, `node`, `pod`) or a mapping of `kind`, `pod`,
`node`, `namespace` (exact names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.templates import as_text


@dataclass(frozen=True)
class RanPattern:
    programs: tuple[str, ...]
    args: re.Pattern | None
    where: dict[str, str]

    @classmethod
    def from_spec(cls, spec: dict) -> "RanPattern":
        program = spec.get("program")
        programs = tuple(as_text(p) for p in program) if isinstance(program, (list, tuple)) else (as_text(program),)
        args = re.compile(as_text(spec["args"])) if spec.get("args") not in (None, "") else None
        place = spec.get("where")
        where = {"kind": as_text(place)} if isinstance(place, str) else {k: as_text(v) for k, v in (place or {}).items()}
        return cls(programs, args, where)

    def matches(self, event) -> bool:
        if event.program not in self.programs:
            return False
        if self.args is not None and not self.args.search(" ".join(event.argv[1:])):
            return False
        return self._at(event.vantage)

    def _at(self, vantage) -> bool:
        wanted = self.where
        if wanted.get("kind") and vantage.kind != wanted["kind"]:
            return False
        if "pod" in wanted and (vantage.kind != "pod" or vantage.name != wanted["pod"]):
            return False
        if "node" in wanted and (vantage.kind != "node" or vantage.name != wanted["node"]):
            return False
        return "namespace" not in wanted or vantage.namespace == wanted["namespace"]

    def describe(self) -> str:
        """`curl <args matching svc-web\\.shop> in pod shop/client`: what had to run, for feedback."""
        text = "|".join(self.programs)
        if self.args is not None:
            text += f" <args matching {self.args.pattern}>"
        place = self.where
        if "pod" in place:
            text += f" in pod {place.get('namespace', 'default')}/{place['pod']}"
        elif "node" in place:
            text += f" on {place['node']}"
        elif place.get("kind") or place.get("namespace"):
            text += f" in {place.get('kind', 'pod')}" + (f" (namespace {place['namespace']})" if "namespace" in place else "")
        return text
