"""Command line: `python -m simulator shell` runs command lines; `grade` self-checks a submission."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator", description="KubeGrade's simulated Kubernetes cluster")
    commands = parser.add_subparsers(dest="command", required=True)
    shell = commands.add_parser("shell", help="read command lines from standard input and run them on a fresh cluster")
    shell.add_argument("--seed", type=int, default=0, help="the same seed gives the same names, IPs and answers")
    shell.add_argument("--dir", default=".", help="where `kubectl -f` reads files (default: the working directory)")
    shell.add_argument("--echo", action="store_true", help="print each command after its prompt, like the lecture")
    grade = commands.add_parser("grade", help="grade a submission against an assignment")
    grade.add_argument("assignment")
    grade.add_argument("--submission", required=True)
    grade.add_argument("--seed", type=int, default=0)
    grade.add_argument("--json", action="store_true")
    grade.add_argument("--lang", default="en", choices=("en", "ko"))
    args = parser.parse_args(argv)
    if args.command == "shell":
        return run_shell(args.seed, args.dir, args.echo)
    from scoring.cli import run_grade  # the scoring engine sits above the simulator

    return run_grade(args)


def run_shell(seed: int, directory: str, echo: bool) -> int:
    from simulator.cluster import Cluster

    cluster = Cluster(seed=seed, files=directory)
    session = cluster.session(echo=echo)
    status = 0
    for raw in sys.stdin:
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        result = session.run(line)
        sys.stdout.write(result.output)
        sys.stdout.flush()
        status = result.exit_code
    return status


def cap_grading_memory() -> None:
    """A command-line grading is one process: cap its address space so that nothing a
    submission does can take the machine down (scoring.budget.cap_address_space)."""
    if sys.argv[1:2] == ["grade"]:
        from scoring.budget import cap_address_space

        cap_address_space(CLI_HEADROOM_MB)


CLI_HEADROOM_MB = 1024  # what a grading may add to the process: far above any honest one

if __name__ == "__main__":
    cap_grading_memory()
    sys.exit(main())
