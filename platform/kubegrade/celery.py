"""The Celery application: configuration comes from Django settings (CELERY_* names).

Workers log through Django's LOGGING (one handler, secrets redacted) instead of Celery's
own logging setup, which would print every line twice.
"""

import os

from celery import Celery
from celery.signals import setup_logging, worker_process_init

import kubegrade.request_id  # noqa: F401  (connects the signals that carry the request id into tasks)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")

app = Celery("kubegrade")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["kubegrade.grading", "kubegrade.lti"])  # lti: passback and roster sync


@setup_logging.connect
def _log_through_django_settings(**kwargs) -> None:
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@worker_process_init.connect
def _cap_the_pool_process_memory(**kwargs) -> None:
    """Nothing a student hands in may take a worker down: see scoring.budget.cap_address_space."""
    from django.conf import settings

    from kubegrade.grading.engine import cap_grading_process_memory

    cap_grading_process_memory(settings.KUBEGRADE_GRADING_ADDRESS_SPACE_MB)


@worker_process_init.connect
def _load_the_bank_before_the_first_task(**kwargs) -> None:
    """Each pool process parses the bank once at start, not during a student's first grade."""
    import logging

    from kubegrade.courses.bank import bank_load_all

    try:
        _, errors = bank_load_all()
    except Exception:
        logging.getLogger(__name__).exception("preloading the assignment bank failed; it loads on first use")
        return
    for error in errors:
        logging.getLogger(__name__).warning("assignment spec not loaded: %s", error)
