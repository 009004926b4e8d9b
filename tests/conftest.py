"""Suite-wide rules: in CI (KUBEGRADE_REQUIRE_ALL=1) a skipped test fails the run."""

import os

import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("KUBEGRADE_REQUIRE_ALL") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"KUBEGRADE_REQUIRE_ALL=1: {len(skipped)} test(s) skipped; in CI that is a failure")
        session.exitstatus = 1
