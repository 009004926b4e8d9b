"""The assignment bank: one folder per assignment, loaded and validated from spec.yaml.

    assignments/week4/01-clusterip/
        spec.yaml        title, instructions, variables, setup, submission, facts, checks/questions
        setup/           manifests the cluster starts from (templates, `{{ name }}`)
        starter/         what the student starts from (templates)
        solution/        the reference solution (templates; `commands.sh` holds typed commands)
        wrong/<case>/    typical wrong submissions + expect.yaml (the partial marks they earn)

`load_bank` and `load_assignment` validate every spec (`SpecError` names file:line).
Nothing here runs a cluster except `questions`, which asks `scoring.quiz`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.spec_names import Names, Scope
from scoring.spec_schema import SpecError, validate_spec
from scoring.templates import REFERENCE, TemplateError, render
from scoring.variants import compute_variant, shown_values
from scoring.yaml_lines import LineDict, YAMLSyntaxError, load_with_lines

__all__ = ["Assignment", "Question", "SpecError", "SubmissionSpec", "load_assignment", "load_bank"]

COMMANDS_FILE = "commands.sh"
HASHED_FOLDERS = ("setup", "starter", "solution")
# Template folders and what their files may use: setup/ and starter/ are rendered with the
# variant alone; solution/ and wrong/ may also use facts (`{{ legacy_ip }}`, read off the cluster).
TEMPLATE_FOLDERS = {"setup": Scope(facts=False), "starter": Scope(facts=False), "solution": Scope(),
                    "wrong": Scope()}


@dataclass(frozen=True)
class SubmissionSpec:
    files: list[str]
    commands: bool
    max_files: int = 5
    max_bytes: int = 64 * 1024
    max_commands: int = 50


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # "choice", "short" or "predict"
    prompt: str
    choices: list[str]


class Assignment:
    """One validated spec and the folder it lives in."""

    def __init__(self, path: Path, slug: str, spec: dict) -> None:
        self.path = path
        self.slug = slug
        self.spec = spec
        self.week: int = spec["week"]
        self.kind: str = spec["kind"]
        self.title: dict[str, str] = {lang: str(text) for lang, text in spec["title"].items()}
        self.points = float(spec["points"])
        self.due_days = int(spec.get("due_days", 7))
        self.submission = _submission_spec(spec["submission"])
        self.content_hash = content_hash(path)
        self._variants: dict[int, dict[str, Any]] = {}

    def __repr__(self) -> str:
        return f"<Assignment {self.slug}>"

    def variant(self, seed: int) -> dict[str, Any]:
        if seed not in self._variants:
            self._variants[seed] = compute_variant(self.slug, seed, self.spec.get("variables") or {})
        return dict(self._variants[seed])

    def shown_values(self, seed: int) -> dict[str, str]:
        """What "Your values" lists: the variables the spec marks `shown: true`, as text."""
        return shown_values(self.spec.get("variables") or {}, self.variant(seed))

    def render_instructions(self, lang: str, seed: int) -> str:
        return render(_in_language(self.spec["instructions"], lang), self.variant(seed))

    def questions(self, lang: str, seed: int) -> list[Question]:
        from scoring.quiz import render_questions

        return render_questions(self, lang, seed) if self.kind == "quiz" else []

    # files ----------------------------------------------------------------
    def setup_files(self, seed: int) -> dict[str, bytes]:
        return render_folder(self.path / "setup", self.variant(seed))

    def starter_files(self, seed: int) -> dict[str, bytes]:
        return render_folder(self.path / "starter", self.variant(seed))

    def solution(self, seed: int) -> tuple[dict[str, bytes], str]:
        """The reference solution for this seed: (files, commands).

        Solutions (and wrong submissions) may use facts too, e.g. `{{ legacy_ip }}` for the IP
        a student would read off `kubectl get pods -o wide`; the setup cluster is built for it.
        """
        return split_commands(render_folder(self.path / "solution", self._solution_names(seed)))

    def _solution_names(self, seed: int):
        from scoring.facts import Facts
        from scoring.replay import build_cluster

        facts = Facts(lambda: build_cluster(self, seed)[0], self.variant(seed), self.spec.get("facts") or {})
        return facts.resolve

    def wrong_cases(self) -> list[str]:
        folder = self.path / "wrong"
        return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def wrong_submission(self, case: str, seed: int) -> tuple[dict[str, bytes], str, dict]:
        """A typical wrong submission: (files, commands, the expectations in its expect.yaml)."""
        folder = self.path / "wrong" / case
        files = render_folder(folder, self._solution_names(seed))
        expect = load_with_lines(files.pop("expect.yaml", b"{}").decode()) or {}
        return (*split_commands(files), expect)


def _in_language(texts: dict, lang: str) -> str:
    return str(texts.get(lang) or texts.get("en") or "")


def _submission_spec(data: dict) -> SubmissionSpec:
    defaults = SubmissionSpec([], False)
    return SubmissionSpec(
        files=[str(name) for name in data.get("files", [])],
        commands=bool(data.get("commands", False)),
        max_files=int(data.get("max_files", defaults.max_files)),
        max_bytes=int(data.get("max_bytes", defaults.max_bytes)),
        max_commands=int(data.get("max_commands", defaults.max_commands)),
    )


def render_folder(folder: Path, variables) -> dict[str, bytes]:
    """Every file under `folder` by relative path, `{{ names }}` substituted in text files."""
    if not folder.is_dir():
        return {}
    files: dict[str, bytes] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        try:
            files[path.relative_to(folder).as_posix()] = render(data.decode("utf-8"), variables).encode("utf-8")
        except UnicodeDecodeError:
            files[path.relative_to(folder).as_posix()] = data
        except TemplateError as error:
            raise SpecError([f"{path}:{_line_of_reference(data, error.name)}: {error}"]) from error
    return files


def _line_of_reference(data: bytes, name: str) -> int:
    root = name.split(".")[0]
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if root in line and "{{" in line:
            return number
    return 1


def split_commands(files: dict[str, bytes]) -> tuple[dict[str, bytes], str]:
    commands = files.pop(COMMANDS_FILE, b"").decode("utf-8", "replace")
    return files, commands


def content_hash(path: Path) -> str:
    """sha256 over spec.yaml and the setup, starter and solution files (names and bytes)."""
    digest = hashlib.sha256()
    digest.update((path / "spec.yaml").read_bytes())
    for folder in HASHED_FOLDERS:
        root = path / folder
        for file in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
            digest.update(f"\0{folder}/{file.relative_to(root).as_posix()}\0".encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def load_assignment(path: Path | str) -> Assignment:
    path = Path(path)
    spec_path = path / "spec.yaml"
    if not spec_path.is_file():
        raise SpecError([f"{spec_path}:0: no spec.yaml in this assignment folder"])
    try:
        spec = load_with_lines(spec_path.read_text(encoding="utf-8"))
    except YAMLSyntaxError as error:
        raise SpecError([f"{spec_path}:{error.line}: YAML syntax: {error}"]) from error
    problems: list[str] = []
    try:
        validate_spec(spec, spec_path)
    except SpecError as error:
        if not isinstance(spec, LineDict):
            raise
        problems.extend(error.problems)
    problems += _missing_setup_files(spec, path, spec_path) + _template_file_problems(spec, path, spec_path)
    if problems:
        raise SpecError(problems)
    return Assignment(path, f"{path.parent.name}/{path.name}", spec)


def _missing_setup_files(spec: LineDict, path: Path, spec_path: Path) -> list[str]:
    setup = spec.get("setup")
    if not isinstance(setup, LineDict) or not isinstance(setup.get("files"), list):
        return []
    return [f"{spec_path}:{setup.line_of('files')}: setup.files: no such file in setup/: {name}"
            for name in setup["files"] if not (path / "setup" / str(name)).is_file()]


def _template_file_problems(spec: LineDict, path: Path, spec_path: Path) -> list[str]:
    """Every `{{ name }}` in the folder's template files is one the spec defines for them.

    Reported as `file:LINE: folder/file: unknown name {{ x }} (...)`, the message naming the
    lines of spec.yaml where the variables (and facts) are declared.
    """
    names, problems = Names(spec), []
    for folder, scope in TEMPLATE_FOLDERS.items():
        root = path / folder
        for file in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
            try:
                content = file.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # binary files are copied as they are, never rendered
            relative = file.relative_to(path).as_posix()
            seen = set()
            for match in REFERENCE.finditer(content):
                name, line = match.group(1).split(".")[0], content.count("\n", 0, match.start()) + 1
                problem = names.problem(name, scope, spec_path.name)
                if problem and (name, line) not in seen:
                    seen.add((name, line))
                    problems.append(f"{file}:{line}: {relative}: {problem}")
    return problems


def load_bank(root: Path = Path("assignments")) -> list[Assignment]:
    """Every assignment under `root/<week>/<assignment>/spec.yaml`, sorted by slug; all validated."""
    root = Path(root)
    problems: list[str] = []
    assignments: list[Assignment] = []
    for spec_path in sorted(root.glob("*/*/spec.yaml")):
        try:
            assignments.append(load_assignment(spec_path.parent))
        except SpecError as error:
            problems.extend(error.problems)
    if problems:
        raise SpecError(problems)
    return assignments
