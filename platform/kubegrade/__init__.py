"""KubeGrade platform: Django project with courses, submissions, grading, gradebook and API.

The Celery app is imported here so `@shared_task` binds to it in every process.
"""

from kubegrade.celery import app as celery_app

__all__ = ["celery_app"]
