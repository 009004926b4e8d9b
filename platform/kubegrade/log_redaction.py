"""A logging filter that masks passwords, API tokens and session ids in log records.

It works on the rendered message, so it also covers third-party loggers. It does not try
to recognise secrets that carry no telltale key name.
"""

import logging
import re

_PATTERNS = [
    re.compile(r"(?i)(password|passwd|token|secret|sessionid|csrftoken)(['\"]?\s*[:=]\s*['\"]?)([^\s'\"&,}]+)"),
    re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?(?:token|bearer|basic)\s+)([^\s'\"]+)"),
]


def redact(text: str) -> str:
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)}{m.group(2)}[redacted]", text)
    return _PATTERNS[1].sub(lambda m: f"{m.group(1)}[redacted]", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
