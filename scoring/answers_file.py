"""A quiz's `answers.yaml` read within fixed bounds: `question-id: answer`, one per line.

The file is read as a stream of YAML events (libyaml's parser, as kubectl's manifests are in
`simulator.shell.kubectl.yaml_v2`) and never handed to a constructor, so no input makes it
expensive: an alias bomb stops at the alias budget, deep nesting at the third level, each
after work proportional to the file's size, which the caller has already checked against the
assignment's `max_bytes`. A manifest may legitimately nest and alias (yaml_v2 allows go-yaml's
budget); an answers file needs neither, so its bounds are much tighter:

- the document is a mapping of question id to an answer (level 1), an answer is a scalar or a
  list of scalars for several choices (level 2); anything deeper is refused;
- at most `MAX_ALIASES` anchors and aliases together, and an alias names a scalar or a list;
- plain scalars are kept as typed (`yes` stays `yes`, `06` stays `06`), nulls are no answer.

Every refusal is an `AnswersRefused` carrying a one-line `Phrase`.
"""

from __future__ import annotations

import yaml
from yaml import events

from scoring.messages import Phrase
from scoring.submission import SubmissionRejected

ANSWERS_FILE = "answers.yaml"
MAX_DEPTH = 2  # the mapping, then a list of choices
MAX_ALIASES = 8  # anchors and aliases together: plenty for a hand-written file, nothing for a bomb
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class AnswersRefused(SubmissionRejected):
    """answers.yaml is not a flat, small `question-id: answer` mapping; `phrase` says why."""

    def __init__(self, key: str, **values) -> None:
        self.phrase = Phrase(key, **values)
        super().__init__(self.phrase)


def parse_answers(data: bytes) -> dict[str, str]:
    """Question id to answer text (a list of choices joined as `a, c`); empty when the file is."""
    reader = _AnswersReader()
    try:
        parser = yaml.cyaml.CParser(data) if yaml.__with_libyaml__ else yaml.SafeLoader(data)
        try:
            while (event := parser.get_event()) is not None and not isinstance(event, events.StreamEndEvent):
                reader.feed(event)
        finally:
            parser.dispose()
    except yaml.YAMLError as error:
        raise AnswersRefused("answers_not_yaml", file=ANSWERS_FILE, problem=_one_line(error)) from None
    return reader.answers


class _AnswersReader:
    """Builds the answers from events: a key, then its value (a scalar, or a list of scalars)."""

    def __init__(self) -> None:
        self.answers: dict[str, str] = {}
        self.anchors: dict[str, str | list[str]] = {}
        self.aliases = 0
        self.depth = 0
        self.documents = 0
        self.key: str | None = None
        self.items: list[str] | None = None  # the list being read, when inside one
        self.list_anchor: str | None = None

    def feed(self, event: events.Event) -> None:
        if isinstance(event, events.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise AnswersRefused("answers_not_a_mapping", file=ANSWERS_FILE)
        elif isinstance(event, events.MappingStartEvent):
            self._open(event, mapping=True)
        elif isinstance(event, events.SequenceStartEvent):
            self._open(event, mapping=False)
        elif isinstance(event, events.CollectionEndEvent):
            self._close()
        elif isinstance(event, (events.ScalarEvent, events.AliasEvent)):
            self._value(self._scalar_or_alias(event))

    def _open(self, event: events.CollectionStartEvent, mapping: bool) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise AnswersRefused("answers_too_deep", file=ANSWERS_FILE, limit=MAX_DEPTH)
        if self.depth == 1 and not mapping:
            raise AnswersRefused("answers_not_a_mapping", file=ANSWERS_FILE)
        if self.depth == 2 and (mapping or self.key is None):
            raise AnswersRefused("answers_bad_value", file=ANSWERS_FILE, question=self.key or "?")
        self._count_anchor(event.anchor)
        if self.depth == 2:
            self.items, self.list_anchor = [], event.anchor

    def _close(self) -> None:
        if self.depth == 2 and self.items is not None:
            if self.list_anchor:
                self.anchors[self.list_anchor] = list(self.items)
            items, self.items = self.items, None
            self._store(items)
        self.depth -= 1

    def _scalar_or_alias(self, event: events.NodeEvent) -> str | list[str]:
        if isinstance(event, events.AliasEvent):
            self._count_anchor(event.anchor)
            if event.anchor not in self.anchors:
                raise AnswersRefused("answers_bad_alias", file=ANSWERS_FILE, anchor=event.anchor)
            return self.anchors[event.anchor]
        self._count_anchor(event.anchor)
        plain_null = event.implicit[0] and event.value in NULLS
        value = "" if plain_null else event.value
        if event.anchor:
            self.anchors[event.anchor] = value
        return value

    def _value(self, value: str | list[str]) -> None:
        if self.depth == 0:
            raise AnswersRefused("answers_not_a_mapping", file=ANSWERS_FILE)
        if self.items is not None:
            if isinstance(value, list):
                raise AnswersRefused("answers_too_deep", file=ANSWERS_FILE, limit=MAX_DEPTH)
            self.items.append(value)
        elif self.key is None:
            if isinstance(value, list):
                raise AnswersRefused("answers_bad_value", file=ANSWERS_FILE, question="?")
            self.key = value
        else:
            self._store(value)

    def _store(self, value: str | list[str]) -> None:
        self.answers[str(self.key)] = ", ".join(value) if isinstance(value, list) else value
        self.key = None

    def _count_anchor(self, anchor: str | None) -> None:
        if anchor is None:
            return
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise AnswersRefused("answers_too_many_aliases", file=ANSWERS_FILE, limit=MAX_ALIASES)


def _one_line(error: yaml.YAMLError) -> str:
    """`line N: problem`, on one line: what the student needs to find the mistake."""
    problem = getattr(error, "problem", None) or getattr(error, "reason", None) or "not YAML"
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    where = f"line {mark.line + 1}: " if mark is not None else ""
    return " ".join(f"{where}{problem}".split())
