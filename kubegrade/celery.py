"""The Celery application: configuration comes from Django settings (CELERY_* names).

Workers log through Django's LOGGING (one handler, secrets redacted) instead of Celery's
own logging setup, which would print every line twice.
"""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kubegrade.settings")

app = Celery("kubegrade")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["kubegrade.grading"])


@setup_logging.connect
def _log_through_django_settings(**kwargs) -> None:
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
