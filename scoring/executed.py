"""`ran:` patterns: which of the programs the simulator executed a check is about.

A check of the student's own work matches what each program recorded it was pointed at,
after its own option parsing (`simulator.shell.execution_log`), never the typed text nor
the argv joined together:

    ran: {program: curl, where: pod, target: {host: "svc-web\\.shop", via: cluster-ip}}

`program` is a name or a list of names (the basename that ran), `where` the kind of place
(`remote`, `node`, `pod`) or a mapping of `kind`, `pod`, `node`, `namespace` (exact
names), and `target` a mapping of a recorded field to a regular expression the whole
value must match (for a list field, one of its items): curl and wget record `scheme`,
`host`, `port`, `path`, `referer`, `user_agent`, `headers`, `data`, `method`, `resolved`,
`dialled`, `via`, `service`, `backend`, `pod`, `node`, `outcome`, `status`, `host_header`
(the name in the Host header sent, by -H or the URL); nslookup,
dig and host `name`, `type`, `server`, `fqdn`, `rcode`, `answers`, `cnames`; cat `path`;
`kubectl get` `verb`, `kind`, `namespace`, `name`, `output`. Each matching target is one
try: its `reply` (the body, the file) is what came back, and a lookup's `answers` and
`cnames` are its answer. A name in a Referer or on dig's echoed command line matches
nothing, and a run that printed the right text about the wrong target earns nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.templates import as_text

TARGET_FIELDS = frozenset({
    "scheme", "host", "port", "path", "referer", "user_agent", "headers", "data", "method", "resolved", "dialled",
    "via", "service", "backend", "pod", "node", "outcome", "status",  # curl, wget
    "host_header",  # curl: the Host header's name (what an Ingress routes on)
    "api_user", "insecure", "cacert",  # curl: who the API server saw, whether TLS was checked
    "name", "type", "server", "fqdn", "rcode", "answers", "cnames",  # nslookup, dig, host
    "verb", "kind", "namespace", "output",  # kubectl get (and `name`, `namespace`)
})


@dataclass(frozen=True)
class RanPattern:
    programs: tuple[str, ...]
    target: tuple[tuple[str, re.Pattern], ...]
    where: dict[str, str]

    @classmethod
    def from_spec(cls, spec: dict) -> "RanPattern":
        program = spec.get("program")
        programs = tuple(as_text(p) for p in program) if isinstance(program, (list, tuple)) else (as_text(program),)
        target = tuple((str(key), re.compile(as_text(value))) for key, value in (spec.get("target") or {}).items())
        place = spec.get("where")
        where = {"kind": as_text(place)} if isinstance(place, str) else {k: as_text(v) for k, v in (place or {}).items()}
        return cls(programs, target, where)

    def matching_targets(self, event) -> list[dict]:
        """The targets of one run this pattern is about (none when the program or place differs)."""
        if not self.ran_here(event):
            return []
        return [target for target in event.targets if self._aimed_at(target)]

    def ran_here(self, event) -> bool:
        """The program ran at the place, whatever it was pointed at."""
        return event.program in self.programs and self._at(event.vantage)

    def _aimed_at(self, target: dict) -> bool:
        for key, pattern in self.target:
            value = target.get(key)
            values = value if isinstance(value, tuple) else () if value is None else (value,)
            if not any(pattern.fullmatch(item) for item in values):
                return False
        return True

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
        """`curl <host svc-web\\.shop, via cluster-ip> in pod shop/client`: what had to run, for feedback."""
        text = "|".join(self.programs)
        if self.target:
            text += " <" + ", ".join(f"{key} {pattern.pattern}" for key, pattern in self.target) + ">"
        place = self.where
        if "pod" in place:
            text += f" in pod {place.get('namespace', 'default')}/{place['pod']}"
        elif "node" in place:
            text += f" on {place['node']}"
        elif place.get("kind") or place.get("namespace"):
            text += f" in {place.get('kind', 'pod')}" + (f" (namespace {place['namespace']})" if "namespace" in place else "")
        return text


def target_label(target: dict) -> str:
    """What one target was, in a few words: `http://svc-web.shop:80/ via cluster-ip shop/svc-web`."""
    if "host" in target:
        text = f"{target.get('scheme', 'http')}://{target['host']}:{target.get('port', '')}{target.get('path', '')}"
        if target.get("via") not in (None, "direct"):
            text += f" via {target['via']} {target.get('service', '')}".rstrip()
        return text
    if "fqdn" in target:
        return f"{target['fqdn']} {target.get('type', 'A')} @{target.get('server', '')}"
    if "kind" in target:
        return f"{target['kind']} {target.get('namespace', '')}/{target.get('name', '')} -o {target.get('output', '')}"
    return str(target.get("path", ""))


def target_answer(target: dict) -> list[str]:
    """A lookup's answer: the CNAME targets and the addresses, in that order."""
    return [*target.get("cnames", ()), *target.get("answers", ())]
