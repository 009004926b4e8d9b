"""`python -m bench`: every benchmark section whose module is present, in order."""

from __future__ import annotations

import importlib
import os
import secrets
import sys

SECTIONS = ("bench.simulator_lecture", "bench.scoring", "bench.cold_start", "bench.similarity", "bench.platform", "bench.regrade",
            "bench.workspace", "bench.result_latency", "bench.gradebook", "bench.passback", "bench.week8_rollouts",
            "bench.week9_api", "bench.week67_volumes", "bench.week5_ingress_lb", "bench.course_weeks",
            "bench.week10_resources", "bench.week7_config")


def main() -> int:
    wanted = set(sys.argv[1:])
    for name in SECTIONS:
        if wanted and name.split(".")[-1] not in wanted:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        module.report()
        print()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    # The stacks the bench starts run with DEBUG off over plain http on 127.0.0.1.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("KUBEGRADE_VARIANT_SECRET", secrets.token_urlsafe(50))
    os.environ.setdefault("KUBEGRADE_HTTPS", "0")
    sys.exit(main())
