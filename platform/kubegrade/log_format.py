"""One clock in every log line: UTC, labelled.

Django sets the process's local time zone to TIME_ZONE (Asia/Seoul), while gunicorn's
access log and honcho's prefix print UTC; lines from one request then disagree by nine
hours. Every record this project formats is stamped in UTC with an explicit `Z`
(`2026-12-01T14:56:31.123Z`), whatever the process's zone.
"""

import logging
import time

from kubegrade.request_id import current_request_id


class UTCFormatter(logging.Formatter):
    converter = time.gmtime

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created))
        return f"{stamp}.{int(record.msecs):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        # `rid=` in the format: the request (or grading task) this line belongs to.
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return super().format(record)
