"""Command line: `python -m simulator shell` runs command lines; `grade` self-checks a submission."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator", description="KubeGrade's simulated Kubernetes cluster")
    commands = parser.add_subparsers(dest="command", required=True)
    shell = commands.add_parser("shell", help="read command lines from standard input and run them on a fresh cluster")
    shell.add_argument("--seed", type=int, default=0, help="the same seed gives the same names, IPs and answers")
    shell.add_argument("--dir", default=None,
                       help="where `kubectl -f` reads files (default: the working directory, or with "
                            "--assignment its starter files)")
    shell.add_argument("--assignment", metavar="DIR",
                       help="start from this assignment's cluster: its setup applied for --seed, as the grader does")
    shell.add_argument("--echo", action="store_true", help="print each command after its prompt, like the lecture")
    serve = commands.add_parser("serve", help="serve a fresh cluster's API on a loopback port for a real kubectl")
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument("--port", type=int, default=6443)
    serve.add_argument("--plain-http", action="store_true", help="HTTP instead of HTTPS with a generated CA")
    serve.add_argument("--kubeconfig", default="simulator.kubeconfig", help="where to write the kubeconfig")
    serve.add_argument("--rate", type=float, default=50.0, help="requests per second per client")
    grade = commands.add_parser("grade", help="grade a submission against an assignment")
    grade.add_argument("assignment")
    grade.add_argument("--submission", required=True)
    grade.add_argument("--seed", type=int, default=0)
    grade.add_argument("--json", action="store_true")
    grade.add_argument("--lang", default="en", choices=("en", "ko"))
    args = parser.parse_args(argv)
    if args.command == "shell":
        if args.assignment:
            return run_assignment_shell(args.assignment, args.seed, args.dir, args.echo)
        return run_shell(args.seed, args.dir or ".", args.echo)
    if args.command == "serve":
        from simulator.apiserver.serve import serve_forever
        from simulator.cluster import Cluster, load_cached_template

        load_cached_template()
        return serve_forever(Cluster(seed=args.seed), args.port, args.plain_http, args.kubeconfig, args.rate)
    from scoring.cli import run_grade  # the scoring engine sits above the simulator

    return run_grade(args)


def run_shell(seed: int, directory: str, echo: bool) -> int:
    from simulator.cluster import Cluster, load_cached_template

    load_cached_template()  # a new process each time: the bootstrapped cluster comes from the cache
    return run_lines(Cluster(seed=seed, files=directory), echo)


def run_assignment_shell(assignment_dir: str, seed: int, directory: str | None, echo: bool) -> int:
    """The cluster the grader and the web workspace start from: the assignment's setup applied
    for this seed (`scoring.replay.build_cluster`), with its starter files rendered for the seed
    as the files `kubectl -f` reads, unless --dir names a folder of the student's own."""
    from pathlib import Path

    from scoring.bank import SpecError, load_assignment  # the scoring engine sits above the simulator
    from scoring.replay import build_cluster
    from simulator.files import DirectoryFiles, MemoryFiles

    try:
        assignment = load_assignment(Path(assignment_dir))
    except (SpecError, OSError) as error:
        print(f"python -m simulator shell: cannot use the assignment {assignment_dir}: {error}", file=sys.stderr)
        return 1
    cluster, _setup_transcript = build_cluster(assignment, seed)
    cluster.files = DirectoryFiles(Path(directory)) if directory else MemoryFiles(assignment.starter_files(seed))
    return run_lines(cluster, echo)


def run_lines(cluster, echo: bool) -> int:
    """Run standard input's lines one by one, as typed at the workstation's prompt."""
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
