"""Expected values computed from the student's own cluster, never typed into a spec.

A spec names facts (`facts:`); a check or question refers to them as `{{ name }}`.
They are computed on first use after the submission ran, and cached for one grading:

    cluster_ip: {object: "services/{{ service }}", field: spec.clusterIP}
    backends:   {ready_pods: {app: "{{ app }}"}, field: status.podIP}     # sorted list
    everyone:   {pods: {app: "{{ app }}"}}                  # Ready or not
    replies:    {replies: {app: "{{ app }}"}, port: 8080}   # what each Ready pod answers
                                                            # (`ready: false`: every pod)
    gated:      {pods: {app: web}, having: {"spec.containers[0].readinessProbe": "{{ probe }}"}}
                                                            # only pods whose fields equal these
    resolv:     {run: "cat /etc/resolv.conf", vantage: {pod: client}}   # also field: exit_code,
                                                                        # extract: REGEX, count: REGEX
    nodes:      {node_ips: true}
    note:       {file: /tmp/hostpath-demo/note, node: worker1}      # a file's text on a node's disk
    shared:     {file: /data/out, pod: "{{ pod }}", container: c2}  # through that container's mounts
                                                                    # (field: mode gives "0644")
    client_uid: {object: "pods/client", field: metadata.uid, when: setup}   # before the submission ran

A fact that cannot be computed (the Service does not exist) raises `FactMissing`,
which the check turns into feedback.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from scoring.messages import Phrase, phrase_of
from scoring.templates import TemplateError, render, render_data
from scoring.vantages import VantageUnavailable, ready_pods, resolve_vantage

FIELD_STEP = re.compile(r"([^.\[\]]+)|\[(\d+|\*)\]")


class FactMissing(TemplateError):
    """A fact the student's cluster cannot provide; `reason` (a Phrase) says why."""


class Facts:
    """Resolves `{{ names }}`: builtins bound by a check, then variables, then facts."""

    def __init__(self, cluster, variables: Mapping[str, Any], declarations: Mapping[str, Any]) -> None:
        """`cluster` may be a zero-argument factory, called on the first fact that needs it."""
        self._cluster = cluster
        self.variables = dict(variables)
        self.declarations = declarations
        self._cache: dict[str, Any] = {}
        self.bound: dict[str, Any] = {}

    @property
    def cluster(self):
        if callable(self._cluster) and not hasattr(self._cluster, "store"):
            self._cluster = self._cluster()
        return self._cluster

    def resolve(self, name: str) -> Any:
        if name in self.bound:
            return self.bound[name]
        if name in self.variables:
            return self.variables[name]
        if name not in self.declarations:
            raise TemplateError(name)
        if name not in self._cache:
            self._cache[name] = self._compute(name)
        value = self._cache[name]
        if isinstance(value, FactMissing):
            raise value
        return value

    def compute_setup_facts(self) -> None:
        """Facts marked `when: setup` are taken before the submission runs (e.g. a client's uid)."""
        for name, declaration in self.declarations.items():
            if declaration.get("when") == "setup" and name not in self._cache:
                self._cache[name] = self._compute(name)

    def render(self, text: str) -> str:
        return render(str(text), self.resolve)

    def render_data(self, data: Any) -> Any:
        return render_data(data, self.resolve)

    def _compute(self, name: str) -> Any:
        spec = self.render_data({k: v for k, v in self.declarations[name].items() if k != "when"})
        try:
            return compute_fact(self.cluster, spec)
        except FactMissing as missing:
            return FactMissing(name, missing.reason)
        except VantageUnavailable as error:
            return FactMissing(name, phrase_of(error))


def compute_fact(cluster, spec: dict) -> Any:
    namespace = str(spec.get("namespace") or "default")
    if "object" in spec:
        return object_field(cluster, str(spec["object"]), namespace, str(spec.get("field", "")))
    if "ready_pods" in spec or "pods" in spec:
        field = str(spec.get("field") or "metadata.name")
        selector = spec.get("ready_pods") or spec.get("pods")
        found = having(ready_pods(cluster, selector, namespace, ready_only="ready_pods" in spec), spec.get("having"))
        return sorted(str(field_value(pod, field)) for pod in found)
    if "replies" in spec:
        return pod_replies(cluster, spec["replies"], namespace, int(spec.get("port", 80)), str(spec.get("path", "/")),
                           ready_only=spec.get("ready", True) is not False, fields=spec.get("having"))
    if "run" in spec:
        return run_fact(cluster, spec)
    if "file" in spec:
        return file_fact(cluster, spec)
    return [cluster.node_ip(name) for name in sorted(cluster.node_names())]


def file_fact(cluster, spec: dict) -> str:
    """A file's text (or its mode) as the simulated machine holds it: state a command wrote, not
    anything printed. Missing: FactMissing."""
    path = str(spec["file"])
    where = {k: spec[k] for k in ("node", "pod", "pod_of", "namespace") if k in spec}
    vantage = resolve_vantage(cluster, where or "remote")
    entry = cluster.file_entry(vantage, path, str(spec["container"]) if spec.get("container") else None)
    if entry is None or entry.kind != "f":
        raise FactMissing(path, Phrase("file_missing", path=path))
    return f"{entry.mode:04o}" if spec.get("field") == "mode" else entry.content


def object_field(cluster, reference: str, namespace: str, field: str) -> Any:
    resource, _, name = reference.partition("/")
    obj = cluster.get(resource, name, namespace)
    if obj is None:
        raise FactMissing(reference, Phrase("object_not_found", resource=resource, name=repr(name),
                                            namespace=namespace))
    if not field:
        return obj
    try:
        return field_value(obj, field)
    except KeyError:
        raise FactMissing(reference, Phrase("field_missing", resource=resource, name=name, field=field)) from None


def field_value(obj: Any, field: str) -> Any:
    """`spec.ports[0].nodePort` inside an API dict; KeyError when a step is missing.

    `[*]` takes every item: `subsets[*].addresses[*].ip` is the flat list of all IPs
    (items without the rest of the path are skipped; nothing at all is missing).
    """
    values = _walk([obj], FIELD_STEP.findall(field))
    if not values:
        raise KeyError(field)
    return values if "[*]" in field else values[0]


def _walk(values: list, steps: list) -> list:
    for key, index in steps:
        following = []
        for value in values:
            if index == "*" and isinstance(value, list):
                following.extend(value)
            elif index and index != "*" and isinstance(value, list) and int(index) < len(value):
                following.append(value[int(index)])
            elif not index and isinstance(value, dict) and key in value:
                following.append(value[key])
        values = following
    return values


def having(pods: list, fields: dict | None) -> list:
    """The pods whose every listed field equals the given value (`having:` of a pods fact):
    e.g. the readiness probe the setup gave them, so pods made Ready by taking the gate
    away are not the pods the task is about."""
    return [pod for pod in pods if all(_field_equals(pod, field, value) for field, value in (fields or {}).items())]


def _field_equals(obj: Any, field: str, wanted: Any) -> bool:
    try:
        return field_value(obj, field) == wanted
    except KeyError:
        return False


def pod_replies(cluster, selector: dict, namespace: str, port: int, path: str, ready_only: bool = True,
                fields: dict | None = None) -> list[str]:
    """What each (Ready) pod answers on `port` when asked directly, from the node it runs on."""
    replies = set()
    for pod in having(ready_pods(cluster, selector, namespace, ready_only), fields):
        ip, node = pod["status"].get("podIP"), pod["spec"].get("nodeName")
        output = run_quietly(cluster, f"curl -s http://{ip}:{port}{path}", resolve_vantage(cluster, {"node": node}))
        replies.add(output.rstrip("\n"))
    return sorted(replies)


def run_fact(cluster, spec: dict) -> Any:
    """What a command prints (stdout), or its `exit_code`, or the first `extract:` group, or a `count:`."""
    result = cluster.session(resolve_vantage(cluster, spec.get("vantage"))).execute(str(spec["run"]))
    if spec.get("field") == "exit_code":
        return result.exit_code
    if "count" in spec:
        return len(re.findall(str(spec["count"]), result.stdout, re.MULTILINE))
    if "extract" in spec:
        match = re.search(str(spec["extract"]), result.combined, re.MULTILINE)
        if match is None:
            raise FactMissing(str(spec["run"]), Phrase("extract_missing", run=spec["run"], pattern=spec["extract"]))
        return match.group(1) if match.groups() else match.group(0)
    return result.stdout.rstrip("\n")


def run_quietly(cluster, line: str, vantage) -> str:
    """Run with `Session.execute`, without the per-line tick and settle: computing an expectation
    must not change the cluster. The clock still moves by the time the programs take (curl's
    transfer, a DNS timeout): later lines see a cluster that much older (ages, a probe's delay)."""
    return cluster.session(vantage).execute(line).stdout
