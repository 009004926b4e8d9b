"""Copy detection on 500 synthetic submissions of week4/01-clusterip.

Every student hands in the reference solution rendered with their own variant, dressed
in a style of their own (labels, an annotation, optional fields, indentation, comments)
drawn from a seeded stream, so that most texts differ beyond the reference as real ones
do. Planted among them: copies renamed to the copier's values (with their own comments
and indentation), copies renamed with one label changed, and verbatim copies that keep
the source's Service name. The section checks every planted one is found and prints the
time `find_copies` takes, plus what it reports beyond the planted ones.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from scoring.bank import load_assignment
from scoring.copies import Baseline, SubmittedWork, find_copies

ASSIGNMENT = Path(__file__).resolve().parents[1] / "assignments" / "week4" / "01-clusterip"
STUDENTS = 500
PLANTED_EACH = 20
WORDS = ("amber", "basil", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper", "kestrel",
         "lagoon", "meadow", "nectar", "onyx", "pepper", "quartz", "raven", "saffron", "tundra", "umber", "violet",
         "willow", "yarrow", "zephyr", "canyon", "lantern", "pagoda", "orbit", "prism", "summit", "thistle")
LABEL_KEYS = ("team", "owner", "tier", "stage", "purpose", "cost-center", "track")


def styled_solution(solution: str, rng: random.Random, rich: bool = False) -> str:
    """The reference text with this student's own habits added."""
    lines = solution.rstrip("\n").splitlines()
    labels = rng.sample(LABEL_KEYS, rng.randint(2, 4) if rich else rng.randint(0, 2))
    extra_meta = ["  labels:"] + [f"    {key}: {rng.choice(WORDS)}" for key in labels] if labels else []
    if rich or rng.random() < 0.3:
        extra_meta += ["  annotations:", "    note: " + " ".join(rng.choices(WORDS, k=rng.randint(6, 10)))]
    at = lines.index("spec:")
    optional = (("  type: ClusterIP", 0.3), ("  sessionAffinity: None", 0.15))
    spec_extra = [line for line, chance in optional if rng.random() < chance]
    lines = lines[:at] + extra_meta + lines[at:at + 1] + spec_extra + lines[at + 1:]
    if rng.random() < 0.3:
        lines = [line.replace("- port: 80", "- name: http\n    protocol: TCP\n    port: 80") for line in lines]
    text = "\n".join(lines) + "\n"
    return text.replace("  ", "    ") if rng.random() < 0.2 else text


def restyled(text: str, rng: random.Random) -> str:
    """Other comments and indentation: what a copier changes first."""
    comment = f"# {rng.choice(WORDS)} {rng.choice(WORDS)}\n"
    return comment + text.replace("  ", "   ").replace("\nspec:", "\n\nspec:   # the spec")


def renamed(text: str, source: dict, copier: dict) -> str:
    for name in ("rs", "service", "app"):
        text = text.replace(str(source[name]), str(copier[name]))
    return text


def build_class(bank):
    rng = random.Random(2026)
    variants = {f"s{n:03d}": bank.variant(n) for n in range(1, STUDENTS + 1)}
    owners_of = {}
    for student, variant in variants.items():
        owners_of.setdefault(variant["service"], []).append(student)
    unique = [s for s, v in variants.items() if len(owners_of[v["service"]]) == 1]
    planted = rng.sample(unique, 6 * PLANTED_EACH)
    sources, copiers = planted[:3 * PLANTED_EACH], planted[3 * PLANTED_EACH:]
    texts = {}
    for n, (student, variant) in enumerate(variants.items(), start=1):
        reference = bank.solution(n)[0]["svc-web.yaml"].decode()
        texts[student] = styled_solution(reference, rng, rich=student in sources)
    plan = {"renamed": [], "near": [], "leak": []}
    for k, (source, copier) in enumerate(zip(sources, copiers)):
        kind = ("renamed", "near", "leak")[k // PLANTED_EACH]
        text = texts[source]
        if kind != "leak":
            text = restyled(renamed(text, variants[source], variants[copier]), rng)
        if kind == "near":
            text = text.replace("    note: ", "    note: edited ", 1)
        texts[copier] = text
        plan[kind].append((source, copier))
    works = [SubmittedWork(s, s, {"svc-web.yaml": texts[s].encode()}, "", variants[s]) for s in variants]
    return works, variants, plan


def check_planted(report, variants, plan) -> dict[str, int]:
    group_of = {sid: i for i, g in enumerate(report.groups) for sid in g.submissions}
    pairs = {frozenset((p.a, p.b)) for p in report.near_pairs}
    leaks = {(leak.student, leak.owner, leak.value) for leak in report.leaks}
    found = {
        "renamed": sum(group_of.get(s) is not None and group_of.get(s) == group_of.get(c) for s, c in plan["renamed"]),
        "near": sum(frozenset((s, c)) in pairs for s, c in plan["near"]),
        "leak": sum((c, s, variants[s]["service"]) in leaks for s, c in plan["leak"]),
    }
    missed = {kind: len(plan[kind]) - n for kind, n in found.items() if n != len(plan[kind])}
    if missed:
        raise AssertionError(f"similarity: planted copies not found: {missed}")
    return found


def measure(repeats: int = 5) -> dict:
    bank = load_assignment(ASSIGNMENT)
    works, variants, plan = build_class(bank)
    baselines = [Baseline("starter", bank.starter_files(0), "", bank.variant(0)),
                 Baseline("solution", *bank.solution(0), bank.variant(0))]
    times, report = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        report = find_copies(works, roster=variants, baselines=baselines)
        times.append((time.perf_counter() - start) * 1000)
    found = check_planted(report, variants, plan)
    planted = {s for pairs in plan.values() for pair in pairs for s in pair}
    return {
        "ms": statistics.median(times), "found": found, "planted": plan,
        "groups": len(report.groups),
        "reference_groups": [len(g.submissions) for g in report.groups if g.matches],
        "unplanted_groups": [g.own_shingles for g in report.groups
                             if g.matches is None and not planted & set(g.submissions)],
        "pairs": len(report.near_pairs),
        "unplanted_pairs": sum(1 for p in report.near_pairs if not {p.a, p.b} & planted),
        "leaks": len(report.leaks),
    }


def report() -> None:
    m = measure()
    print(f"similarity: copy detection on {STUDENTS} submissions of week4/01-clusterip (one core)")
    print(f"  find_copies: median {m['ms']:.0f} ms over 5 runs (normalise, group, near pairs, leaks)")
    print(f"  planted and found: {m['found']['renamed']}/{PLANTED_EACH} renamed copies grouped, "
          f"{m['found']['near']}/{PLANTED_EACH} edited copies paired, {m['found']['leak']}/{PLANTED_EACH} leaks named")
    print(f"  reported: {m['groups']} identical groups (reference solution: {m['reference_groups']} students; "
          f"{len(m['unplanted_groups'])} other unplanted, at most {max(m['unplanted_groups'], default=0)} shingles "
          f"beyond it), {m['pairs']} near pairs ({m['unplanted_pairs']} unplanted), "
          f"{m['leaks']} leaks")
