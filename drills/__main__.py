"""`python -m drills [name ...]`: start the drill's own stack, run the drills, print the table.
Exit status 1 when any row lost work, graded twice, or failed its check."""

import os
import sys
import time

from drills.servers import ROOT, Stack

ALL = ("worker_kill", "redis_restart", "postgres_restart", "half_open", "brute_force", "schemathesis", "fuzz")
COLUMNS = ("drill", "load", "fault", "bad inputs", "lost", "twice", "recovery")


def table(rows: list[dict]) -> str:
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in COLUMNS}
    line = "| " + " | ".join(c.ljust(widths[c]) for c in COLUMNS) + " |"
    rule = "|" + "|".join("-" * (widths[c] + 2) for c in COLUMNS) + "|"
    body = ["| " + " | ".join(str(r[c]).ljust(widths[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join([line, rule, *body])


def main() -> int:
    wanted = [a for a in sys.argv[1:] if a in ALL] or list(ALL)
    rows = []
    if "fuzz" in wanted:
        from drills.fuzz import run_properties

        rows.append(run_properties())
    stack_drills = [d for d in wanted if d != "fuzz"]
    if stack_drills:
        stack = Stack()
        try:
            stack.start()
            os.environ.update({k: stack.env[k] for k in ("DATABASE_URL", "CELERY_BROKER_URL", "KUBEGRADE_VAR_DIR",
                                                         "CELERY_TASK_DEFAULT_QUEUE", "DATABASE_CONN_MAX_AGE",
                                                         "DJANGO_SECRET_KEY", "KUBEGRADE_VARIANT_SECRET",
                                                         "DJANGO_DEBUG", "KUBEGRADE_HTTPS")})
            sys.path.insert(0, str(ROOT / "platform"))
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")
            import django

            django.setup()
            from drills import api_fuzz, faults

            who = faults.students(12)
            runs = {
                "worker_kill": lambda: faults.burst_with_fault(stack, who, 40, faults.kill_worker,
                                                               "kill -9 of the worker mid-burst"),
                "redis_restart": lambda: faults.burst_with_fault(stack, who, 40, faults.redis_restart_empty,
                                                                 "Redis killed, restarted empty mid-burst"),
                "postgres_restart": lambda: faults.postgres_drill(stack, who, 24),
                "half_open": lambda: faults.half_open(stack),
                "brute_force": lambda: faults.login_brute_force(stack),
                "schemathesis": lambda: api_fuzz.schemathesis_run(stack),
            }
            for name in stack_drills:
                t = time.monotonic()
                rows.append(runs[name]())
                print(f"drill {name}: {time.monotonic() - t:.0f} s", file=sys.stderr, flush=True)
        finally:
            stack.stop()
    print(table(rows))
    return 1 if any(r["lost"] or r["twice"] or "NOT" in str(r["recovery"]) for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
