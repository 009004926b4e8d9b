"""The grading budget holds inside one statement and on any thread (issue 17, finding 5):
SIGALRM reaches only the main thread, so a grading in a web or pool thread used to run
past its budget. Each case runs in a child process under OS limits (address space, CPU
time) so a regression fails here instead of hanging or eating the machine; nothing is
asserted on speed, only on what stopped and with which message."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap

from .conftest import BANK_ROOT

REPO = BANK_ROOT.parent
CPU_BACKSTOP = 60  # seconds: the kernel ends a child the budget failed to stop


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_BACKSTOP, CPU_BACKSTOP))


def run_child(*parts: str) -> dict:
    code = "\n".join(textwrap.dedent(part) for part in parts)
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=120, preexec_fn=_limit_child)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


PRELUDE = """
    import json, resource, sys, threading
    sys.path.insert(0, ".")
    from scoring.bank import load_bank
    from scoring.budget import Budget, cap_address_space
    from scoring.engine import grade_submission
    bank = {a.slug: a for a in load_bank(__import__("pathlib").Path("assignments"))}
    lab = bank["week4/03-dns-fqdn"]
    files, commands = lab.solution(1)

    def in_thread(function):
        box = {}
        thread = threading.Thread(target=lambda: box.update(value=function()))
        thread.start()
        thread.join()
        return box["value"]
"""


def test_a_statement_that_runs_away_on_a_thread_stops_with_the_time_budgets_message():
    outcome = run_child(PRELUDE, """
        from simulator.programs.catalog import every_program

        PROGRAMS = every_program()  # programs load when first run: load them all to replace one

        def spin(ctx, argv):  # a program stuck in Python code: one statement, no check between
            while True:
                pass
        import dataclasses
        PROGRAMS["grep"] = dataclasses.replace(PROGRAMS["grep"], run=spin)
        report = in_thread(lambda: grade_submission(lab, files, commands + "\\necho a | grep a\\n", 1,
                                                    budget=Budget(seconds=1.0)))
        print(json.dumps({"gradable": report.gradable, "message": report.message}))
    """)
    assert outcome == {"gradable": False, "message": "Grading stopped: over the time budget of 1 s. This attempt is "
                                                     "not counted; simplify the submission and retry."}


def test_the_guard_stops_a_loop_on_a_thread_and_nothing_escapes_after_it_exits():
    outcome = run_child("""
        import json, sys, threading, time
        sys.path.insert(0, ".")
        from scoring.budget import Budget, BudgetExceeded, BudgetGuard
        seen = {}

        def work():
            try:
                with BudgetGuard(Budget(seconds=0.3)):
                    while True:
                        pass
            except BudgetExceeded as error:
                seen["message"] = error.args[0].key
            with BudgetGuard(Budget(seconds=0.2)):
                pass
            time.sleep(0.5)  # a guard that ended in time raises nothing afterwards
            seen["after"] = "quiet"
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        print(json.dumps(seen))
    """)
    assert outcome == {"message": "over_time", "after": "quiet"}


def test_the_regex_bomb_grades_normally_on_a_thread_within_the_budgets_memory():
    outcome = run_child(PRELUDE, """
        honest = grade_submission(lab, files, commands, 1)
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cap_address_space(256)
        bomb = commands + "\\necho " + "a" * 27 + " | grep -E '(a|a)+b'\\n"
        report = in_thread(lambda: grade_submission(lab, files, bomb, 1))
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
        print(json.dumps({"score": report.score, "honest": honest.score, "gradable": report.gradable,
                          "grown_mb": grown / 1024}))
    """)
    assert outcome["gradable"] is True
    assert outcome["score"] == outcome["honest"]
    assert outcome["grown_mb"] < 256


def test_the_annotation_bomb_is_refused_by_the_api_servers_limit_on_a_thread():
    outcome = run_child(PRELUDE, """
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cap_address_space(256)
        # the commands may hold 20000 bytes: the value grows by doubling, as the issue's did
        lines = ["A=" + "a" * 1000] + ["A=$A$A"] * 8 + ["kubectl annotate svc kubernetes a1=$A",
                                                       "kubectl annotate svc kubernetes a2=$A"]
        lines.append("kubectl get svc kubernetes -o jsonpath='" + "{.metadata.annotations}" * 170 + "'")
        report = in_thread(lambda: grade_submission(lab, files, commands + "\\n" + "\\n".join(lines) + "\\n", 1))
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
        print(json.dumps({"gradable": report.gradable, "grown_mb": grown / 1024,
                          "refused": "metadata.annotations: Too long: must have at most 262144 bytes"
                                     in report.transcript,
                          "cut": "output cut at 4 MiB" in report.transcript}))
    """)
    assert outcome["gradable"] is True
    assert outcome["refused"] and outcome["cut"]
    assert outcome["grown_mb"] < 256


def test_the_cli_grades_a_submission_holding_both_bombs_without_running_away(tmp_path, bank):
    lab = bank["week4/03-dns-fqdn"]
    files, commands = lab.solution(1)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    bombs = ["echo " + "a" * 27 + " | grep -E '(a|a)+b'", "A=" + "a" * 1000, *["A=$A$A"] * 8,
             "kubectl annotate svc kubernetes a1=$A", "kubectl annotate svc kubernetes a2=$A",
             "kubectl get svc kubernetes -o jsonpath='" + "{.metadata.annotations}" * 170 + "'"]
    (tmp_path / "commands.sh").write_text(commands + "\n" + "\n".join(bombs) + "\n")
    done = subprocess.run([sys.executable, "-m", "simulator", "grade", str(BANK_ROOT / "week4/03-dns-fqdn"),
                           "--submission", str(tmp_path), "--seed", "1", "--json"], cwd=REPO, capture_output=True,
                          text=True, timeout=120, preexec_fn=_limit_child)
    report = json.loads(done.stdout)
    assert report["gradable"] is True and "Traceback" not in done.stderr
    assert "metadata.annotations: Too long: must have at most 262144 bytes" in report["transcript"]
