"""The schemathesis drill: the OpenAPI schema at /api/schema/ drives generated requests,
valid and invalid, at every operation, as the demo instructor (course staff, so most
operations are reachable) with an API token; no answer may be a 500 and every error must
be in the API's contract. KUBEGRADE_SCHEMATHESIS_EXAMPLES cases per operation (default 30)."""

import os
import re
import subprocess
import sys
import time

from drills.servers import ROOT


def schemathesis_run(stack) -> dict:
    from kubegrade.accounts.api_tokens import api_token_issue
    from kubegrade.accounts.models import User

    token = api_token_issue(user=User.objects.get(username="instructor")).key
    examples = os.environ.get("KUBEGRADE_SCHEMATHESIS_EXAMPLES", "30")
    report = stack.workdir / "schemathesis"
    started = time.monotonic()
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "schemathesis") if (ROOT / ".venv/bin/schemathesis").exists()
         else "schemathesis", "run", stack.url("/api/schema/"), "--header", f"Authorization: Token {token}",
         "--checks", "not_a_server_error", "--max-examples", examples, "--workers", "2",
         # The coverage phase stops on an error inside schemathesis 4.32 itself (hypothesis's
         # lambda-source AST walk) before sending anything; examples and fuzzing reach every operation.
         "--phases", "examples,fuzzing", "--request-timeout", "30", "--no-color",
         # Signing out would revoke the drill's own token halfway through.
         "--exclude-path", "/api/v1/auth/logout/", "--report", "junit", "--report-dir", str(report),
         # Hypothesis's "data generation is too slow" is about the machine's load (the drill shares
         # it with the stack it starts), not the API: a slow generator is no broken contract.
         "--suppress-health-check", "too_slow"],
        cwd=stack.workdir, capture_output=True, text=True,  # its .schemathesis/ cache goes with the stack
        env={**os.environ, "SCHEMATHESIS_HOOKS": "drills.schemathesis_checks", "PYTHONPATH": str(ROOT)})
    out = done.stdout + done.stderr
    (stack.workdir.parent / "kubegrade-drill-schemathesis.txt").write_text(out)
    cases = re.search(r"(\d+) generated", out)
    failures = re.search(r"(\d+) unique failures?", out)
    held = done.returncode == 0
    print(out[-1500:], file=sys.stderr)
    return {"drill": "schemathesis over /api/schema/",
            "load": f"{cases.group(1) if cases else '?'} generated requests, {examples} per operation",
            "fault": "none", "bad inputs": "schema-driven valid and invalid requests, instructor token",
            "lost": 0, "twice": 0,
            "recovery": f"no 500, every error in the contract ({time.monotonic() - started:.0f} s)" if held
            else f"contract NOT held: {failures.group(1) if failures else '?'} failures, exit {done.returncode} "
                 "(kubegrade-drill-schemathesis.txt)"}
