"""Bench helper (run inside the bench's Django environment, no database needed): how a
workspace's cost grows with its history. For N commands already run: one more command
on the warm live cluster (the in-process cache), from the database snapshot (another
web process), and rebuilt cold from the setup and the log; the snapshot's size, and the
live cluster's size in memory. Prints one JSON document on stdout."""

import json
import os
import statistics
import sys
import time
import tracemalloc
import zlib

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")
django.setup()

from kubegrade.workspaces import engine  # noqa: E402

SLUG = "week4/01-clusterip"
SEED = 17
LINES = ["kubectl get pods -o wide", "kubectl apply -f svc-web.yaml", "kubectl get svc -o wide",
         "kubectl describe svc kubernetes", "kubectl get endpoints", "kubectl get pods -l app=nothing"]
NEXT = "kubectl get pods -o wide"


def _start():
    from kubegrade.courses.bank import bank_assignment

    content_hash = bank_assignment(SLUG).content_hash
    files = engine.starter_files(slug=SLUG, content_hash=content_hash, seed=SEED)
    return lambda: engine.live_start(slug=SLUG, content_hash=content_hash, seed=SEED, files=files)


def _history(start, n: int):
    live = start()
    for i in range(n):
        live.run_line(LINES[i % len(LINES)], 5.0)
    return live


def _ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(n: int, start) -> dict:
    live = _history(start, n)
    data = engine.snapshot_dump(live)
    warm = _ms(lambda: live.run_line(NEXT, 5.0), 20)
    from_snapshot = _ms(lambda: engine.snapshot_load(data).run_line(NEXT, 5.0), 10)
    cold = _ms(lambda: _history(start, n).run_line(NEXT, 5.0), 3 if n >= 500 else 5)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = engine.snapshot_load(data)
    live_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del kept
    return {"n": n, "warm_ms": warm, "snapshot_ms": from_snapshot, "cold_ms": cold,
            "snapshot_bytes": len(data), "pickle_bytes": len(zlib.decompress(data)),
            "live_bytes": live_bytes, "dump_ms": _ms(lambda: engine.snapshot_dump(live), 10)}


def main(sizes: list[int]) -> list[dict]:
    start = _start()
    return [measure(n, start) for n in sizes]


if __name__ == "__main__":
    json.dump(main([int(a) for a in sys.argv[1:]] or [10, 100, 500]), sys.stdout)
