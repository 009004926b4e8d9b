"""Log filter for `django.request`: a 4xx is one line, not a traceback.

Django logs a 403 or 404 raised as an exception with its traceback (`exc_info`); for a
client's mistake that is noise that buries real failures. 5xx keep theirs.
"""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
