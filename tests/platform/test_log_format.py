"""Every log line carries one clock: UTC, labelled `Z`, whatever the process's zone."""

import logging
import os
import time

from kubegrade.log_format import UTCFormatter


def test_log_times_are_utc_and_labelled_whatever_the_local_zone():
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Seoul"
    time.tzset()
    try:
        record = logging.LogRecord("kubegrade", logging.INFO, __file__, 1, "graded", None, None)
        record.created, record.msecs = 1796137000.0, 250.0  # 2026-12-01 14:56:40 UTC
        line = UTCFormatter("%(asctime)s %(levelname)s %(name)s %(message)s").format(record)
        assert line == "2026-12-01T14:56:40.250Z INFO kubegrade graded"
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_the_configured_console_handler_uses_it(settings):
    assert settings.LOGGING["formatters"]["plain"]["()"] == "kubegrade.log_format.UTCFormatter"
