"""A Celery app module for the killed-worker test: the real app and the real engine,
with a pause before grading (KG_TEST_GRADE_DELAY seconds) so the test can kill the
worker while a grade is in progress. Test-only; nothing in kubegrade/ knows of it."""

import os
import time

import django

from kubegrade.celery import app  # noqa: F401  (celery -A finds the app here)

django.setup()
from kubegrade.grading import services  # noqa: E402  (models need the app registry)

_real_engine_run = services.engine_run


def _engine_run_after_a_pause(**kwargs):
    time.sleep(float(os.environ.get("KG_TEST_GRADE_DELAY", "0")))
    return _real_engine_run(**kwargs)


services.engine_run = _engine_run_after_a_pause
