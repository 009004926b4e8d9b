"""The simulator's hypothesis properties (tests/simulator/test_properties.py) run with
KUBEGRADE_FUZZ_EXAMPLES examples each (default 2,000 here; 100,000 for the full drill)."""

import importlib.util
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EXAMPLES = 2000


def run_properties() -> dict:
    from hypothesis import HealthCheck, settings

    examples = int(os.environ.get("KUBEGRADE_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))
    sys.path.insert(0, str(ROOT))
    path = ROOT / "tests" / "simulator" / "test_properties.py"
    spec = importlib.util.spec_from_file_location("drill_simulator_properties", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    properties = [f for name, f in vars(module).items() if name.startswith("test_") and hasattr(f, "hypothesis")]
    started, failures = time.monotonic(), []
    for prop in properties:
        # The property keeps its own settings; only the number of examples (and no saved database) changes.
        own = getattr(prop, "_hypothesis_internal_use_settings", settings())
        prop._hypothesis_internal_use_settings = settings(own, max_examples=examples, database=None,
                                                          suppress_health_check=list(HealthCheck))
        try:
            prop()
        except Exception as exc:  # a counterexample: the row shows it, the drill fails
            failures.append(f"{prop.__name__}: {type(exc).__name__}")
    took = time.monotonic() - started
    return {"drill": "simulator properties (hypothesis)", "load": f"{len(properties)} properties",
            "fault": "none", "bad inputs": f"{examples:,} random inputs each (KUBEGRADE_FUZZ_EXAMPLES)",
            "lost": len(failures), "twice": 0, "recovery": f"{took:.0f} s run" + (f"; {failures}" if failures else "")}
