"""Shared fixtures for the scoring tests: the bank, and a helper that grades one case."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.bank import load_bank

BANK_ROOT = Path(__file__).resolve().parents[2] / "assignments"
SEEDS = (1, 7)  # two students: the intended marks hold for every variant


@pytest.fixture(scope="session")
def bank():
    return {assignment.slug: assignment for assignment in load_bank(BANK_ROOT)}


def lab_slugs() -> list[str]:
    """Every week's labs (week4/01-clusterip, week8/01-statefulset-identity, ...)."""
    return sorted(f"{p.parent.parent.name}/{p.parent.name}" for p in BANK_ROOT.glob("week*/[0-9]*/spec.yaml"))


def quiz_slugs() -> list[str]:
    return sorted(f"{p.parent.parent.name}/{p.parent.name}" for p in BANK_ROOT.glob("week*/quiz-*/spec.yaml"))


def wrong_cases() -> list[tuple[str, str]]:
    return [(slug, case.name) for slug in lab_slugs() + quiz_slugs()
            for case in sorted((BANK_ROOT / slug / "wrong").glob("*")) if case.is_dir()]
