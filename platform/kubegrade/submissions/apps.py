from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "kubegrade.submissions"
    label = "submissions"
